#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# SRv6 SR proxies (End.AD, End.AS, End.AM) with Linux's own seg6 as peers:
#
#   snd 10.0.1.1 fc00:1::1 s0 --- sv [vnf: sfpad, sfpas, sfpam] vr --- r0 rcv 10.0.2.1 fc00:2::1
#
# The sender encapsulates with `encap seg6 mode encap segs SID,fc00:e::N`,
# the VNF host's SID table hands the packet to a proxy device whose
# function is the host's forwarding (policy routing back into the proxy),
# and the receiver's seg6local End.DX4/End.DT6 decapsulates: it accepts only
# SL 0 with the final segment as destination, so anything the proxy got
# wrong does not arrive. tshark decodes what the receiver gets.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
sfp() { "$SFCPROXY" -n vnf "$@"; }
counter() { sfp -j stats show dev "$1" | jq -r ".[0].$2"; }
sidstat() { sfp -s -j sid show | jq -r ".[] | select(.sid == \"$1\") | .$2"; }

proxy() {
	sfp dev add "$1" link sv encap srv6 ${3:-}
	ip -n vnf link set "$1" up
	steer_back vnf "$1" "$2"
}

# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

topology() {
	modprobe seg6_iptunnel 2>/dev/null || true
	# the outer header needs room on the links
	topo_line --ipv6 --mtu 1700
	ip -n rcv addr add fd00:2::1/64 dev r0 nodad
	ip netns exec vnf sysctl -qw net.ipv4.conf.default.send_redirects=0
	ip netns exec rcv sysctl -qw net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.r0.seg6_enabled=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.r0.rp_filter=0
	ip -n snd -6 route add fc00::/16 via fc00:1::2
	ip -n snd -6 route add fd00:2::/64 encap seg6 mode encap segs fc00:ad::1,fc00:e::6 dev s0
	ip -n vnf -6 route add fc00:e::/64 via fc00:2::1
	ip -n rcv -6 route add fd00:1::/64 via fc00:2::2
	ip -n rcv -6 route add fc00:e::4/128 encap seg6local action End.DX4 nh4 10.0.2.1 dev r0
	ip -n rcv -6 route add fc00:e::6/128 encap seg6local action End.DT6 table 254 dev r0
	proxy sfpad 100
	proxy sfpas 101
	proxy sfpam 102
	sfp sid add fc00:ad::1 behavior End.AD dev sfpad
	sfp sid add fc00:a5::/64 behavior End.AS dev sfpas src fc00:1::2 segs fc00:e::4
	sfp sid add fc00:a3::1 behavior End.AM dev sfpam
}

via() { ip -n snd route replace 10.0.2.0/24 encap seg6 mode encap segs "$1" dev s0; }

capture_start() {
	cap=$(mktemp -d)/r0.pcap
	tcpdump_start rcv "$cap" -i r0 -Q in -s 512 ip6
}

capture_stop() { sleep 0.5; kill "$cap_pid"; wait "$cap_pid" 2>/dev/null || true; }

t_end_ad_ipv4() {
	local out
	via fc00:ad::1,fc00:e::4
	sfp stats reset dev sfpad
	capture_start
	ip netns exec snd ping -c 5 -i 0.2 -W 2 10.0.2.1 >/dev/null
	capture_stop
	[ "$(counter sfpad tx_success)" -eq 5 ]
	[ "$(counter sfpad rx_success)" -eq 5 ]
	[ "$(counter sfpad tx_not_cached)" -eq 0 ]
	# what the receiver got: SL 0, DA the final segment, SRH as sent
	out=$(tshark -r "$cap" -Y "icmp.type == 8" -T fields -E separator=, \
		-e ipv6.dst -e ipv6.routing.segleft -e ipv6.routing.srh.last_entry \
		-e ipv6.routing.srh.addr -e ipv6.hlim -e ip.dst 2>/dev/null | sort | uniq -c)
	echo "$out"
	[ "$(awk '{print $1}' <<<"$out")" -eq 5 ]
	grep -q " fc00:e::4,0,1,fc00:e::4,fc00:ad::1,63,10.0.2.1$" <<<"$out"
	[ "$(sidstat fc00:ad::1/128 packets)" -ge 5 ]
}

# IPv6 in IPv6, checked packet by packet where the receiver gets it
t_end_ad_ipv6_inner() {
	local out
	sfp stats reset dev sfpad
	capture_start
	ip netns exec snd ping -6 -c 3 -i 0.2 -W 1 fd00:2::1 >/dev/null || true
	capture_stop
	[ "$(counter sfpad tx_success)" -eq 3 ]
	out=$(tshark -r "$cap" -Y "icmpv6.type == 128" -T fields -E separator=, \
		-e ipv6.dst -e ipv6.routing.segleft -e ipv6.routing.nxt \
		-e ipv6.routing.srh.addr -e icmpv6.checksum.status 2>/dev/null | sort | uniq -c)
	echo "$out"
	[ "$(awk '{print $1}' <<<"$out")" -eq 3 ]
	# outer DA the final segment, SL 0, SRH intact; the inner
	# destination and a good ICMPv6 checksum
	grep -q " fc00:e::6,fd00:2::1,0,41,fc00:e::6,fc00:ad::1,1$" <<<"$out"
}

t_end_ad_tcp() {
	sfp stats reset dev sfpad
	via fc00:ad::1,fc00:e::4
	tcp_transfer rcv snd 10.0.2.1 5601 300000
	sfp -s dev show sfpad
	[ "$(counter sfpad tx_not_cached)" -eq 0 ]
	[ "$(counter sfpad tx_success)" -eq "$(counter sfpad rx_success)" ]
	# a complete transfer of 300,000 bytes: at least 192 segments of at
	# most 1,568 bytes (links of MTU 1700 less the outer IPv6 header and
	# an SRH of two segments; 198 in a run with every segment full)
	[ "$(counter sfpad tx_success)" -gt 180 ]
}

# scapy: one flow, a different SRH TLV value on every packet; each comes
# back with its own
t_per_packet_tlvs() {
	local mac
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	capture_start
	ip netns exec snd $PY - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IPv6, IP, UDP, Raw, sendp
from srh import srh
pkts = []
for i in range(10):
    tlv = bytes([0x81, 6]) + b"tlv%03d" % i            # an experimental TLV, 8 bytes
    hdr = srh(["fc00:e::4", "fc00:ad::1"], 1, tlvs=tlv)
    inner = IP(src="10.0.1.1", dst="10.0.2.1") / UDP(sport=7000, dport=7001) / Raw(b"pkt%03d" % i)
    pkts.append(Ether(dst=sys.argv[1]) / IPv6(src="fc00:1::1", dst="fc00:ad::1", nh=43) /
                Raw(hdr + bytes(inner)))
sendp(pkts, iface="s0", verbose=False)
PYEOF
	capture_stop
	$PY - "$cap" <<'PYEOF'
import sys
from scapy.all import rdpcap, IPv6
seen = 0
for p in rdpcap(sys.argv[1]):
    raw = bytes(p[IPv6])
    srh = raw[40:40 + (raw[41] + 1) * 8]
    body = raw[40 + len(srh):]
    if b"pkt" not in body:
        continue
    i = body[body.index(b"pkt") + 3:][:3]
    assert srh[3] == 0, "SL not 0"
    assert srh[-8:] == bytes([0x81, 6]) + b"tlv" + i, (srh[-8:], i)
    seen += 1
assert seen == 10, seen
PYEOF
}

# next header 143: the inner Ethernet header waits in the cache with the
# outer header, the function sees IP
t_end_ad_ethernet_payload() {
	local mac out
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	sfp stats reset dev sfpad
	capture_start
	ip netns exec snd $PY - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IPv6, IP, UDP, Raw, sendp
from srh import srh
hdr = srh(["fc00:e::4", "fc00:ad::1"], 1, nexthdr=143)
inner = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / \
        IP(src="10.0.1.1", dst="10.0.2.1") / UDP(sport=7100, dport=7101) / Raw(b"eth")
sendp([Ether(dst=sys.argv[1]) / IPv6(src="fc00:1::1", dst="fc00:ad::1", nh=43) /
       Raw(hdr + bytes(inner)) for _ in range(2)], iface="s0", verbose=False)
PYEOF
	capture_stop
	out=$(tshark -r "$cap" -Y "udp.dstport == 7101" -T fields -E separator=";" \
		-e ipv6.routing.nxt -e ipv6.routing.segleft -e ipv6.dst -e eth.src 2>/dev/null)
	echo "$out"
	[ "$(grep -c '^143;0;fc00:e::4;.*02:00:00:00:00:01' <<<"$out")" -eq 2 ]
	[ "$(counter sfpad tx_success)" -eq 2 ]
}

t_end_ad_id_mode_nat() {
	ip netns exec vnf nft -f - <<'NFT'
table ip sfpnat {
	chain post { type nat hook postrouting priority srcnat; oifname "sfpad" snat to 10.0.2.2; }
}
NFT
	sfp dev set sfpad key id
	sfp stats reset dev sfpad
	via fc00:ad::1,fc00:e::4
	ip netns exec snd ping -c 5 -i 0.2 -W 2 10.0.2.1 >/dev/null
	[ "$(counter sfpad tx_not_cached)" -eq 0 ]
	[ "$(counter sfpad tx_success)" -eq 5 ]
	ip netns exec vnf nft delete table ip sfpnat
	sfp dev set sfpad key auto
}

t_end_as() {
	sfp stats reset dev sfpas
	# the prefix SID carries an argument in its low bits
	via fc00:a5::77,fc00:e::9
	ip netns exec snd ping -c 3 -i 0.2 -W 2 10.0.2.1 >/dev/null
	[ "$(counter sfpas tx_success)" -eq 3 ]
	[ "$(sidstat fc00:a5::/64 packets)" -ge 3 ]
}

t_end_am() {
	sfp stats reset dev sfpam
	via fc00:a3::1,fc00:e::4
	ip netns exec snd ping -c 3 -i 0.2 -W 2 10.0.2.1 >/dev/null
	[ "$(counter sfpam tx_success)" -eq 3 ]
	[ "$(counter sfpam rx_success)" -eq 3 ]
}

t_malformed_srh() {
	local mac before
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	before=$(sidstat fc00:ad::1/128 errors)
	ip netns exec snd $PY - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IPv6, IP, UDP, Raw, sendp
from srh import srh
inner = bytes(IP(src="10.0.1.1", dst="10.0.2.1") / UDP() / Raw(b"x" * 8))
segs = ["fc00:e::4", "fc00:ad::1"]
bad = [
    srh(segs, 1)[:24],                                        # says 40 bytes, 24 there
    srh(segs, 3) + inner,                                     # SL beyond the last entry
    srh(segs, 1, tlvs=bytes([0x81, 9]) + b"abcdef") + inner,  # TLV overruns
    srh(segs, 1, rtype=3) + inner,                            # routing type 3, not an SRH
    srh(segs, 0) + inner,                                     # SL 0 at an End.AD SID
]
sendp([Ether(dst=sys.argv[1]) / IPv6(src="fc00:1::1", dst="fc00:ad::1", nh=43) / Raw(b)
       for b in bad], iface="s0", verbose=False)
PYEOF
	sleep 0.5
	sfp -s sid show
	[ "$(sidstat fc00:ad::1/128 errors)" -eq $((before + 5)) ]
}

t_sid_table() {
	local out
	out=$(sfp -j sid show)
	echo "$out"
	[ "$(jq length <<<"$out")" -eq 3 ]
	[ "$(jq -r '.[] | select(.sid == "fc00:a5::/64") | .segs[0]' <<<"$out")" = fc00:e::4 ]
	expect_fail "exists" sfp sid add fc00:ad::1 behavior End.AD dev sfpad
	expect_fail "another SID" sfp sid add fc00:ad::2 behavior End.AD dev sfpad
	sfp dev add sfpx link sv encap srv6
	sfp sid add fc00:ad::2 behavior End.AD dev sfpx
	ip -n vnf link del sfpx
	[ "$(sfp -j sid show | jq length)" -eq 3 ]
	sfp sid add fc00:ad::3 behavior End.AM dev sfpam 2>/dev/null && return 1
	sfp sid del fc00:a3::1
	[ "$(sfp -j sid show | jq length)" -eq 2 ]
	sfp sid add fc00:a3::1 behavior End.AM dev sfpam
}

# End.AM on a packet whose skb carries a CHECKSUM_COMPLETE sum that the
# stack did not compute itself, as a NIC's is: GRO on the VNF host's veth
# validates the outer GRE checksum (CHECKSUM_UNNECESSARY), and the GRE
# decapsulation turns that into a full sum of the inner packet. The
# function (the VNF host's forwarding) runs conntrack, which validates the
# inner UDP checksum against that sum after End.AM rewrote the
# destination: a sum left stale is reported as "hw csum failure" with a
# stack dump.
t_end_am_checksum_complete() {
	local mac before after
	modprobe ip_gre
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	ip -n vnf link add gre1 type gre local 10.0.1.2 remote 10.0.1.1 csum
	ip -n vnf link set gre1 up
	ip netns exec vnf ethtool -K sv gro on
	ip netns exec vnf nft -f - <<'NFT'
table inet sfpct {
	chain pre { type filter hook prerouting priority filter; ct state new,established counter accept; }
}
NFT
	sfp stats reset dev sfpam
	before=$(dmesg | grep -c "hw csum failure" || true)
	ip netns exec snd $PY - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IP, GRE, IPv6, UDP, Raw, sendp
from srh import srh
# the UDP checksum covers the final destination, Segment List[0]
udp = bytes(IPv6(src="fc00:1::1", dst="fc00:e::7") / UDP(sport=7200, dport=7201) / Raw(b"c" * 200))[40:]
inner = IPv6(src="fc00:1::1", dst="fc00:a3::1", nh=43) / Raw(srh(["fc00:e::7", "fc00:a3::1"], 1, nexthdr=17) + udp)
# IP ID 0: GRO merges nothing else, but does look at the packet
outer = IP(src="10.0.1.1", dst="10.0.1.2", id=0, flags="DF") / GRE(chksum_present=1, proto=0x86dd)
sendp([Ether(dst=sys.argv[1]) / outer / inner for _ in range(3)], iface="s0", verbose=False)
PYEOF
	sleep 0.5
	ip netns exec vnf nft list table inet sfpct
	ip netns exec vnf nft delete table inet sfpct
	ip netns exec vnf ethtool -K sv gro off
	ip -n vnf link del gre1
	after=$(dmesg | grep -c "hw csum failure" || true)
	sfp -s dev show sfpam
	[ "$after" -eq "$before" ] || { dmesg | grep -A3 "hw csum failure" | tail -8; return 1; }
	# the three came back from the function and left with SL 0
	[ "$(counter sfpam rx_success)" -eq 3 ]
	[ "$(counter sfpam tx_success)" -eq 3 ]
}

# What the function returns to End.AM must be what End.AM handed out: a
# whole SRH, SL > 0 and DA = Segment List[0]; anything else is dropped as
# tx_ignored before it is touched
t_end_am_bad_return() {
	local ign ttl
	sfp stats reset dev sfpam
	ip netns exec vnf $PY - <<'PYEOF'
import socket
from scapy.all import IPv6, UDP, Raw
from srh import srh
segs = ["fc00:e::7", "fc00:a3::1"]
udp = bytes(UDP(sport=7300, dport=7301) / Raw(b"r" * 16))
def pkt(dst, hdr):
    return bytes(IPv6(src="fc00:1::1", dst=dst, nh=43, plen=len(hdr) + len(udp)) / Raw(hdr + udp))
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x86dd))
for p in [
    pkt("fc00:e::7", srh(segs, 1, nexthdr=17)),             # good: masqueraded
    pkt("fc00:a3::1", srh(segs, 1, nexthdr=17)),            # DA not Segment List[0]
    pkt("fc00:9::9", srh(segs, 1, nexthdr=17)),             # nor this
    pkt("fc00:e::7", srh(segs, 1, nexthdr=17, hdrlen=3)),   # 32 bytes for 2 segments
    pkt("fc00:e::7", srh(segs, 1, nexthdr=17, hdrlen=40)),  # longer than the packet
    pkt("fc00:e::7", srh(segs, 0, nexthdr=17)),             # SL 0: nowhere to go
]:
    s.sendto(p, ("sfpam", 0x86dd))
PYEOF
	sfp -s dev show sfpam
	[ "$(counter sfpam tx_success)" -eq 1 ]
	[ "$(counter sfpam tx_ignored)" -eq 5 ]
	[ "$(counter sfpam tx_ttl_expired)" -eq 0 ]
	[ "$(counter sfpam cache_entries)" -eq 0 ]
}

# The encapsulation changes while packets are inside the proxy: the cache
# is flushed only after every CPU left the old configuration, and the
# egress checks each cached header before it rewrites it. Every packet the
# proxy delivered comes back to exactly one egress counter.
t_encap_change_under_traffic() {
	local i pid rx out
	sfp dev add sfpflip link sv encap srv6
	ip -n vnf link set sfpflip up
	steer_back vnf sfpflip 103
	sfp sid add fc00:ad::5 behavior End.AD dev sfpflip
	via fc00:ad::5,fc00:e::4
	ip netns exec snd ping -q -c 600 -i 0.002 -W 1 10.0.2.1 >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 15); do
		sfp dev set sfpflip encap mpls
		sfp dev set sfpflip encap srv6
	done
	wait "$pid" || true
	sfp -s dev show sfpflip
	rx=$(counter sfpflip rx_success)
	out=$(( $(counter sfpflip tx_success) + $(counter sfpflip tx_not_cached) +
		$(counter sfpflip tx_ignored) + $(counter sfpflip tx_ttl_expired) +
		$(counter sfpflip tx_no_route) ))
	echo "rx_success $rx, egress outcomes $out"
	[ "$rx" -gt 0 ]
	[ "$out" -eq "$rx" ]
	[ "$(counter sfpflip cache_entries)" -eq 0 ]
	sfp sid del fc00:ad::5
	ip -n vnf link del sfpflip
	via fc00:ad::1,fc00:e::4
}

# REPLACE changes a SID only once everything about the new one is known to
# work: a refused replace leaves the old SID serving, an accepted one
# takes over in one step
t_sid_replace() {
	via fc00:ad::1,fc00:e::4
	expect_fail "another SID" sfp sid replace fc00:ad::1 behavior End.AD dev sfpam
	expect_fail "SFCPROXY_SID_A_IFINDEX" sfp sid replace fc00:ad::1 behavior End.AD dev sv
	sfp -j sid show | jq -e '.[] | select(.sid == "fc00:ad::1/128") | .dev == "sfpad"'
	sfp stats reset dev sfpad
	ip netns exec snd ping -c 2 -i 0.2 -W 2 10.0.2.1 >/dev/null
	[ "$(counter sfpad tx_success)" -eq 2 ]
	sfp sid replace fc00:ad::1 behavior End.AD dev sfpad
	ip netns exec snd ping -c 2 -i 0.2 -W 2 10.0.2.1 >/dev/null
	[ "$(counter sfpad tx_success)" -eq 4 ]
	[ "$(sfp -j sid show | jq length)" -eq 3 ]
}

# 100,000 hostile frames at End.AD's SID while pings cross it: every one
# that reaches the SID table is counted once, as delivered to the function
# (rx_success) or dropped (the SID's errors); what the IPv6 layer drops
# before (lengths, versions, other hosts) never reaches the table
t_flood() {
	local mac p0 e0 r0 p1 e1 r1 n
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	via fc00:ad::1,fc00:e::4
	sfp stats reset dev sfpad
	p0=$(sidstat fc00:ad::1/128 packets) e0=$(sidstat fc00:ad::1/128 errors)
	r0=$(counter sfpad rx_success)
	ingress_count_start vnf sv
	ping_during snd 10.0.2.1
	hostile_flood snd s0 "$mac" srv6 100000 fc00:ad::1 fc00:1::1
	ping_during_end 95
	n=$(ingress_count vnf)
	ingress_count_stop vnf
	p1=$(sidstat fc00:ad::1/128 packets) e1=$(sidstat fc00:ad::1/128 errors)
	r1=$(counter sfpad rx_success)
	sfp -s sid show
	sfp -s dev show sfpad
	echo "frames on sv: $n; SID packets $((p1 - p0)), errors $((e1 - e0)), delivered $((r1 - r0))"
	[ "$n" -ge 100000 ]
	[ $((p1 - p0)) -gt 1000 ] && [ $((p1 - p0)) -le "$n" ]
	[ $((p1 - p0)) -eq $((e1 - e0 + r1 - r0)) ]
	[ $((e1 - e0)) -gt 0 ]
	wait_until 100 0.1 test "$(counter sfpad cache_entries)" -eq 0
}

t_teardown() {
	new_netns srx
	ip link add x0 netns srx type veth peer name x1 netns srx
	"$SFCPROXY" -n srx dev add sfpx link x0 encap srv6
	"$SFCPROXY" -n srx sid add fc00:99::1 behavior End.AD dev sfpx
	ip netns del srx
	sleep 0.3
	rmmod_settled
	insmod "$KMOD"
}

load_module
topology
tap_plan
run_test "End.AD, IPv4 inner: SL-1, DA next segment, End.DX4 accepts" t_end_ad_ipv4
run_test "End.AD, IPv6 inner: right SRH and intact packet at the receiver" t_end_ad_ipv6_inner
run_test "End.AD: TCP through the proxy, no misses" t_end_ad_tcp
run_test "End.AD: per-packet SRH TLVs come back each with its own" t_per_packet_tlvs
run_test "End.AD: Ethernet payload (next header 143) restored with its header" t_end_ad_ethernet_payload
run_test "End.AD in id mode with a NAT function: no misses" t_end_ad_id_mode_nat
run_test "End.AS (prefix SID): configured header pushed" t_end_as
run_test "End.AM: masqueraded and restored" t_end_am
run_test "End.AM keeps a CHECKSUM_COMPLETE sum right (no hw csum failure)" t_end_am_checksum_complete
run_test "End.AM: returns with a wrong DA, a bad SRH length or SL 0 dropped as tx_ignored" t_end_am_bad_return
run_test "encap changed under traffic: every delivered packet accounted, cache empty" t_encap_change_under_traffic
run_test "SID replace: a refused one keeps the old SID, an accepted one takes over" t_sid_replace
run_test "malformed SRH and SL 0 counted and dropped" t_malformed_srh
run_test "100,000 hostile frames at End.AD under real traffic: each counted once" t_flood
run_test "SID table: show, duplicates, one SID per device, del" t_sid_table
run_test "netns deletion and rmmod with SIDs" t_teardown
run_test "module left loadable" load_module
done_testing
