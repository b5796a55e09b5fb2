#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile frames for the selftests: mutations of a valid frame of one
encapsulation (scapy's fuzz(), then random byte changes of those) and
targeted corruptions (lengths, truncation, runts, label stacks, NSH
fields, SRH fields, VLAN tags, multicast/broadcast/other-host MACs),
sent on an interface through a raw packet socket.

usage: flood.py {mpls|nsh|srv6} IFACE DSTMAC COUNT SEED [SID SRC]

Prints "sent N" with the number of frames the socket took. The same SEED
gives the same frames, so a failure can be replayed.
"""
import logging
import random
import socket
import struct
import sys

# frames are built, not routed: no "No route found" for every IP() built
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.all import Dot1Q, Ether, IP, IPv6, Raw, UDP, fuzz  # noqa: E402
from scapy.contrib.mpls import MPLS  # noqa: E402
from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting  # noqa: E402

OTHER_MACS = ["ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "33:33:00:00:00:01",
              "02:00:00:00:00:99"]


def inner():
    return IP(src="10.0.1.1", dst="10.0.2.1") / UDP(sport=4000, dport=4009) / \
        Raw(b"hostile-frame")


def truncations(frame, rnd):
    """The frame cut at random lengths, and runts of the bare header."""
    b = bytes(frame)
    cuts = sorted(set(rnd.randrange(0, len(b)) for _ in range(40)))
    return [b[:n] for n in cuts] + [b[:14 + n] for n in range(0, 8)]


def mpls_frames(dst, rnd, n_fuzz):
    base = Ether(dst=dst) / MPLS(label=100, s=0, ttl=64) / \
        MPLS(label=201, s=1, ttl=64) / inner()
    out = [bytes(base)]
    for _ in range(n_fuzz):
        f = Ether(dst=dst) / fuzz(MPLS(label=100) / MPLS() / IP(dst="10.0.2.1") /
                                  UDP()) / Raw(b"x" * rnd.randrange(0, 64))
        out.append(bytes(f))
    out += truncations(base, rnd)
    # stacks without a bottom, deeper than any depth, of every length
    for depth in range(1, 21):
        stack = b"".join(struct.pack("!I", (100 if i == 0 else 300 + i) << 12 | 64)
                         for i in range(depth))
        out.append(bytes(Ether(dst=dst, type=0x8847)) + stack)
        out.append(bytes(Ether(dst=dst, type=0x8847)) + stack[:-4] +
                   struct.pack("!I", 399 << 12 | 1 << 8 | 64) + bytes(inner()))
    # a payload that is not IP, and IPv4 headers that lie
    for _ in range(20):
        out.append(bytes(Ether(dst=dst) / MPLS(label=100, s=1) /
                         Raw(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 80))))))
    for ihl in (0, 1, 4, 15):
        out.append(bytes(Ether(dst=dst) / MPLS(label=100, s=1) / IP(ihl=ihl, dst="10.0.2.1") /
                         UDP()))
    for tl in (0, 19, 21, 65535):
        out.append(bytes(Ether(dst=dst) / MPLS(label=100, s=1) / IP(len=tl, dst="10.0.2.1") /
                         UDP()))
    out.append(bytes(Ether(dst=dst) / MPLS(label=100, s=1) / IPv6(dst="fd00::1"))[:40])
    # VLAN tags (no such VLAN here) and addresses of other hosts
    for vid in (0, 7, 4095):
        out.append(bytes(Ether(dst=dst) / Dot1Q(vlan=vid) / MPLS(label=100, s=1) / inner()))
    for mac in OTHER_MACS:
        out.append(bytes(Ether(dst=mac) / MPLS(label=100, s=1) / inner()))
    return out


def nsh_header(rnd, valid):
    """An NSH: valid (SPI 100 SI 255, MD2) or with random fields."""
    if valid:
        ver, o, ttl, md, np, spi, si = 0, 0, 63, 2, 1, 100, 255
        ctx = struct.pack("!HBB", 0x0100, 1, 4) + b"\xc0\xff\xee\x00"
        length = (8 + len(ctx)) // 4
    else:
        ver = rnd.choice([0, 0, 0, 1, 2, 3])
        o = rnd.randrange(4)
        ttl = rnd.choice([0, 1, 2, 63, rnd.randrange(64)])
        md = rnd.choice([1, 2, 2, 0, 15, rnd.randrange(16)])
        np = rnd.choice([1, 2, 3, 0, 4, rnd.randrange(256)])
        # only (100, 255) and paths without an entry: see nsh.sh's t_flood
        spi, si = (100, 255) if rnd.random() < 0.5 else (rnd.randrange(1000, 1 << 24),
                                                         rnd.randrange(256))
        ctx = bytes(rnd.randrange(256) for _ in range(4 * rnd.randrange(0, 20)))
        length = rnd.choice([(8 + len(ctx)) // 4, rnd.randrange(64)])
    hdr = struct.pack("!BBBB", ver << 6 | o << 4 | ttl >> 2,
                      (ttl & 3) << 6 | (length & 0x3f), md, np)
    return hdr + struct.pack("!I", spi << 8 | si) + ctx


def nsh_frames(dst, rnd, n_fuzz):
    eth = bytes(Ether(dst=dst, type=0x894F))
    base = eth + nsh_header(rnd, True) + bytes(inner())
    out = [base]
    for _ in range(n_fuzz):
        payload = bytes(fuzz(IP(dst="10.0.3.1") / UDP())) if rnd.random() < 0.7 else \
            bytes(Ether(dst="02:00:00:00:00:02") / inner())
        out.append(eth + nsh_header(rnd, False) + payload)
    out += truncations(Raw(base), rnd)
    for mac in OTHER_MACS:
        out.append(bytes(Ether(dst=mac, type=0x894F)) + nsh_header(rnd, True) + bytes(inner()))
    for vid in (0, 7):
        out.append(bytes(Ether(dst=dst) / Dot1Q(vlan=vid, type=0x894F)) +
                   nsh_header(rnd, True) + bytes(inner()))
    return out


def srv6_frames(dst, rnd, n_fuzz, sid, src):
    def outer(srh, payload):
        return bytes(Ether(dst=dst) / IPv6(src=src, dst=sid) / srh / payload)

    segs = ["fc00:2::1", sid]
    base = outer(IPv6ExtHdrSegmentRouting(addresses=segs, segleft=1, nh=4), inner())
    out = [base]
    for _ in range(n_fuzz):
        srh = fuzz(IPv6ExtHdrSegmentRouting(addresses=segs[:rnd.randrange(1, 3)]))
        out.append(outer(srh, inner() if rnd.random() < 0.7 else
                         Raw(bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 60))))))
    # SL 0 and past the last entry, lengths that are not whole segments
    for sl in (0, 2, 255):
        out.append(outer(IPv6ExtHdrSegmentRouting(addresses=segs, segleft=sl, nh=4), inner()))
    for hlen in (0, 1, 3, 5, 200):
        out.append(outer(IPv6ExtHdrSegmentRouting(addresses=segs, segleft=1, nh=4, len=hlen),
                         inner()))
    out += truncations(Raw(base), rnd)
    for mac in OTHER_MACS:
        out.append(bytes(Ether(dst=mac)) + base[14:])
    return out


def mutate(frame, rnd, keep):
    """A copy with a few bytes past the Ethernet header changed, none of
    those in the range @keep (start, end)."""
    b = bytearray(frame)
    if len(b) <= 14:
        return bytes(b)
    for _ in range(rnd.randrange(1, 4)):
        i = rnd.randrange(14, len(b))
        if not keep[0] <= i < keep[1]:
            b[i] = rnd.randrange(256)
    return bytes(b)


def main():
    mode, ifc, dst, count, seed = sys.argv[1:6]
    count, rnd = int(count), random.Random(int(seed))
    random.seed(int(seed))      # scapy's fuzz() draws from the module's generator
    # scapy builds a fuzzed frame in milliseconds (tens under TCG): a
    # thousand of them, and the rest by cheap byte mutations of all frames
    n_fuzz = min(count, 1000)
    keep = (0, 0)
    if mode == "mpls":
        frames = mpls_frames(dst, rnd, n_fuzz)
    elif mode == "nsh":
        frames = nsh_frames(dst, rnd, n_fuzz)
        # the service path (bytes 4-7 of the NSH, 4 bytes later behind a
        # VLAN tag) stays as built: a mutation could otherwise make
        # (100, 254) or (100, 253), paths of hb's proxies' output, which
        # nsh.sh's accounting keeps apart from what arrives
        keep = (14 + 4, 18 + 8)
    else:
        frames = srv6_frames(dst, rnd, n_fuzz, sys.argv[6], sys.argv[7])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifc, 0))
    sent = 0
    # every distinct frame once, then byte mutations of them up to COUNT
    for i in range(count):
        f = frames[i] if i < len(frames) else mutate(rnd.choice(frames), rnd, keep)
        if len(f) < 14:
            f = f + bytes(14 - len(f))
        try:
            s.send(f)
            sent += 1
        except OSError:
            pass
    print("sent", sent)


if __name__ == "__main__":
    main()
