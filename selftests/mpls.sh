#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# SR-MPLS caching proxy end to end, in the paper's line of three hosts:
#
#   snd (10.0.1.1) s0 --- sv [vnf: sfp0 on sv, forwarding/NAT] vr --- r0 rcv (10.0.2.1)
#
# The sender pushes labels with the kernel's own mpls_iptunnel, the VNF host
# steers what arrives on sfp0 back into sfp0 (ip rule iif sfp0 -> table 100)
# so the proxy re-attaches the stack, and the receiver pops the labels with
# tc act_mpls. tshark decodes what reaches the receiver.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
sfp() { "$SFCPROXY" -n vnf "$@"; }
counter() { sfp -j stats show dev sfp0 | jq -r ".[0].$1"; }
link_rx_packets() { ip -n vnf -j -s link show sfp0 | jq '.[0].stats64.rx.packets'; }
cache_empty() { [ "$(counter cache_entries)" -eq 0 ]; }

# vnf_drops_all: the VNF drops everything the proxy hands it, so that the
# headers stay cached; vnf_drops_none ends it
vnf_drops_all() {
	ip netns exec vnf nft -f - <<'NFT'
table ip sfpdrop {
	chain filt { type filter hook forward priority 0; iifname "sfp0" drop; }
}
NFT
}
vnf_drops_none() { ip netns exec vnf nft delete table ip sfpdrop; }

# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

topology() {
	modprobe mpls_gso	# insmod of sfcproxy.ko does not follow its softdep
	topo_line
	tc -n rcv qdisc add dev r0 clsact
	topo_mpls_proxy sfp0 route cache-size 1024
}

capture_start() {
	cap=$(mktemp -d)/r0.pcap
	tcpdump_start rcv "$cap" -i r0 "${1:-icmp or mpls}"
}

capture_stop() { sleep 0.5; kill "$cap_pid"; wait "$cap_pid" 2>/dev/null || true; }

t_stacks() {
	local n want got frames echo udp tcp tport uport
	for n in 1 2 5 10; do
		# ports of their own per round: see iperf3_server
		tport=$((5420 + 2 * n))
		uport=$((5421 + 2 * n))
		ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack $n)" via 10.0.1.2
		topo_receiver_pops $((n - 1))
		cap=$(mktemp -d)/r0.pcap
		tcpdump_start rcv "$cap" -i r0 -Q in -s 128
		ip netns exec snd ping -c 5 -i 0.2 -W 2 10.0.2.1 >/dev/null
		tcp_transfer rcv snd 10.0.2.1 $tport 300000
		iperf3_server rcv $uport
		ip netns exec snd timeout 30 iperf3 -u -b 1M -c 10.0.2.1 -p $uport -t 1 >/dev/null
		capture_stop
		# every packet of ping, TCP and UDP arrives with the sent stack
		# minus label 100 (nothing at all for a one-label stack)
		want=$(topo_rest $n | tr / ,)
		tshark -r "$cap" -Y "ip.src == 10.0.1.1" -T fields -E "separator=;" \
			-e mpls.label -e icmp.type -e udp.dstport -e tcp.dstport >"$cap.txt" 2>/dev/null
		got=$(cut -d';' -f1 "$cap.txt" | sort -u)
		frames=$(wc -l <"$cap.txt")
		echo=$(cut -d';' -f2 "$cap.txt" | grep -c '^8$' || true)
		udp=$(cut -d';' -f3 "$cap.txt" | grep -c "^$uport\$" || true)
		tcp=$(cut -d';' -f4 "$cap.txt" | grep -c "^$tport\$" || true)
		echo "n=$n: $frames frames from the sender ($echo echo requests," \
			"$udp UDP, $tcp TCP), stacks '$got'"
		[ "$echo" -eq 5 ]
		[ "$udp" -gt 50 ]	# 1 Mbit/s for a second: about 86
		[ "$tcp" -gt 200 ]	# 300,000 bytes: at least 208 segments
		[ "$got" = "$want" ] || { echo "n=$n want '$want' got '$got'"; return 1; }
	done
}

t_udp_tcp() {
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 5)" via 10.0.1.2
	topo_receiver_pops 4
	iperf3_server rcv 5201
	ip netns exec snd timeout 30 iperf3 -c 10.0.2.1 -p 5201 -t 2 >/dev/null
	iperf3_server rcv 5202
	ip netns exec snd timeout 30 iperf3 -u -b 2M -c 10.0.2.1 -p 5202 -t 2 >/dev/null
	[ "$(counter tx_not_cached)" -eq 0 ]
	[ "$(counter tx_success)" -gt 100 ]
}

# Full-size TCP segments in header mode: the key must not depend on how
# much of the packet is linear, which differs between arrival and return.
t_header_mode_tcp() {
	local link_rx0 link_rx1
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	sfp dev set sfp0 key header
	sfp stats reset dev sfp0
	link_rx0=$(link_rx_packets)
	tcp_transfer rcv snd 10.0.2.1 5204 1000000
	link_rx1=$(link_rx_packets)
	sfp -s dev show sfp0
	sfp dev set sfp0 key auto
	[ "$(counter tx_not_cached)" -eq 0 ]
	[ "$(counter tx_success)" -eq "$(counter rx_success)" ]
	# a complete transfer of 1,000,000 bytes is at least 691 segments
	[ "$(counter tx_success)" -gt 680 ]
	# rx_success is the device's own rx count, which stats reset leaves
	[ $((link_rx1 - link_rx0)) -eq "$(counter rx_success)" ] ||
		{ echo "ip -s link: $((link_rx1 - link_rx0)) received"; return 1; }
}

t_gso_sender() {
	# a local TCP sender over veth hands over TSO super-packets unsegmented
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	ip netns exec snd ethtool -K s0 tso on gso on >/dev/null
	sfp stats reset dev sfp0
	iperf3_server rcv 5203
	ip netns exec snd timeout 30 iperf3 -c 10.0.2.1 -p 5203 -t 2 >/dev/null
	ip netns exec snd ethtool -K s0 tso off gso off >/dev/null
	sfp -s dev show sfp0
	# cut into single packets: one entry and one hit each, no misses
	[ "$(counter tx_not_cached)" -eq 0 ]
	[ "$(counter tx_success)" -eq "$(counter rx_success)" ]
	[ "$(counter tx_success)" -gt 1000 ]
}

t_per_packet_metadata() {
	local mac got
	sfp stats reset dev sfp0
	topo_receiver_pops 0
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	capture_start mpls
	ip netns exec snd $PY - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
pkts = [Ether(dst=sys.argv[1]) / MPLS(label=100, s=0, ttl=64) /
        MPLS(label=1000 + i, s=0, ttl=64) / MPLS(label=2000 + i, s=1, ttl=64) /
        IP(src="10.0.1.1", dst="10.0.2.1") / UDP(sport=5000, dport=6000) /
        Raw(b"pkt%02d" % i) for i in range(20)]
sendp(pkts, iface="s0", verbose=False)
PYEOF
	capture_stop
	# one flow, yet each packet leaves with its own stack
	got=$(tshark -r "$cap" -T fields -e mpls.label -e data.data 2>/dev/null)
	[ "$(wc -l <<<"$got")" -eq 20 ] || { echo "captured:"; echo "$got"; return 1; }
	for i in $(seq 0 19); do
		grep -q "^$((1000 + i)),$((2000 + i))	$(printf 'pkt%02d' "$i" | od -An -tx1 | tr -d ' \n')$" <<<"$got" ||
			{ echo "packet $i wrong:"; echo "$got"; return 1; }
	done
}

nat_on() {
	ip netns exec vnf nft -f - <<'NFT'
table ip sfpnat {
	chain post { type nat hook postrouting priority srcnat; oifname "sfp0" snat to 10.0.2.2; }
}
NFT
}

t_nat_id_mode() {
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	nat_on
	sfp dev set sfp0 key id
	sfp stats reset dev sfp0
	ip netns exec snd ping -c 5 -i 0.2 -W 2 10.0.2.1 >/dev/null
	[ "$(counter tx_not_cached)" -eq 0 ]
	[ "$(counter tx_success)" -eq 5 ]
}

t_nat_header_mode_misses() {
	sfp dev set sfp0 key header
	sfp stats reset dev sfp0
	! ip netns exec snd ping -c 3 -i 0.2 -W 1 10.0.2.1 >/dev/null
	[ "$(counter tx_not_cached)" -eq 3 ]
	[ "$(counter tx_success)" -eq 0 ]
	ip netns exec vnf nft delete table ip sfpnat
	sfp dev set sfp0 key auto
	sfp cache flush dev sfp0
}

# KEY: the key mode; in id the ID slots own the entries, in auto the FIFOs
t_cache_show_flush_expire() {
	local key=$1
	vnf_drops_all
	sfp dev set sfp0 key "$key" cache-timeout 300000
	sfp stats reset dev sfp0
	ip netns exec snd ping -c 4 -i 0.2 -W 1 10.0.2.1 >/dev/null || true
	# the function dropped them: their headers wait in the cache
	sfp -s dev show sfp0
	sfp -j cache show dev sfp0
	[ "$(sfp -j cache show dev sfp0 | jq 'length')" -eq 4 ]
	sfp -j cache show dev sfp0 | jq -e '.[0].header | startswith("00064")' >/dev/null
	[ "$(counter cache_entries)" -eq 4 ]
	sfp cache flush dev sfp0
	[ "$(counter cache_entries)" -eq 0 ]
	# and without a flush they expire
	sfp dev set sfp0 cache-timeout 200
	ip netns exec snd ping -c 3 -i 0.2 -W 1 10.0.2.1 >/dev/null || true
	sleep 1.5
	[ "$(counter cache_entries)" -eq 0 ]
	[ "$(counter expired)" -eq 3 ]
	# entries that a cache size change moved to a new ID index expire too
	sfp dev set sfp0 cache-timeout 300000
	ip netns exec snd ping -c 3 -i 0.2 -W 1 10.0.2.1 >/dev/null || true
	[ "$(counter cache_entries)" -eq 3 ]
	sfp dev set sfp0 cache-size 2048 cache-timeout 200
	sleep 1.5
	[ "$(counter cache_entries)" -eq 0 ]
	[ "$(counter expired)" -eq 6 ]
	vnf_drops_none
	sfp dev set sfp0 key auto cache-size 1024 cache-timeout 1000
}

# A dump larger than one netlink message resumes where the last one
# stopped (a FIFO count, a slot index): every entry shown exactly once.
# KEY: as for t_cache_show_flush_expire
t_cache_dump_resumes() {
	local key=$1 dump
	vnf_drops_all
	sfp cache flush dev sfp0
	sfp dev set sfp0 key "$key" cache-timeout 300000
	sfp stats reset dev sfp0
	ip netns exec snd ping -q -c 600 -i 0.002 -W 1 10.0.2.1 >/dev/null || true
	[ "$(counter cache_entries)" -eq 600 ]
	dump=$(sfp -j cache show dev sfp0)
	echo "# ${#dump} bytes of JSON"
	[ "$(jq 'length' <<<"$dump")" -eq 600 ]
	[ "$(jq '[.[].key] | unique | length' <<<"$dump")" -eq 600 ]
	vnf_drops_none
	sfp cache flush dev sfp0
	sfp dev set sfp0 key auto cache-timeout 1000
}

# KEY: as for t_cache_show_flush_expire
t_small_cache_evicts() {
	local key=$1
	vnf_drops_all
	sfp cache flush dev sfp0
	sfp dev set sfp0 key "$key" cache-size 2 cache-timeout 300000
	sfp stats reset dev sfp0
	ip netns exec snd ping -c 5 -i 0.2 -W 1 10.0.2.1 >/dev/null || true
	sfp -s dev show sfp0
	[ "$(counter cache_entries)" -eq 2 ]
	[ "$(counter evicted)" -eq 3 ]
	[ "$(sfp -j cache show dev sfp0 | jq 'length')" -eq 2 ]
	vnf_drops_none
	sfp dev set sfp0 key auto cache-size 1024 cache-timeout 1000
	sfp cache flush
}

t_malformed() {
	local mac
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	sfp stats reset dev sfp0
	sfp dev set sfp0 depth 4
	ip netns exec snd $PY - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
d = sys.argv[1]
ip = IP(src="10.0.1.1", dst="10.0.2.1") / UDP() / Raw(b"x" * 8)
bad = [
    Ether(dst=d, type=0x8847) / MPLS(label=100, s=0),                       # truncated stack
    Ether(dst=d) / MPLS(label=100, s=0) / MPLS(label=1, s=0) / MPLS(label=2, s=0) /
        MPLS(label=3, s=0) / MPLS(label=4, s=1) / ip,                       # deeper than depth 4
    Ether(dst=d) / MPLS(label=100, s=1) / Raw(b"\x00" * 40),                # not IP
    Ether(dst=d, type=0x8847) / Raw(b"\x00\x06"),                           # runt
    Ether(dst=d) / MPLS(label=100, s=1) / Raw(b"\x45" + b"\x00" * 8),       # truncated IPv4
]
sendp(bad, iface="s0", verbose=False)
PYEOF
	sleep 0.5
	[ "$(counter rx_malformed)" -eq 3 ] || { sfp -s dev show sfp0; return 1; }
	[ "$(counter rx_too_big)" -eq 1 ]
	[ "$(counter rx_success)" -eq 0 ]
	sfp dev set sfp0 depth 16
}

t_not_for_this_host() {
	local mac ignored link_rx
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	sfp stats reset dev sfp0
	ignored=$(counter rx_ignored)
	link_rx=$(link_rx_packets)
	# a capture puts sv in promiscuous mode: other hosts' frames arrive
	ip -n vnf link set sv promisc on
	ip netns exec snd $PY - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, Dot1Q, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
d = sys.argv[1]
ip = IP(src="10.0.1.1", dst="10.0.2.1") / UDP() / Raw(b"x" * 8)
frames = [
    Ether(dst="02:00:00:00:00:99") / MPLS(label=100, s=1) / ip,      # another host
    Ether(dst="02:00:00:00:00:99") / MPLS(label=100, s=1) / ip,
    Ether(dst=d) / Dot1Q(vlan=7) / MPLS(label=100, s=1) / ip,         # VLAN 7: no device
    Ether(dst=d) / Dot1Q(vlan=7) / MPLS(label=100, s=1) / ip,
]
sendp(frames, iface="s0", verbose=False)
PYEOF
	ip -n vnf link set sv promisc off
	# a proxy that is down takes nothing either
	ip -n vnf link set sfp0 down
	send_stacks "100 100"
	ip -n vnf link set sfp0 up
	ip -n vnf route add default dev sfp0 table 100
	sfp -s dev show sfp0
	[ "$(counter rx_success)" -eq 0 ]
	[ "$(counter cache_entries)" -eq 0 ]
	[ "$(link_rx_packets)" -eq "$link_rx" ]
	[ "$(counter rx_ignored)" -ge $((ignored + 6)) ]
	# and the proxy works again
	ip netns exec snd ping -c 1 -W 2 10.0.2.1 >/dev/null
}

t_xmit_reads_only_real_headers() {
	local tx
	sfp dev set sfp0 miss pass
	sfp stats reset dev sfp0
	tx=$(ip -n vnf -j -s link show sfp0 | jq '.[0].stats64.tx.packets')
	# written on the proxy device by a local process: a runt and an IPv6
	# header sent as IPv4 (whose bytes 16-19, read as an IPv4
	# destination, would be 10.0.2.1, which has a route)
	ip netns exec vnf $PY - <<'PYEOF'
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM)
v6 = bytes([0x60, 0, 0, 0, 0, 0, 17, 64]) + bytes(8) + bytes([10, 0, 2, 1]) + bytes(20)
s.sendto(b"\x45", ("sfp0", 0x0800))
s.sendto(v6, ("sfp0", 0x0800))
PYEOF
	sfp dev set sfp0 miss drop
	sfp -s dev show sfp0
	[ "$(counter tx_not_cached)" -eq 2 ]
	[ "$(counter tx_no_route)" -eq 2 ]
	[ "$(ip -n vnf -j -s link show sfp0 | jq '.[0].stats64.tx.packets')" -eq "$tx" ]
}

# MODE route|hook: a packet that fits the output device bare but not
# with its stack back is dropped and counted, not handed to the driver
mtu_too_big() {
	if [ "$1" = hook ]; then
		ip -n vnf rule del iif sfp0 lookup 100 pref 100
		sfp dev set sfp0 egress-dev vr
	fi
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	ip -n vnf link set vr mtu 1400
	sfp stats reset dev sfp0
	# IP 1400 bytes: 1408 with the two labels back
	fails ip netns exec snd ping -c 2 -i 0.2 -W 1 -M do -s 1372 10.0.2.1
	# 8 bytes less still fits
	ip netns exec snd ping -c 2 -i 0.2 -W 2 -M do -s 1364 10.0.2.1 >/dev/null || true
	sfp -s dev show sfp0
	ip -n vnf link set vr mtu 1500
	if [ "$1" = hook ]; then
		sfp dev set sfp0 egress-dev none
		ip -n vnf rule add iif sfp0 lookup 100 pref 100
	fi
	[ "$(counter tx_too_big)" -eq 2 ]
	[ "$(counter tx_success)" -eq 2 ]
	[ "$(counter cache_entries)" -eq 0 ]
}

# 100,000 hostile frames at the proxy while real traffic crosses it: every
# frame that reaches the lower device is accounted for by exactly one
# receive counter, the real traffic still arrives, nothing leaks
t_flood() {
	local mac n sum skb0 skb1
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	ip -n snd route replace 10.0.2.0/24 encap mpls 100 via 10.0.1.2
	topo_receiver_pops 0
	sfp dev set sfp0 key auto
	sfp stats reset dev sfp0
	skb0=$(slab_objs skbuff_head_cache)
	ingress_count_start vnf sv
	ping_during snd 10.0.2.1
	hostile_flood snd s0 "$mac" mpls 100000
	ping_during_end 95
	sfp -s dev show sfp0
	n=$(ingress_count vnf)
	sum=$(sfp -j stats show dev sfp0 | jq '.[0] | .rx_ignored + .rx_success +
		.rx_malformed + .rx_too_big + .alloc_fail')
	echo "frames on sv: $n, counted by the proxy: $sum"
	ingress_count_stop vnf
	[ "$n" -ge 100000 ]
	[ "$n" -eq "$sum" ]
	[ "$(counter rx_malformed)" -gt 0 ] && [ "$(counter rx_too_big)" -gt 0 ]
	# what the function dropped ages out; nothing stays behind
	wait_until 100 0.1 cache_empty
	skb1=$(slab_objs skbuff_head_cache)
	echo "skbuff_head_cache: $skb0 before, $skb1 after"
	[ "$skb1" -le $((skb0 + 1000)) ]
}

# send_stacks "L1,L2 L1,L3 ..." [DST]: one UDP packet (same flow, same
# bytes) per stack, in order; the stack's last label carries S=1, TTL 64
send_stacks() {
	local mac
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	ip netns exec snd $PY - "$mac" "${2:-10.0.2.1}" $1 <<'PYEOF'
import sys
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
mac, dst, stacks = sys.argv[1], sys.argv[2], sys.argv[3:]
pkts = []
for st in stacks:
    p = Ether(dst=mac)
    labels = [int(x) for x in st.split(",")]
    for i, lab in enumerate(labels):
        ttl = 1 if lab == 999 else 64     # label 999: TTL about to run out
        p = p / MPLS(label=lab, s=int(i == len(labels) - 1), ttl=ttl)
    pkts.append(p / IP(src="10.0.1.1", dst=dst, id=7) / UDP(sport=7000, dport=7000) / Raw(b"same"))
sendp(pkts, iface="s0", verbose=False)
PYEOF
}

t_duplicates_in_arrival_order() {
	local got
	sfp dev set sfp0 key header cache-timeout 10000
	sfp stats reset dev sfp0
	topo_receiver_pops 0
	# the VNF holds packets a second, so all three are cached at once:
	# scapy may take more than 100 ms a packet to send them under TCG
	tc -n vnf qdisc replace dev sfp0 root netem delay 1s
	capture_start mpls
	# identical IP/UDP packets: one header key, three different stacks
	send_stacks "100,700 100,701 100,702"
	wait_until 50 0.1 test "$(counter tx_success)" -eq 3 || true
	capture_stop
	tc -n vnf qdisc del dev sfp0 root
	got=$(tshark -r "$cap" -T fields -e mpls.label 2>/dev/null | tr '\n' ' ')
	[ "$got" = "700 701 702 " ] || { echo "order: $got"; return 1; }
	sfp -s dev show sfp0
	[ "$(counter rx_duplicate)" -eq 2 ]
	[ "$(counter tx_success)" -eq 3 ]
	sfp dev set sfp0 key auto cache-timeout 1000
}

# burst CPU N LABEL [sport0 | same]: N UDP frames 10.0.1.1 -> 10.0.2.1 for
# the proxy from a packet socket on s0, sent from CPU (whose FIFO caches
# them: veth receives on the sending CPU); scapy builds one frame and the
# loop only patches it, which is much faster than sendp. The second label
# is LABEL, or with LABEL+ counts up from it. Each frame has a header key
# of its own (UDP ports counting up from sport0, default 1024, across
# ports 1024..65023 and then on in the destination port), or with "same"
# all are one identical IP packet, one key.
burst() {
	local mac cpu=$1
	shift
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	ip netns exec snd taskset -c "$cpu" $PY - "$mac" "$@" <<'PYEOF'
import socket, struct, sys
from scapy.all import Ether, IP, UDP, Raw
from scapy.contrib.mpls import MPLS
mac, n, label = sys.argv[1], int(sys.argv[2]), sys.argv[3]
step = 1 if label.endswith("+") else 0
label = int(label.rstrip("+"))
arg = sys.argv[4] if len(sys.argv) > 4 else "1024"
same = arg == "same"
k0 = 0 if same else int(arg) - 1024
f = bytearray(bytes(Ether(dst=mac) / MPLS(label=100, s=0, ttl=64) /
                    MPLS(label=label, s=1, ttl=64) /
                    IP(src="10.0.1.1", dst="10.0.2.1", id=7) /
                    UDP(sport=1024, dport=9, chksum=0) / Raw(b"burst")))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("s0", 0))
for i in range(n):
    struct.pack_into("!I", f, 18, ((label + step * i) & 0xfffff) << 12 | 0x140)
    if not same:
        k = k0 + i
        struct.pack_into("!HH", f, 42, 1024 + k % 64000, 9 + k // 64000)
    s.send(f)
PYEOF
}

# mpls_labels FILE: the labels tshark finds in each frame of FILE
mpls_labels() { tshark -r "$1" -T fields -e mpls.label 2>/dev/null | tr '\n' ' '; }

counter_is() { [ "$(counter "$1")" -eq "$2" ]; }
counter_reaches() { [ "$(counter "$1")" -ge "$2" ]; }

# the VNF drops the UDP packets the proxy hands it, and forwards the rest
# (replacing what vnf_drops_all set up, should a failed test have left it)
vnf_drops_udp() {
	ip netns exec vnf nft delete table ip sfpdrop 2>/dev/null || true
	ip netns exec vnf nft -f - <<'NFT'
table ip sfpdrop {
	chain filt { type filter hook forward priority 0; iifname "sfp0" meta l4proto udp drop; }
}
NFT
}

# A burst of one packet in header mode: at most SFP_DUP_MAX (16) headers
# per key, the oldest evicted and counted as rx_dup_limit, so that the
# key's rhltable chain, which every take, eviction and expiry walks, stays
# short; a take still returns the oldest kept. Before the cap, all 20,000
# stayed on one chain and each packet's insert, take and unlink walked it.
t_duplicate_cap() {
	local n=20000 max=16 first=1000 labels want
	vnf_drops_all
	sfp cache flush dev sfp0
	sfp dev set sfp0 key header cache-size 65536 cache-timeout 300000
	sfp stats reset dev sfp0
	burst 0 $n $first+ same
	wait_until 100 0.2 counter_is rx_success $n
	sfp -s dev show sfp0
	counter_is rx_duplicate $((n - 1))
	counter_is rx_dup_limit $((n - max))
	counter_is evicted 0
	counter_is cache_entries $max
	# the newest 16 are kept: their second labels
	labels=$(sfp -j cache show dev sfp0 | jq -r '.[].header[8:13]' |
		while read -r h; do echo $((16#$h)); done | sort -n | tr '\n' ' ')
	want="$(seq -s ' ' $((first + n - max)) $((first + n - 1))) "
	[ "$labels" = "$want" ] || { echo "kept: $labels"; return 1; }
	[ "$(sfp -j cache show dev sfp0 | jq '[.[].key] | unique | length')" -eq 1 ]
	# one more, forwarded: it evicts the oldest, and the packet coming
	# back takes the oldest of those left
	vnf_drops_none
	topo_receiver_pops 0
	capture_start mpls
	burst 0 1 70000 same
	wait_until 50 0.2 counter_is tx_success 1
	capture_stop
	labels=$(mpls_labels "$cap")
	[ "$labels" = "$((first + n - max + 1)) " ] || { echo "took: $labels"; return 1; }
	counter_is rx_dup_limit $((n - max + 1))
	counter_is cache_entries $((max - 1))
	sfp cache flush dev sfp0
	sfp dev set sfp0 key auto cache-size 1024 cache-timeout 1000
}

# churn_start: ICMP through the chain on both CPUs, held 5 ms each by the
# VNF, so that the cache keeps gaining and losing entries on both FIFOs
churn_start() {
	local cpu
	churn_pids=()
	tc -n vnf qdisc replace dev sfp0 root netem delay 5ms
	for cpu in 0 1; do
		ip netns exec snd taskset -c $cpu timeout 120 \
			ping -q -f -l 16 -c 1000000 -W 1 10.0.2.1 >/dev/null 2>&1 &
		churn_pids+=($!)
	done
}

churn_stop() {
	kill "${churn_pids[@]}" 2>/dev/null || true
	wait "${churn_pids[@]}" 2>/dev/null || true
	tc -n vnf qdisc del dev sfp0 root
}

# A dump of a big cache that changes under it: 50,000 entries that stay
# (UDP, which the VNF drops; 25,000 from each CPU), while pings on both
# CPUs are cached and taken. Every entry that stays is shown exactly once.
# Before the dump resumed from a cursor in the FIFO, it skipped a count of
# entries on each call, from the first CPU's FIFO on: an entry that went
# from the first CPU's FIFO between calls shifted the second CPU's by one
# (an entry shown twice, or one missed).
t_cache_dump_stable_under_churn() {
	local n=25000 hdr dump
	vnf_drops_udp
	sfp cache flush dev sfp0
	sfp dev set sfp0 key header cache-size 131072 cache-timeout 300000
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 2)" via 10.0.1.2
	topo_receiver_pops 1
	sfp stats reset dev sfp0
	burst 0 $n 777 1024 &
	burst 1 $n 777 $((1024 + n))
	wait
	wait_until 100 0.2 counter_is cache_entries $((2 * n))
	churn_start
	wait_until 50 0.2 counter_reaches tx_success 1000 ||
		{ churn_stop; sfp -s dev show sfp0; return 1; }
	dump=$(sfp -j cache show dev sfp0) || { churn_stop; return 1; }
	churn_stop
	sfp -s dev show sfp0
	# the UDP entries: label 100, then 777 with the bottom of stack
	hdr=$(printf '%08x%08x' $((100 << 12 | 64)) $((777 << 12 | 0x140)))
	[ "$(jq --arg h "$hdr" '[.[] | select(.header == $h)] | length' <<<"$dump")" -eq $((2 * n)) ] ||
		{ jq --arg h "$hdr" '[.[] | select(.header == $h)] | length' <<<"$dump"; return 1; }
	[ "$(jq --arg h "$hdr" '[.[] | select(.header == $h) | .key] | unique | length' <<<"$dump")" -eq $((2 * n)) ]
	counter_is evicted 0
	ip netns exec vnf nft delete table ip sfpdrop
	sfp cache flush dev sfp0
	sfp dev set sfp0 key auto cache-size 1024 cache-timeout 1000
}

# A cache of 200,000 entries: a dump shows them all, idle expiry with a
# tiny timeout removes them all, and so does a flush of 200,000 more. The
# walks drop their FIFO lock and reschedule every 128 entries (the VM
# run's log scan fails on a soft lockup or an RCU stall).
t_big_cache_dump_expire_flush() {
	local n=100000
	vnf_drops_all
	sfp cache flush dev sfp0
	sfp dev set sfp0 key header cache-size 262144 cache-timeout 3600000
	sfp stats reset dev sfp0
	burst 0 $n 300 1024 &
	burst 1 $n 300 $((1024 + n))
	wait
	wait_until 100 0.2 counter_is cache_entries $((2 * n))
	[ "$(sfp cache show dev sfp0 | wc -l)" -eq $((2 * n)) ]
	sfp dev set sfp0 cache-timeout 1
	wait_until 300 0.2 counter_is cache_entries 0
	counter_is expired $((2 * n))
	sfp dev set sfp0 cache-timeout 3600000
	burst 0 $n 300 1024 &
	burst 1 $n 300 $((1024 + n))
	wait
	wait_until 100 0.2 counter_is cache_entries $((2 * n))
	sfp cache flush dev sfp0
	counter_is cache_entries 0
	counter_is evicted 0
	vnf_drops_none
	sfp dev set sfp0 key auto cache-size 1024 cache-timeout 1000
}

t_ttl_expired_counted() {
	sfp stats reset dev sfp0
	send_stacks "100,999"
	sleep 0.5
	[ "$(counter tx_ttl_expired)" -eq 1 ]
	[ "$(counter tx_success)" -eq 0 ]
	[ "$(counter cache_entries)" -eq 0 ]
}

t_no_route_counted() {
	sfp stats reset dev sfp0
	send_stacks "100,200" 10.9.9.9
	sleep 0.5
	[ "$(counter tx_no_route)" -eq 1 ]
	[ "$(counter cache_entries)" -eq 0 ]
}

t_vnf_drops_one_percent() {
	local rx tx lost
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	ip netns exec vnf nft -f - <<'NFT'
table ip sfplossy {
	chain filt { type filter hook forward priority 0; iifname "sfp0" numgen random mod 100 == 0 drop; }
}
NFT
	# a cache (and ID index) larger than the test's 3000 packets: in a
	# smaller one, a dropped packet's entry may leave because a later ID
	# takes its slot (evicted) before its timeout is up
	sfp dev set sfp0 cache-timeout 200 cache-size 65536
	sfp stats reset dev sfp0
	ip netns exec snd ping -f -c 3000 -W 1 10.0.2.1 >/dev/null 2>&1 || true
	# the dropped packets' entries expire 200 ms after the last one; a
	# slow VM may take longer to run the sweep
	wait_until 50 0.2 cache_empty || true
	rx=$(counter rx_success) tx=$(counter tx_success)
	lost=$((rx - tx))
	sfp -s dev show sfp0
	[ "$(counter tx_not_cached)" -eq 0 ]
	# about 1%: between 0.2% and 3% of 3000
	[ "$rx" -eq 3000 ] && [ "$lost" -ge 6 ] && [ "$lost" -le 90 ]
	# the dropped packets' headers left by the idle timeout
	[ "$(counter cache_entries)" -eq 0 ]
	[ "$(counter expired)" -eq "$lost" ]
	ip netns exec vnf nft delete table ip sfplossy
	sfp dev set sfp0 cache-timeout 1000 cache-size 1024
}

# UDP at ~2500 packets/s for 2 s through a VNF that delays by 5 ms: about
# 12 packets in flight (Little's law). A plain socket sender, so that no
# control connection suffers from the misses a too-small cache causes.
delayed_run() {
	sfp dev set sfp0 cache-size "$1"
	sfp stats reset dev sfp0
	ip netns exec snd $PY - <<'PYEOF'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
start = time.monotonic()
for i in range(5000):
    s.sendto(i.to_bytes(4, "big") * 250, ("10.0.2.1", 9))
    delay = start + i / 2500 - time.monotonic()
    if delay > 0:
        time.sleep(delay)
PYEOF
	sleep 0.5
	echo "cache-size $1: $(sfp -j stats show dev sfp0)"
	# where packets went that the proxy took in but never saw again
	tc -n vnf -s qdisc show dev sfp0 | sed -n 's/^ *\(Sent .*\)/netem: \1/p'
	ip netns exec vnf nstat -az IpInDiscards IpOutNoRoutes IpExtInNoRoutes \
		IpForwDatagrams | sed -n 's/^Ip/  Ip/p'
}

t_vnf_delay_cache_sizing() {
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	tc -n vnf qdisc replace dev sfp0 root netem delay 5ms limit 10000
	delayed_run 4
	[ "$(counter evicted)" -gt 0 ] && [ "$(counter tx_not_cached)" -gt 0 ]
	delayed_run 2000
	[ "$(counter evicted)" -eq 0 ] && [ "$(counter tx_not_cached)" -eq 0 ]
	[ "$(counter tx_success)" -eq 5000 ]
	tc -n vnf qdisc del dev sfp0 root
	sfp dev set sfp0 cache-size 1024
}

t_two_chains_one_vnf() {
	local a b
	# a second receiver behind the VNF host, reached by its own chain
	new_netns rcv2
	ip link add r0 netns rcv2 type veth peer name vr2 netns vnf
	ip -n vnf addr add 10.0.3.2/24 dev vr2
	ip -n rcv2 addr add 10.0.3.1/24 dev r0
	ip -n vnf link set vr2 up
	ip -n rcv2 link set r0 up
	ip -n rcv2 route add 10.0.1.0/24 via 10.0.3.2
	ip -n snd route replace 10.0.2.0/24 encap mpls 100/210/211 via 10.0.1.2
	ip -n snd route replace 10.0.3.0/24 encap mpls 100/310/311 via 10.0.1.2
	topo_receiver_pops 2
	tc -n rcv2 qdisc add dev r0 clsact
	TOPO_RCV=rcv2 topo_receiver_pops 2
	local p1 p2
	capture_start mpls
	p1=$cap_pid
	tcpdump_start rcv2 "$cap.2" -i r0 mpls
	p2=$cap_pid
	cap_pid=$p1
	ip netns exec snd ping -c 4 -i 0.2 -W 2 10.0.2.1 >/dev/null &
	ip netns exec snd ping -c 4 -i 0.2 -W 2 10.0.3.1 >/dev/null
	wait %?"10.0.2.1" 2>/dev/null || true
	capture_stop
	kill $p2; wait $p2 2>/dev/null || true
	a=$(tshark -r "$cap" -Y "icmp.type == 8" -T fields -e mpls.label 2>/dev/null | sort | uniq -c | awk '{print $1, $2}')
	b=$(tshark -r "$cap.2" -Y "icmp.type == 8" -T fields -e mpls.label 2>/dev/null | sort | uniq -c | awk '{print $1, $2}')
	[ "$a" = "4 210,211" ] && [ "$b" = "4 310,311" ] || { echo "rcv: $a / rcv2: $b"; return 1; }
}

# The rx_handler hands packets straight to IP only while nothing is
# attached to the proxy device's receive path (sfp_proxy_rx_handoff()): a
# tap, tc ingress and netfilter ingress on sfp0 must still see them bare.
t_rx_attachments() {
	local got n
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 2)" via 10.0.1.2
	topo_receiver_pops 1
	cap=$(mktemp -d)/sfp0.pcap
	# -Q in: routed into the proxy, the function's output leaves by sfp0 too
	tcpdump_start vnf "$cap" -i sfp0 -Q in icmp
	ip netns exec snd ping -c 3 -i 0.2 -W 2 10.0.2.1 >/dev/null
	capture_stop
	got=$(tshark -r "$cap" -Y "icmp.type == 8 && !mpls" -T fields -e ip.dst 2>/dev/null |
		sort | uniq -c | awk '{print $1, $2}')
	[ "$got" = "3 10.0.2.1" ] || { echo "tap on sfp0 saw '$got'"; return 1; }
	tc -n vnf qdisc add dev sfp0 clsact
	tc -n vnf filter add dev sfp0 ingress pref 1 protocol ip matchall action drop
	fails ip netns exec snd ping -c 3 -i 0.2 -W 1 10.0.2.1 >/dev/null
	n=$(tc -n vnf -s -j filter show dev sfp0 ingress |
		jq '[.[] | .options.actions[0]?.stats.packets // 0] | add')
	tc -n vnf qdisc del dev sfp0 clsact
	[ "$n" -eq 3 ] || { echo "tc ingress on sfp0 dropped $n"; return 1; }
	ip netns exec vnf nft -f - <<-'EOF'
		table netdev sfptest {
			chain in {
				type filter hook ingress device "sfp0" priority 0;
				ip protocol icmp counter
			}
		}
	EOF
	ip netns exec snd ping -c 3 -i 0.2 -W 2 10.0.2.1 >/dev/null
	n=$(ip netns exec vnf nft -j list table netdev sfptest |
		jq '[.nftables[] | .rule? // empty | .expr[] | .counter? // empty | .packets] | add')
	ip netns exec vnf nft delete table netdev sfptest
	[ "$n" -eq 3 ] || { echo "netfilter ingress on sfp0 counted $n"; return 1; }
	# nothing attached any more: straight to IP again
	ip netns exec snd ping -c 3 -i 0.2 -W 2 10.0.2.1 >/dev/null
}

t_ipv6_inner() {
	local got
	ip -n snd addr add fd01::1/64 dev s0 nodad
	ip -n vnf addr add fd01::2/64 dev sv nodad
	ip -n vnf addr add fd02::2/64 dev vr nodad
	ip -n rcv addr add fd02::1/64 dev r0 nodad
	ip netns exec vnf sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n rcv -6 route add fd01::/64 via fd02::2
	ip -n vnf -6 rule add iif sfp0 lookup 100 pref 100
	ip -n vnf -6 route add default dev sfp0 table 100
	ip -n snd -6 route add fd02::/64 encap mpls 100/220/221 via fd01::2
	tc -n rcv filter del dev r0 ingress 2>/dev/null || true
	tc -n rcv filter add dev r0 ingress protocol mpls_uc flower \
		action mpls pop protocol mpls_uc pipe action mpls pop protocol ipv6
	sfp stats reset dev sfp0
	capture_start "mpls or icmp6"
	ip netns exec snd ping -6 -c 4 -i 0.2 -W 2 fd02::1 || { sfp -s dev show sfp0; capture_stop; tshark -r "$cap" 2>&1 | head; return 1; }
	capture_stop
	got=$(tshark -r "$cap" -Y "icmpv6.type == 128" -T fields -e mpls.label 2>/dev/null | sort | uniq -c | awk '{print $1, $2}')
	[ "$got" = "4 220,221" ] || { echo "got: $got"; return 1; }
	[ "$(counter tx_not_cached)" -eq 0 ]
}

# One-armed VNF host: sender, VNF host and receiver on one L2 segment (a
# bridge); labelled packets arrive on e0 and leave, re-labelled, on e0 too.
# The ID space wraps (here 3 IDs): an entry whose packet the function
# dropped must not stay under an ID that now names a new packet.
t_id_wrap_replaces_stale_entry() {
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 2)" via 10.0.1.2
	topo_receiver_pops 1
	sfp dev set sfp0 key id id-mask 0x30000 cache-timeout 60000
	sfp cache flush dev sfp0
	ip -n vnf route add blackhole 10.0.2.99/32 table 100
	sfp stats reset dev sfp0
	! ip netns exec snd ping -c 5 -i 0.2 -W 1 10.0.2.99 >/dev/null
	sfp -s dev show sfp0
	[ "$(counter rx_success)" -eq 5 ]
	[ "$(counter cache_entries)" -le 3 ]
	[ "$(counter evicted)" -ge 2 ]
	ip netns exec snd ping -c 3 -i 0.2 -W 2 10.0.2.1 >/dev/null
	[ "$(counter tx_not_cached)" -eq 0 ]
	[ "$(counter tx_success)" -eq 3 ]
	ip -n vnf route del blackhole 10.0.2.99/32 table 100
	sfp cache flush dev sfp0
	sfp dev set sfp0 key auto id-mask 0xffff0000 cache-timeout 1000
}

# A new cache size gives id mode a new ID index (kmod/sfp_cache.c): headers
# cached before the change must be found after it, growing and shrinking.
t_id_index_resized_while_held() {
	local size ping_pid
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 2)" via 10.0.1.2
	topo_receiver_pops 1
	sfp dev set sfp0 key id cache-size 1024 cache-timeout 60000
	tc -n vnf qdisc replace dev sfp0 root netem delay 3s limit 1000
	for size in 65536 64; do
		sfp stats reset dev sfp0
		ip netns exec snd ping -c 20 -i 0.05 -W 8 10.0.2.1 >/dev/null &
		ping_pid=$!
		sleep 1.5
		# the function holds all 20 packets, the cache their stacks
		[ "$(counter cache_entries)" -eq 20 ]
		sfp dev set sfp0 cache-size $size
		wait $ping_pid
		sfp -s dev show sfp0
		[ "$(counter tx_success)" -eq 20 ]
		[ "$(counter tx_not_cached)" -eq 0 ]
		[ "$(counter evicted)" -eq 0 ]
	done
	tc -n vnf qdisc del dev sfp0 root
	sfp dev set sfp0 key auto cache-size 1024 cache-timeout 1000
}

# The egress hook instead of routing into the proxy: no policy rule, the VNF
# forwards on its normal route, and the hook on vr puts the stack back.
t_egress_hook() {
	local want got popped
	ip -n vnf rule del iif sfp0 lookup 100 pref 100 2>/dev/null || true
	sfp dev set sfp0 egress-dev vr key auto
	[ "$(sfp -j dev show sfp0 | jq -r '.[0].egress_dev')" = vr ]
	sfp dev show sfp0 | grep -q " egress-dev vr$"
	sfp stats reset dev sfp0
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 4)" via 10.0.1.2
	topo_receiver_pops 3
	capture_start mpls
	ip netns exec snd ping -c 5 -i 0.2 -W 2 10.0.2.1 >/dev/null
	capture_stop
	# every echo request arrives with the stack minus the proxy's label
	want=$(topo_rest 4 | tr / ,)
	got=$(tshark -r "$cap" -Y "icmp.type == 8" -T fields -e mpls.label 2>/dev/null |
		sort | uniq -c | awk '{print $1, $2}')
	[ "$got" = "5 $want" ] || { echo "got '$got' want '5 $want'"; return 1; }
	# TCP: the receiver's tc pops exactly three labels before IPv4, so a
	# transfer that completes is one whose every segment had them
	# a complete transfer of 500,000 bytes is at least 346 segments
	tcp_transfer rcv snd 10.0.2.1 5411 500000
	popped=$(tc -n rcv -s -j filter show dev r0 ingress |
		jq '[.[] | .options.actions[0]?.stats.packets // 0] | add')
	sfp -s dev show sfp0
	echo "receiver popped $popped frames"
	[ "$popped" -gt 340 ]
	[ "$(counter tx_not_cached)" -eq 0 ]
	[ "$(counter tx_success)" -eq "$(counter rx_success)" ]
	[ "$(counter tx_success)" -gt 340 ]
	# back to routing into the proxy for the tests that follow
	sfp dev set sfp0 egress-dev none
	[ "$(sfp -j dev show sfp0 | jq -r '.[0].egress_dev // "none"')" = none ]
	ip -n vnf rule add iif sfp0 lookup 100 pref 100
}

# Leaving packets whose mark carries an ID (here: the VNF host's own ping
# with SO_MARK) are the chain's: without a cached entry the hook applies the
# miss policy to them. Packets without an ID pass untouched.
t_egress_hook_misses() {
	local before
	ip -n vnf rule del iif sfp0 lookup 100 pref 100 2>/dev/null || true
	sfp dev set sfp0 egress-dev vr key id miss drop
	sfp stats reset dev sfp0
	# dropped at the hook: nothing gets through (the sender sees ENOBUFS)
	! ip netns exec vnf ping -c 3 -i 0.2 -W 1 -m 327680 10.0.2.1 >/dev/null 2>&1
	before=$(counter tx_not_cached)
	[ "$before" -ge 3 ]
	sfp dev set sfp0 miss pass
	ip netns exec vnf ping -c 3 -i 0.2 -W 1 -m 327680 10.0.2.1 >/dev/null
	[ "$(counter tx_not_cached)" -ge $((before + 3)) ]
	ip netns exec vnf ping -c 2 -i 0.2 -W 1 10.0.2.1 >/dev/null
	sfp -s dev show sfp0
	[ "$(counter tx_ignored)" -ge 2 ]
	[ "$(counter tx_success)" -eq 0 ]
	sfp dev set sfp0 egress-dev none key auto miss drop
	ip -n vnf rule add iif sfp0 lookup 100 pref 100
}

# The egress hook applies the TTL policy as the proxy's xmit does: the
# packet whose next label's TTL runs out is dropped and counted, and the
# entry its stack was pushed from is given back, not left cached or lost.
ttl_expired_once() { [ "$(counter tx_ttl_expired)" -eq 1 ]; }
t_egress_hook_ttl_expired() {
	ip -n vnf rule del iif sfp0 lookup 100 pref 100 2>/dev/null || true
	sfp dev set sfp0 egress-dev vr key id
	sfp stats reset dev sfp0
	send_stacks "100,999 100,998"
	wait_until 25 0.2 ttl_expired_once
	sfp -s dev show sfp0
	[ "$(counter tx_success)" -eq 1 ]
	[ "$(counter rx_success)" -eq 2 ]
	[ "$(counter cache_entries)" -eq 0 ]
	sfp dev set sfp0 egress-dev none key auto
	ip -n vnf rule add iif sfp0 lookup 100 pref 100
}

# Deleting the hooked device takes the hook with it, not the proxy.
t_egress_dev_deleted() {
	ip -n vnf link add hk0 type veth peer name hk1
	sfp dev set sfp0 egress-dev hk0
	[ "$(sfp -j dev show sfp0 | jq -r '.[0].egress_dev')" = hk0 ]
	ip -n vnf link del hk0
	[ "$(sfp -j dev show sfp0 | jq -r '.[0].egress_dev // "none"')" = none ]
	ip netns exec snd ping -c 2 -i 0.2 -W 2 10.0.2.1 >/dev/null
}

t_one_armed_host() {
	local n got mac
	for n in oasw oasnd oavnf oarcv; do new_netns $n; done
	ip -n oasw link add br0 type bridge
	ip -n oasw link set br0 up
	for n in oasnd oavnf oarcv; do
		ip link add e0 netns $n type veth peer name "p-$n" netns oasw
		ip -n oasw link set "p-$n" master br0 up
		ip -n $n link set e0 up
	done
	ip -n oasnd addr add 10.1.1.1/24 dev e0
	ip -n oavnf addr add 10.1.1.2/24 dev e0
	ip -n oavnf addr add 10.1.2.2/24 dev e0
	ip -n oarcv addr add 10.1.2.1/24 dev e0
	ip netns exec oasnd ethtool -K e0 tso off gso off >/dev/null
	ip netns exec oavnf sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
		net.ipv4.conf.e0.send_redirects=0
	ip -n oarcv route add 10.1.1.0/24 via 10.1.2.2
	ip -n oasnd route add 10.1.2.0/24 encap mpls 100/230/231 via 10.1.1.2
	"$SFCPROXY" -n oavnf dev add sfp0 link e0 encap mpls label 100
	ip -n oavnf link set sfp0 addrgenmode none
	ip -n oavnf link set sfp0 up
	ip netns exec oavnf sysctl -qw net.ipv4.conf.sfp0.send_redirects=0
	ip -n oavnf rule add iif sfp0 lookup 100 pref 100
	ip -n oavnf route add default dev sfp0 table 100
	tc -n oarcv qdisc add dev e0 clsact
	tc -n oarcv filter add dev e0 ingress protocol mpls_uc flower \
		action mpls pop protocol mpls_uc pipe action mpls pop protocol ipv4
	cap=$(mktemp -d)/oa.pcap
	tcpdump_start oarcv "$cap" -i e0 mpls
	ip netns exec oasnd ping -c 4 -i 0.2 -W 2 10.1.2.1 >/dev/null
	capture_stop
	# frames the bridge floods before it learns are not for the receiver
	mac=$(ip -n oarcv -j link show e0 | jq -r '.[0].address')
	got=$(tshark -r "$cap" -Y "icmp.type == 8 && eth.dst == $mac" -T fields -e mpls.label 2>/dev/null |
		sort | uniq -c | awk '{print $1, $2}')
	[ "$got" = "4 230,231" ] || { echo "got: $got"; return 1; }
	[ "$("$SFCPROXY" -n oavnf -j stats show dev sfp0 | jq '.[0].tx_success')" -eq 4 ]
}

# flood ping through the chain in the background, bounded in count and time
flood() {
	ip netns exec snd timeout 20 ping -f -c 20000 -W 1 10.0.2.1 >/dev/null 2>&1 &
	flood_pid=$!
	sleep 1
}

flood_stop() { kill "$flood_pid" 2>/dev/null || true; wait "$flood_pid" 2>/dev/null || true; }

proxy_back() {
	"$SFCPROXY" -n vnf dev add sfp0 link sv encap mpls label 100
	ip -n vnf link set sfp0 addrgenmode none
	ip -n vnf link set sfp0 up
}

# ID index replacements racing the datapath on both CPUs: cache size and
# key mode changed over and over under a flood. A lost or doubly freed
# entry would show as a kernel warning or as objects left in the slab when
# the module goes (both fail the VM run).
t_id_index_churn_under_flood() {
	local i
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	sfp dev set sfp0 key id cache-size 1024
	sfp stats reset dev sfp0
	flood
	for i in $(seq 10); do
		sfp dev set sfp0 cache-size 64
		sfp dev set sfp0 cache-size 65536 key auto
		sfp dev set sfp0 key header
		sfp dev set sfp0 key id cache-size 4096
	done
	flood_stop
	sfp -s dev show sfp0
	[ "$(counter tx_success)" -gt 100 ]
	sfp cache flush dev sfp0
	[ "$(counter cache_entries)" -eq 0 ]
	sfp dev set sfp0 key auto cache-size 1024
}

# Entries are freed the moment they are unlinked and reused at once, by
# any proxy device (SLAB_TYPESAFE_BY_RCU, kmod/sfp_cache.c): two proxy
# devices on one lower, one flow each, one flow per CPU, both handing out
# the same IDs, through caches too small for what the function holds,
# so that entries are evicted, taken across CPUs (each netem queue is
# dequeued by either CPU) and recycled between the devices all the time,
# while dumps walk the FIFOs. No packet may leave with the other chain's
# stack, and each device must account for every entry it cached exactly
# once: taken, evicted, expired or still cached. KEY: as for
# t_cache_show_flush_expire.
t_entries_recycled_on_both_cpus() {
	local key=$1 cap_pid wrong right i dev pids=()
	"$SFCPROXY" -n vnf dev add sfp1 link sv encap mpls label 101 key "$key"
	ip -n vnf link set sfp1 addrgenmode none
	ip -n vnf link set sfp1 up
	ip -n vnf rule add iif sfp1 lookup 101 pref 101
	ip -n vnf route add default dev sfp1 table 101
	ip -n rcv addr add 10.0.2.3/24 dev r0
	ip -n snd route replace 10.0.2.1/32 encap mpls 100/201 via 10.0.1.2
	ip -n snd route replace 10.0.2.3/32 encap mpls 101/202 via 10.0.1.2
	topo_receiver_pops 1
	for dev in sfp0 sfp1; do
		# 50 packets in flight per chain (ping -l 50): 32 is too small
		sfp dev set $dev key "$key" cache-size 32 cache-timeout 1000
		tc -n vnf qdisc replace dev $dev root netem delay 20ms limit 10000
		sfp stats reset dev $dev
	done
	capture_start mpls
	for i in 0 1; do
		taskset -c $i ip netns exec snd timeout 60 \
			ping -q -f -l 50 -c 2000 -W 1 10.0.2.$((2 * i + 1)) >/dev/null &
		pids+=($!)
	done
	for i in $(seq 20); do
		sfp cache show >/dev/null
		sleep 0.1
	done
	wait "${pids[@]}" || true
	sleep 1				# netem and expiry drain
	capture_stop
	wrong=$(tshark -r "$cap" -Y "(mpls.label == 201 && ip.dst == 10.0.2.3) ||
		(mpls.label == 202 && ip.dst == 10.0.2.1)" 2>/dev/null | wc -l)
	right=$(tshark -r "$cap" -Y "mpls.label == 201 || mpls.label == 202" 2>/dev/null | wc -l)
	echo "# $right frames with a stack, $wrong with the other chain's"
	[ "$wrong" -eq 0 ]
	[ "$right" -gt 500 ]
	for dev in sfp0 sfp1; do
		sfp -s dev show $dev
		[ "$(sfp -j stats show dev $dev | jq '.[0] | .evicted > 0 and
			.rx_success == .tx_success + .evicted + .expired + .cache_entries')" = true ]
	done
	ip -n vnf link del sfp1
	ip -n vnf rule del iif sfp1 lookup 101 pref 101
	tc -n vnf qdisc del dev sfp0 root
	ip -n snd route del 10.0.2.1/32
	ip -n snd route del 10.0.2.3/32
	ip -n rcv addr del 10.0.2.3/24 dev r0
	sfp dev set sfp0 key auto cache-size 1024 cache-timeout 1000
}

t_lifecycle_under_traffic() {
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	topo_receiver_pops 2
	flood
	[ "$(counter tx_success)" -gt 0 ]
	ip -n vnf link del sfp0			# the proxy device
	proxy_back
	sleep 0.5
	rmmod sfcproxy				# the module
	insmod "$KMOD"
	proxy_back
	sleep 0.5
	ip -n vnf link del sv			# the lower device
	no_link vnf sfp0
	flood_stop
	# deleting one end of the veth pair took s0 too: a new pair
	ip link add s0 netns snd type veth peer name sv netns vnf
	ip -n snd addr add 10.0.1.1/24 dev s0
	ip -n vnf addr add 10.0.1.2/24 dev sv
	ip -n snd link set s0 up
	ip -n vnf link set sv up
	ip netns exec snd ethtool -K s0 tso off gso off >/dev/null
	ip -n snd route replace 10.0.2.0/24 encap mpls "$(topo_stack 3)" via 10.0.1.2
	proxy_back
	flood
	ip netns del vnf			# the network namespace
	_netns=("${_netns[@]/vnf}")
	flood_stop
	# namespace teardown is asynchronous: wait for the module to be free
	rmmod_settled
	# rmmod destroyed the entry cache: a leaked entry would have made
	# kmem_cache_destroy() report it, which fails the VM run
	insmod "$KMOD"
	[ "$(module_refcnt)" = "0" ]
}

load_module
topology
tap_plan
run_test "ping, TCP, UDP over stacks of 1, 2, 5, 10 labels: every packet keeps the stack minus the proxy's" t_stacks
run_test "iperf3 TCP and UDP through a 5-label chain, no misses" t_udp_tcp
run_test "header mode: full-size TCP segments all found again, rx_success equal to ip -s link" t_header_mode_tcp
run_test "TSO/GSO sender: super-packets cut into cached packets" t_gso_sender
run_test "per-packet metadata: one flow, 20 stacks, each kept" t_per_packet_metadata
run_test "NAT VNF (nftables SNAT) in id mode: no misses" t_nat_id_mode
run_test "NAT VNF in header mode: misses counted (documented limitation)" t_nat_header_mode_misses
run_test "dropped packets: cache show, flush, idle expiry (FIFOs, key auto)" t_cache_show_flush_expire auto
run_test "dropped packets: cache show, flush, idle expiry (ID slots, key id)" t_cache_show_flush_expire id
run_test "cache dump of 600 entries resumes across messages (FIFOs, key auto)" t_cache_dump_resumes auto
run_test "cache dump of 600 entries resumes across messages (ID slots, key id)" t_cache_dump_resumes id
run_test "cache full: the oldest entries are evicted (FIFOs, key auto)" t_small_cache_evicts auto
run_test "cache full: the oldest entries are evicted (ID slots, key id)" t_small_cache_evicts id
run_test "malformed frames counted and dropped" t_malformed
run_test "100,000 hostile frames under real traffic: each counted once, nothing leaks" t_flood
run_test "frames for other hosts, for a VLAN without a device, or for a proxy that is down: not taken" t_not_for_this_host
run_test "identical keys kept and returned in arrival order, counted" t_duplicates_in_arrival_order
run_test "header mode: a burst of 20,000 identical packets keeps 16 per key (rx_dup_limit), a take gets the oldest kept" t_duplicate_cap
run_test "cache dump of 50,000 entries under insert/take churn on both CPUs: each stable entry shown once" t_cache_dump_stable_under_churn
run_test "cache of 200,000 entries: dumped whole, expired whole, flushed whole" t_big_cache_dump_expire_flush
run_test "TTL running out on re-attach is counted" t_ttl_expired_counted
run_test "no route for the inner destination is counted" t_no_route_counted
run_test "miss pass: no route from a runt or a header of the wrong version" t_xmit_reads_only_real_headers
run_test "too big for the output MTU with the stack back: dropped, counted (route)" mtu_too_big route
run_test "too big for the output MTU with the stack back: dropped, counted (egress hook)" mtu_too_big hook
run_test "VNF dropping 1%: no misses, dropped headers expire" t_vnf_drops_one_percent
run_test "VNF delaying 5 ms: small cache evicts and misses, large one does not" t_vnf_delay_cache_sizing
run_test "two chains through one VNF keep their own stacks" t_two_chains_one_vnf
run_test "IPv6 inner packets through the chain" t_ipv6_inner
run_test "a tap, tc and netfilter ingress on the proxy device see the bare packets" t_rx_attachments
run_test "ID space wrapping replaces the stale entry under a reused ID" t_id_wrap_replaces_stale_entry
run_test "id mode: headers held across a cache size change (new ID index) are found" t_id_index_resized_while_held
run_test "one-armed VNF host: in and out on the same device" t_one_armed_host
run_test "egress hook on the output device instead of routing into the proxy" t_egress_hook
run_test "egress hook: packets with an ID but no entry follow the miss policy" t_egress_hook_misses
run_test "egress hook: TTL running out on re-attach is counted, the entry freed" t_egress_hook_ttl_expired
run_test "egress hook: deleting the hooked device clears the hook" t_egress_dev_deleted
run_test "id mode: ID index replaced 40 times under a flood" t_id_index_churn_under_flood
run_test "entries recycled across CPUs and devices: no stack crosses chains, every entry accounted once (key auto)" t_entries_recycled_on_both_cpus auto
run_test "entries recycled across CPUs and devices: no stack crosses chains, every entry accounted once (key id)" t_entries_recycled_on_both_cpus id
run_test "under traffic: delete proxy, rmmod, delete lower, delete netns" t_lifecycle_under_traffic
run_test "module left loadable" load_module
done_testing
