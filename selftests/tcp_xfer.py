# SPDX-License-Identifier: GPL-2.0
"""A TCP transfer that ends only when the receiver has every byte.

iperf3 -n ends its test once the sender has written the bytes; whatever is
still in flight then is cut off, so the number of segments that cross
varies from run to run. Here the receiver reads to the end of the stream
and answers with the count it got, and the sender waits for that answer.

  tcp_xfer.py serve PORT           receive one IPv4 connection, report its bytes
  tcp_xfer.py send ADDR PORT BYTES send BYTES, exit 0 when all arrived
"""
import socket
import sys

TIMEOUT = 60


def serve(port):
    with socket.create_server(("0.0.0.0", port)) as lsn:
        lsn.settimeout(TIMEOUT)
        conn, _ = lsn.accept()
        with conn:
            conn.settimeout(TIMEOUT)
            got = 0
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                got += len(chunk)
            conn.sendall(b"%d\n" % got)
    print("received %d bytes" % got)


def send(addr, port, nbytes):
    with socket.create_connection((addr, port), timeout=TIMEOUT) as conn:
        block = bytes(65536)
        left = nbytes
        while left:
            n = min(left, len(block))
            conn.sendall(block[:n])
            left -= n
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while True:
            chunk = conn.recv(64)
            if not chunk:
                break
            answer += chunk
    got = int(answer or b"-1")
    print("sent %d bytes, the receiver got %d" % (nbytes, got))
    return 0 if got == nbytes else 1


def main(argv):
    if len(argv) == 3 and argv[1] == "serve":
        serve(int(argv[2]))
        return 0
    if len(argv) == 5 and argv[1] == "send":
        return send(argv[2], int(argv[3]), int(argv[4]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
