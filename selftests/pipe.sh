#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# End.VNF (SRv6Pipes): TCP steered by an SRH to the proxy host's SID lands
# on a transparent (TPROXY) listener there, and the module's flow record
# tells the listener what the SYN carried.
#
#   cli fc00:1::1 c0 --- p0 [pxy: SID fc00:5::/80 End.VNF dev nfv0] p1 --- s0 srv fc00:3::1
#
# The client's socket carries an SRH (IPV6_RTHDR: Segment List = server,
# SID; SL 1; a return-path TLV), as SRv6Pipes' clients do. On the proxy
# host, nftables' tproxy and the policy routing of SRv6Pipes Fig. 4 take
# what arrives on nfv0 to a local listener; the server has no listener at
# all, so a connection that reached it would be refused.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SID=fc00:5::7:0:2a	# locator fc00:5::/80, function 7, parameters 42
sfp() { "$SFCPROXY" -n pxy "$@"; }
sidstat() { sfp -s -j sid show | jq -r ".[] | select(.sid == \"$1\") | .$2"; }
nflows() { sfp -j pipe flows | jq length; }

topology() {
	modprobe seg6_iptunnel 2>/dev/null || true
	for n in cli pxy srv; do new_netns $n; done
	ip link add c0 netns cli type veth peer name p0 netns pxy
	ip link add s0 netns srv type veth peer name p1 netns pxy
	ip -n cli addr add fc00:1::1/64 dev c0 nodad
	ip -n pxy addr add fc00:1::2/64 dev p0 nodad
	ip -n pxy addr add fc00:3::2/64 dev p1 nodad
	ip -n srv addr add fc00:3::1/64 dev s0 nodad
	ip -n cli link set c0 up
	ip -n srv link set s0 up
	ip -n pxy link set p0 up
	ip -n pxy link set p1 up
	ip -n cli -6 route add fc00::/16 via fc00:1::2
	ip -n srv -6 route add fc00::/16 via fc00:3::2
	ip netns exec pxy sysctl -qw net.ipv6.conf.all.forwarding=1
	# the server takes what End leaves it: SL 0, its own address
	ip netns exec srv sysctl -qw net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.s0.seg6_enabled=1

	# SRv6Pipes Fig. 4, with nftables: nfv0 receives what End.VNF hands
	# over, SRH processing is enabled there (SL is 0 by then), tproxy
	# marks it for the local table and picks the listener's socket
	ip -n pxy link add nfv0 type dummy
	ip -n pxy link set nfv0 up
	ip netns exec pxy sysctl -qw net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.nfv0.seg6_enabled=1
	ip -n pxy -6 rule add fwmark 1 lookup 100
	ip -n pxy -6 route add local ::/0 dev lo table 100
	ip netns exec pxy nft -f - <<'NFT'
table ip6 pipe {
	chain pre {
		type filter hook prerouting priority mangle;
		iifname "nfv0" meta l4proto tcp tproxy to :5000 meta mark set 1 accept
	}
}
NFT
	sfp sid add fc00:5::/80 behavior End.VNF dev nfv0
}

# The proxy: a transparent listener that answers with the address the
# client asked for, after looking up the flow record by its 4-tuple.
listener_start() {
	lsn_out=$(mktemp)
	ip netns exec pxy timeout 60 $PY - "$SFCPROXY" "$1" >"$lsn_out" 2>&1 <<'PYEOF' &
import json, socket, subprocess, sys
tool, conns = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, 75, 1)        # IPV6_TRANSPARENT
s.bind(("::", 5000))
s.listen(8)
print("listening", flush=True)
for _ in range(conns):
    c, peer = s.accept()
    local = c.getsockname()
    data = c.recv(100)
    rec = subprocess.run([tool, "-j", "pipe", "flows", "client", peer[0], "sport", str(peer[1]),
                          "server", local[0], "dport", str(local[1])],
                         capture_output=True, text=True)
    f = json.loads(rec.stdout)[0] if rec.returncode == 0 else {}
    print("accepted", peer[0], peer[1], local[0], local[1], data.decode(),
          "function", f.get("function"), "args", f.get("args"), flush=True)
    c.sendall(b"proxied %s %d" % (local[0].encode(), local[1]))
    c.close()
PYEOF
	lsn_pid=$!
	for _ in $(seq 50); do
		grep -q listening "$lsn_out" && return 0
		sleep 0.1
	done
	return 1
}

listener_wait() { wait "$lsn_pid"; cat "$lsn_out"; }

# connect SPORT: the client, with an SRH through the SID and a return-path
# TLV (type 124: fc00:5::9:0:1 then the client), says hello
connect() {
	ip netns exec cli timeout 20 $PY - "$SID" "$1" <<'PYEOF'
import socket, sys
from srh import srh, addr
sid, sport = sys.argv[1], int(sys.argv[2])
ret = addr("fc00:1::1") + addr("fc00:5::9:0:1")    # SRH order: last visited first
tlv = bytes([124, len(ret)]) + ret + bytes([4, 4, 0, 0, 0, 0])   # + PadN to 8 bytes
# Segment List[0] is filled in with the server; the stack sets next header
hdr = srh(["::", sid], 1, nexthdr=0, tlvs=tlv)
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.IPPROTO_IPV6, 57, hdr)         # IPV6_RTHDR
s.bind(("fc00:1::1", sport))
s.settimeout(10)
s.connect(("fc00:3::1", 8080))
s.sendall(b"hello")
print(s.recv(100).decode())
s.close()
PYEOF
}

t_tcp_lands_on_listener() {
	local reply mon mon_pid umon umon_pid
	mon=$(mktemp)
	umon=$(mktemp)
	"$SFCPROXY" -n pxy -j monitor >"$mon" &
	mon_pid=$!
	# flow events carry clients' paths: not for an unprivileged listener
	ip netns exec pxy setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SFCPROXY" -j monitor >"$umon" 2>"$umon.err" &
	umon_pid=$!
	listener_start 1
	reply=$(connect 40001)
	listener_wait
	echo "$reply"
	[ "$reply" = "proxied fc00:3::1 8080" ]
	# the listener found its flow record by the 4-tuple accept() gave it
	grep -q "^accepted fc00:1::1 40001 fc00:3::1 8080 hello function 7 args 42$" "$lsn_out"
	for _ in $(seq 20); do
		grep -q '"event":"flow"' "$mon" && break
		sleep 0.1
	done
	kill -INT "$mon_pid" "$umon_pid"
	wait "$mon_pid"
	wait "$umon_pid"
	cat "$mon" "$umon" "$umon.err"
	grep -q "need CAP_NET_ADMIN" "$umon.err"
	fails grep -q flow "$umon"
	[ "$(jq -r 'select(.event == "flow") | "\(.client) \(.sport) \(.server) \(.dport) \(.function) \(.args)"' "$mon")" = \
		"fc00:1::1 40001 fc00:3::1 8080 7 42" ]
	[ "$(sidstat fc00:5::/80 flows)" -eq 1 ]
}

# pipe flows shows the SYN's SRH as it arrived, the SID's bits and the
# return path
t_flow_record() {
	local out
	out=$(sfp -j pipe flows)
	echo "$out"
	sfp pipe flows
	[ "$(jq length <<<"$out")" -eq 1 ]
	[ "$(jq -r '.[0] | "\(.client) \(.sport) \(.server) \(.dport) \(.sid) \(.sid_prefix_len) \(.function) \(.args) \(.dev)"' <<<"$out")" = \
		"fc00:1::1 40001 fc00:3::1 8080 $SID 80 7 42 nfv0" ]
	[ "$(jq -r '.[0].srh | "\(.segments_left) \(.last_entry) \(.segments | join(","))"' <<<"$out")" = \
		"1 1 fc00:3::1,$SID" ]
	[ "$(jq -r '.[0].retpath | join(",")' <<<"$out")" = "fc00:1::1,fc00:5::9:0:1" ]
	[ "$(jq -r '.[0].packets' <<<"$out")" -ge 3 ]
	# the lookup by 4-tuple, and a miss
	sfp pipe flows client fc00:1::1 sport 40001 server fc00:3::1 dport 8080 | grep -q "function 7"
	expect_fail "flow" sfp pipe flows client fc00:1::1 sport 40002 server fc00:3::1 dport 8080
}

# non-TCP to the same SID gets End: on to the server, SL 0 and DA = server
t_non_tcp_goes_on() {
	local cap out before
	before=$(sidstat fc00:5::/80 packets)
	ip -n cli -6 route add fc00:3::1/128 encap seg6 mode inline segs "$SID" dev c0
	cap=$(mktemp -d)/s0.pcap
	tcpdump_start srv "$cap" -i s0 -Q in -s 256 ip6
	ip netns exec cli ping -6 -c 3 -i 0.2 -W 2 fc00:3::1 >/dev/null
	sleep 0.5
	kill "$cap_pid"
	wait "$cap_pid" 2>/dev/null || true
	ip -n cli -6 route del fc00:3::1/128
	out=$(tshark -r "$cap" -Y "icmpv6.type == 128" -T fields -E separator=, \
		-e ipv6.dst -e ipv6.routing.segleft -e ipv6.routing.srh.addr 2>/dev/null | sort | uniq -c)
	echo "$out"
	grep -q "^ *3 fc00:3::1,0,fc00:3::1,$SID$" <<<"$out"
	[ "$(sidstat fc00:5::/80 packets)" -ge $((before + 3)) ]
	# no flow records for it
	[ "$(nflows)" -eq 1 ]
}

# End.VNF needs an SRH with segments left; anything else is counted
t_malformed() {
	local mac before
	mac=$(ip -n pxy -j link show p0 | jq -r '.[0].address')
	before=$(sidstat fc00:5::/80 errors)
	ip netns exec cli $PY - "$mac" "$SID" <<'PYEOF'
import sys
from scapy.all import Ether, IPv6, TCP, Raw, sendp
from srh import srh
segs = ["fc00:3::1", sys.argv[2]]
tcp = bytes(TCP(sport=41000, dport=8080, flags="S"))
bad = [
    srh(segs, 0, nexthdr=6) + tcp,               # SL 0
    srh(segs, 3, nexthdr=6) + tcp,               # SL beyond the last entry
    srh(segs, 1, nexthdr=6, rtype=3) + tcp,      # not an SRH
    srh(segs, 1, nexthdr=6)[:30],                # truncated
]
pkts = [Ether(dst=sys.argv[1]) / IPv6(src="fc00:1::1", dst=sys.argv[2], nh=43) / Raw(b) for b in bad]
pkts.append(Ether(dst=sys.argv[1]) / IPv6(src="fc00:1::1", dst=sys.argv[2]) / Raw(tcp))  # no SRH
sendp(pkts, iface="c0", verbose=False)
PYEOF
	sleep 0.5
	sfp -s sid show
	[ "$(sidstat fc00:5::/80 errors)" -eq $((before + 5)) ]
	[ "$(nflows)" -eq 1 ]
}

# records go after the SID's flow timeout of quiet, and with their SID
t_ageing() {
	# 3 s: long enough that both records are still there when counted
	# even on a slow, busy VM (with 1 s the first could age out before
	# the second connection was through), short enough to wait for
	sfp sid replace fc00:5::/80 behavior End.VNF dev nfv0 flow-timeout 3000
	# the replaced SID took its records with it
	[ "$(nflows)" -eq 0 ]
	[ "$(sfp -j sid show | jq -r '.[0].flow_timeout')" -eq 3000 ]
	listener_start 2
	connect 40003 >/dev/null
	connect 40004 >/dev/null
	listener_wait >/dev/null
	echo "records after both connections: $(nflows)"
	[ "$(nflows)" -eq 2 ]
	for _ in $(seq 100); do
		[ "$(nflows)" -eq 0 ] && break
		sleep 0.1
	done
	echo "records after waiting up to 10 s: $(nflows)"
	[ "$(nflows)" -eq 0 ]
	sfp sid replace fc00:5::/80 behavior End.VNF dev nfv0
}

# A SYN flood from forged sources holds at most the SID's flow limit of
# records, each only for the half-open life; a flow that completed its
# handshake keeps its record through it, one that comes after gets one,
# and a SYN whose SRH is too big to keep is counted, not recorded
t_syn_flood() {
	local mac n=3000 flows0 full0 unans0 flows_d full_d peak=0 a pkts0
	# a long flow timeout: the established record must outlive the flood
	# however slowly a loaded host sends it, only half-open ones may go
	sfp sid replace fc00:5::/80 behavior End.VNF dev nfv0 flow-limit 200 \
		flow-timeout 600000
	[ "$(sidstat fc00:5::/80 flow_limit)" -eq 200 ]
	listener_start 1
	connect 40006 >/dev/null
	listener_wait >/dev/null
	# the handshake's ACK promoted the SYN's record
	[ "$(sidstat fc00:5::/80 flows_active)" -eq 1 ]
	[ "$(sidstat fc00:5::/80 flows_half_open)" -eq 0 ]
	flows0=$(sidstat fc00:5::/80 flows)
	full0=$(sidstat fc00:5::/80 flows_full)
	unans0=$(sidstat fc00:5::/80 flows_unanswered)
	mac=$(ip -n pxy -j link show p0 | jq -r '.[0].address')
	# every SYN from its own source: each one a new flow.  scapy builds
	# one frame; the rest are that frame with the source and port patched
	# in, sent on a packet socket, so the flood takes well under a second
	# rather than scapy's tens of seconds in the guest
	ip netns exec cli $PY - "$mac" "$SID" "$n" <<'PYEOF' &
import random, socket, struct, sys
from scapy.all import Ether, IPv6, TCP, Raw
from srh import srh
random.seed(7)
mac, sid, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
hdr = srh(["fc00:3::1", sid], 1, nexthdr=6)
frame = bytearray(bytes(Ether(dst=mac) / IPv6(src="fc00:9::1", dst=sid, nh=43) /
                        Raw(hdr + bytes(TCP(sport=1024, dport=8080, flags="S")))))
src_off, tcp_off = 14 + 8, 14 + 40 + len(hdr)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("c0", 0))
for i in range(n):
    frame[src_off + 12:src_off + 16] = struct.pack("!I", i + 1)
    struct.pack_into("!HHI", frame, tcp_off, random.randint(1024, 65535), 8080,
                     random.getrandbits(32))
    s.send(frame)
PYEOF
	local flood_pid=$!
	while kill -0 "$flood_pid" 2>/dev/null; do
		a=$(sidstat fc00:5::/80 flows_active)
		[ "$a" -gt "$peak" ] && peak=$a
		sleep 0.2
	done
	wait "$flood_pid"
	sleep 0.3
	a=$(sidstat fc00:5::/80 flows_active)
	[ "$a" -gt "$peak" ] && peak=$a
	sfp -s sid show fc00:5::/80
	flows_d=$(( $(sidstat fc00:5::/80 flows) - flows0 ))
	full_d=$(( $(sidstat fc00:5::/80 flows_full) - full0 ))
	echo "SYNs $n: recorded $flows_d, refused $full_d, most records at once $peak"
	# every SYN either got a record or was counted as refused
	[ $((flows_d + full_d)) -eq "$n" ]
	[ "$full_d" -gt 0 ]
	[ "$peak" -le 200 ]
	[ "$(sidstat fc00:5::/80 flows_active)" -le 200 ]
	# the established flow's record was not evicted
	sfp pipe flows client fc00:1::1 sport 40006 server fc00:3::1 dport 8080 >/dev/null
	# the forged flows' records go in the half-open life (3 s), unanswered
	for _ in $(seq 100); do
		[ "$(sidstat fc00:5::/80 flows_half_open)" -eq 0 ] && break
		sleep 0.1
	done
	sfp -s sid show fc00:5::/80
	[ "$(sidstat fc00:5::/80 flows_half_open)" -eq 0 ]
	[ "$(sidstat fc00:5::/80 flows_active)" -eq 1 ]
	[ "$(nflows)" -eq 1 ]
	[ $(( $(sidstat fc00:5::/80 flows_unanswered) - unans0 )) -eq "$flows_d" ]
	# a real flow after the flood is recorded
	listener_start 1
	connect 40007 >/dev/null
	listener_wait >/dev/null
	grep -q "^accepted fc00:1::1 40007 fc00:3::1 8080 hello function 7 args 42$" "$lsn_out"
	[ "$(sidstat fc00:5::/80 flows_active)" -eq 2 ]
	# a SYN with 40 segments (648 bytes of SRH) goes on unrecorded, counted
	pkts0=$(sidstat fc00:5::/80 packets)
	ip netns exec cli $PY - "$mac" "$SID" <<'PYEOF'
import sys
from scapy.all import Ether, IPv6, TCP, Raw, sendp
from srh import srh
mac, sid = sys.argv[1], sys.argv[2]
hdr = srh(["fc00:3::1"] * 39 + [sid], 39, nexthdr=6)
sendp(Ether(dst=mac) / IPv6(src="fc00:1::1", dst=sid, nh=43) /
      Raw(hdr + bytes(TCP(sport=40008, dport=8080, flags="S"))), iface="c0", verbose=False)
PYEOF
	sleep 0.3
	[ "$(sidstat fc00:5::/80 flows_too_big)" -eq 1 ]
	[ "$(sidstat fc00:5::/80 packets)" -eq $((pkts0 + 1)) ]
	[ "$(sidstat fc00:5::/80 flows_active)" -eq 2 ]
	sfp sid replace fc00:5::/80 behavior End.VNF dev nfv0
	[ "$(nflows)" -eq 0 ]
}

# configuration errors name what is wrong; the device and the SID go
# together
t_config() {
	expect_fail "End.VNF" sfp sid add fc00:6::/64 behavior End.VNF dev nfv0
	expect_fail "tcp" sfp sid add fc00:6::1 behavior End.VNF dev nfv0 proto udp
	expect_fail "retpath-tlv" sfp sid add fc00:6::1 behavior End.VNF dev nfv0 retpath-tlv 4
	expect_fail "flow-timeout" sfp sid add fc00:6::1 behavior End.VNF dev nfv0 flow-timeout 10
	expect_fail "flow-limit" sfp sid add fc00:6::1 behavior End.VNF dev nfv0 flow-limit 0
	expect_fail "flow-limit" sfp sid add fc00:6::1 behavior End.VNF dev nfv0 flow-limit 65537
	sfp sid add fc00:6::1 behavior End.VNF dev nfv0 retpath-tlv 6
	[ "$(sfp -j sid show fc00:6::1 | jq -r '.[0].retpath_tlv')" -eq 6 ]
	ip -n pxy link add nfv1 type dummy
	sfp sid add fc00:6::2 behavior End.VNF dev nfv1
	ip -n pxy link del nfv1
	[ "$(sfp -j sid show | jq length)" -eq 2 ]
	sfp sid del fc00:6::1
	# reading the records needs CAP_NET_ADMIN, as the cache does
	expect_fail "Operation not permitted" ip netns exec pxy setpriv --reuid=65534 \
		--regid=65534 --clear-groups --inh-caps=-all "$SFCPROXY" pipe flows
}

t_teardown() {
	listener_start 1
	connect 40005 >/dev/null
	listener_wait >/dev/null
	[ "$(nflows)" -eq 1 ]
	# a namespace and the module go with records in them
	new_netns pxz
	ip -n pxz link add nfv0 type dummy
	"$SFCPROXY" -n pxz sid add fc00:5::/80 behavior End.VNF dev nfv0
	ip netns del pxz
	sleep 0.3
	rmmod_settled
	insmod "$KMOD"
}

load_module
topology
tap_plan
run_test "End.VNF: TCP lands on the TPROXY listener, which finds its flow record; monitor sees it" t_tcp_lands_on_listener
run_test "pipe flows: SRH, function and parameter bits, return path, lookup by 4-tuple" t_flow_record
run_test "End.VNF: non-TCP continues along its segment list" t_non_tcp_goes_on
run_test "End.VNF: SL 0, bad SRH, no SRH counted and dropped" t_malformed
run_test "flow records age out and go with their SID" t_ageing
run_test "End.VNF SYN flood: records capped per SID, half-open ones go unanswered, established kept, big SRH counted" t_syn_flood
run_test "End.VNF configuration errors; SID goes with its device; records admin-only" t_config
run_test "netns deletion and rmmod with flow records" t_teardown
run_test "module left loadable" load_module
done_testing
