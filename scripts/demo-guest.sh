#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM (see scripts/demo.sh). Builds the paper's topology:
#
#   sender (10.0.1.1) --veth-- (s-v) VNF host (v-r) --veth-- receiver (10.0.2.1)
#
# The sender pushes an SR-MPLS label stack with the kernel's own mpls_iptunnel
# (`ip route ... encap mpls 100/200/300`); the VNF host carries the proxy
# device sfp0 for the SF whose label is 100.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sfp=$top/tools/sfcproxy/build/sfcproxy
say() { printf '\n\033[1m## %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; "$@"; }

cleanup() { for n in sender vnf receiver; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT

modprobe mpls_router
modprobe mpls_iptunnel
insmod "$top/kmod/sfcproxy.ko"

for n in sender vnf receiver; do ip netns add $n; ip -n $n link set lo up; done
ip link add s0 netns sender type veth peer name s-v netns vnf
ip link add r0 netns receiver type veth peer name v-r netns vnf
ip -n sender addr add 10.0.1.1/24 dev s0
ip -n vnf addr add 10.0.1.2/24 dev s-v
ip -n vnf addr add 10.0.2.2/24 dev v-r
ip -n receiver addr add 10.0.2.1/24 dev r0
for l in "sender s0" "vnf s-v" "vnf v-r" "receiver r0"; do set -- $l; ip -n $1 link set $2 up; done
ip netns exec vnf sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0
ip netns exec sender ethtool -K s0 tso off gso off >/dev/null
ip -n receiver route add 10.0.1.0/24 via 10.0.2.2
ip -n sender route add 10.0.2.0/24 encap mpls 100/200/300 via 10.0.1.2
# the receiver ends the chain: the kernel's act_mpls pops 200 and 300
tc -n receiver qdisc add dev r0 clsact
tc -n receiver filter add dev r0 ingress protocol mpls_uc flower \
	action mpls pop protocol mpls_uc pipe action mpls pop protocol ipv4

say "sfcproxy $("$sfp" -V | cut -d' ' -f2) loaded into $(uname -r)"
grep '^sfcproxy ' /proc/modules

say "a proxy device for the SF with label 100, on the VNF host's ingress"
run "$sfp" -n vnf dev add sfp0 link s-v encap mpls label 100 pop 1 key auto cache-size 10000
run ip -n vnf link set sfp0 addrgenmode none
run ip -n vnf link set sfp0 up
say "the VNF (plain IPv4 forwarding) sends what came in on sfp0 back into sfp0"
run ip -n vnf rule add iif sfp0 lookup 100 pref 100
run ip -n vnf route add default dev sfp0 table 100
ip netns exec vnf sysctl -qw net.ipv4.conf.sfp0.send_redirects=0
run "$sfp" -n vnf dev show
run "$sfp" -n vnf -j -p dev show sfp0
run ip -n vnf -d link show sfp0

say "a second proxy (another VNF) on the same lower device, made by stock iproute2"
run ip -n vnf link add sfp1 link s-v type sfcproxy
run "$sfp" -n vnf dev set sfp1 label 400 key header miss pass
run "$sfp" -n vnf dev show

say "MPLS traffic from the sender: 100/200/300 on every packet"
ip netns exec receiver timeout 5 tcpdump -nn -i r0 -c 3 mpls 2>/dev/null &
sleep 1
run ip netns exec sender ping -c 5 -i 0.2 -W 2 10.0.2.1
wait
echo "(above: what the receiver got -- label 100 consumed by the proxy's SF,"
echo " 200/300 re-attached with the top TTL decremented)"

say "per-packet stacks: one flow, a different stack on every packet (scapy)"
mac=$(ip -n vnf -j link show s-v | jq -r '.[0].address')
ip netns exec receiver timeout 5 tcpdump -nn -i r0 -c 4 udp or mpls 2>/dev/null &
sleep 1
ip netns exec sender /usr/bin/python3 - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
sendp([Ether(dst=sys.argv[1]) / MPLS(label=100, s=0, ttl=64) / MPLS(label=500 + i, s=1, ttl=64) /
       IP(src="10.0.1.1", dst="10.0.2.1") / UDP(sport=4000, dport=4000) / Raw(b"x")
       for i in range(4)], iface="s0", verbose=False)
PYEOF
wait

say "iperf3 TCP through the chain (2 s)"
ip netns exec receiver iperf3 -s -D -1 >/dev/null
sleep 0.5
timeout 20 ip netns exec sender iperf3 -c 10.0.2.1 -t 2 | tail -4 || true

say "counters"
run "$sfp" -n vnf -s dev show sfp0
run "$sfp" -n vnf -j stats show dev sfp0
run ip -n vnf -s link show sfp0

say "the other way back: an egress hook on v-r instead of routing into sfp0"
run ip -n vnf rule del iif sfp0 lookup 100 pref 100
run "$sfp" -n vnf dev set sfp0 egress-dev v-r
run "$sfp" -n vnf stats reset dev sfp0
ip netns exec receiver timeout 5 tcpdump -nn -i r0 -c 2 mpls 2>/dev/null &
sleep 1
run ip netns exec sender ping -c 3 -i 0.2 -W 2 10.0.2.1
wait
run "$sfp" -n vnf -s dev show sfp0
echo "(the function forwarded on its normal route; the hook put 200/300 back)"

say "cleanup: deleting the lower device deletes its proxies"
run ip -n vnf link del s-v
run "$sfp" -n vnf dev show
echo "(no proxy devices left)"
