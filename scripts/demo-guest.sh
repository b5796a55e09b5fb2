#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM (see scripts/demo.sh). Builds the paper's topology:
#
#   sender (10.0.1.1) --veth-- (sv) VNF host (vr) --veth-- receiver (10.0.2.1)
#
# The sender pushes an SR-MPLS label stack with the kernel's own mpls_iptunnel
# (`ip route ... encap mpls 100/200/300`); the VNF host carries the proxy
# device sfp0 for the SF whose label is 100.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sfp=$top/tools/sfcproxy/build/sfcproxy
# shellcheck source=selftests/wait.sh
source "$top/selftests/wait.sh"
TOPO_SND=sender TOPO_RCV=receiver SFCPROXY=$sfp
# shellcheck source=selftests/topo.sh
source "$top/selftests/topo.sh"
say() { printf '\n\033[1m## %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; "$@"; }
die() { echo "demo: $*" >&2; exit 1; }

# received NS IFACE MIN FILTER -- CMD...: capture on IFACE in NS while CMD
# runs, then print what arrived; a step that shows nothing fails the demo
received() {
	local ns=$1 ifc=$2 min=$3 filter=$4 cap n
	shift 5
	cap=$(mktemp -d)/cap.pcap
	tcpdump_start "$ns" "$cap" -i "$ifc" "$filter" >/dev/null || die "no capture on $ifc"
	"$@"
	sleep 0.5
	kill "$cap_pid"; wait "$cap_pid" 2>/dev/null || true
	echo "(what $ns received on $ifc:)"
	tcpdump -nn -r "$cap" 2>/dev/null | sed 's/^[0-9:.]* //'
	n=$(tcpdump -nn -r "$cap" 2>/dev/null | wc -l)
	[ "$n" -ge "$min" ] || die "expected at least $min packets on $ifc in $ns, saw $n"
}

cleanup() { for n in sender vnf receiver client hosta hostb server; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT

modprobe mpls_router
modprobe mpls_iptunnel
insmod "$top/kmod/sfcproxy.ko"

topo_line
ip -n sender route add 10.0.2.0/24 encap mpls 100/200/300 via 10.0.1.2
# the receiver ends the chain: the kernel's act_mpls pops 200 and 300
tc -n receiver qdisc add dev r0 clsact
topo_receiver_pops 2

say "sfcproxy $("$sfp" -V | cut -d' ' -f2) loaded into $(uname -r)"
grep '^sfcproxy ' /proc/modules

say "a proxy device for the SF with label 100, on the VNF host's ingress;"
echo "the VNF (plain IPv4 forwarding) sends what came in on sfp0 back into sfp0"
TOPO_RUN=run topo_mpls_proxy sfp0 route pop 1 key auto cache-size 10000
run "$sfp" -n vnf dev show
run "$sfp" -n vnf -j -p dev show sfp0
run ip -n vnf -d link show sfp0

say "a second proxy (another VNF) on the same lower device, made by stock iproute2"
run ip -n vnf link add sfp1 link sv type sfcproxy
run "$sfp" -n vnf dev set sfp1 label 400 key header miss pass
run "$sfp" -n vnf dev show

say "MPLS traffic from the sender: 100/200/300 on every packet"
received receiver r0 5 mpls -- run ip netns exec sender ping -c 5 -i 0.2 -W 2 10.0.2.1
echo "(above: what the receiver got -- label 100 consumed by the proxy's SF,"
echo " 200/300 re-attached with the top TTL decremented)"

say "per-packet stacks: one flow, a different stack on every packet (scapy)"
mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
send_four() {
	ip netns exec sender /usr/bin/python3 - "$mac" <<'PYEOF'
import sys
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
sendp([Ether(dst=sys.argv[1]) / MPLS(label=100, s=0, ttl=64) / MPLS(label=500 + i, s=1, ttl=64) /
       IP(src="10.0.1.1", dst="10.0.2.1") / UDP(sport=4000, dport=4000) / Raw(b"x")
       for i in range(4)], iface="s0", verbose=False)
PYEOF
}
echo "(the sender sends 100/500, 100/501, 100/502, 100/503, one UDP flow)"
# python and scapy take seconds to start under TCG: the capture waits
received receiver r0 4 mpls -- send_four

say "iperf3 TCP through the chain (2 s)"
iperf3_server receiver 5201
timeout 20 ip netns exec sender iperf3 -c 10.0.2.1 -p 5201 -t 2 | tail -4 ||
	die "iperf3 through the MPLS chain failed"

say "counters"
run "$sfp" -n vnf -s dev show sfp0
run "$sfp" -n vnf -j stats show dev sfp0
run ip -n vnf -s link show sfp0

say "the other way back: an egress hook on vr instead of routing into sfp0"
run ip -n vnf rule del iif sfp0 lookup 100 pref 100
run "$sfp" -n vnf dev set sfp0 egress-dev vr
run "$sfp" -n vnf stats reset dev sfp0
received receiver r0 3 mpls -- run ip netns exec sender ping -c 3 -i 0.2 -W 2 10.0.2.1
run "$sfp" -n vnf -s dev show sfp0
echo "(the function forwarded on its normal route; the hook put 200/300 back)"

say "cleanup: deleting the lower device deletes its proxies"
run ip -n vnf link del sv
run "$sfp" -n vnf dev show
echo "(no proxy devices left)"

say "NSH: a chain of three SFs on two hosts, two of them co-located"
echo "client --- [hostA: classifier, SF3] ==NSH== [hostB: SF1, SF2] ; hostA --- server"
modprobe nsh
for n in client hosta hostb server; do ip netns add $n; ip -n $n link set lo up; done
ip link add c0 netns client type veth peer name ca netns hosta
ip link add ab netns hosta address 02:00:00:00:0a:01 type veth peer name ba netns hostb address 02:00:00:00:0b:01
ip link add s0 netns server type veth peer name as netns hosta
ip -n hosta link set ab mtu 1800
ip -n hostb link set ba mtu 1800
ip -n client addr add 10.1.1.1/24 dev c0
ip -n hosta addr add 10.1.1.2/24 dev ca
ip -n hosta addr add 10.1.3.2/24 dev as
ip -n server addr add 10.1.3.1/24 dev s0
for l in "client c0" "hosta ca" "hosta ab" "hosta as" "hostb ba" "server s0"; do set -- $l; ip -n $1 link set $2 up; done
ip -n client route add default via 10.1.1.2
ip -n server route add default via 10.1.3.2
# SFs forward back out of the device a packet came in on: no redirects
for n in hosta hostb; do
	ip netns exec $n sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
		net.ipv4.conf.default.send_redirects=0
done
cat >/tmp/demo-chain.json <<'JSON'
{
  "nodes": {
    "hostA": { "interface": "ab", "mac": "02:00:00:00:0a:01" },
    "hostB": { "interface": "ba", "mac": "02:00:00:00:0b:01" }
  },
  "functions": {
    "fw":  { "node": "hostB", "proxy": { "device": "sfp-fw" } },
    "nat": { "node": "hostB", "proxy": { "device": "sfp-nat" } },
    "ids": { "node": "hostA", "proxy": { "device": "sfp-ids", "key": "header" } }
  },
  "chains": [
    { "id": 100, "functions": ["fw", "nat", "ids"], "classifier": "hostA",
      "flows": [ { "dst": "10.1.3.0/24" } ],
      "metadata": { "md2": [ { "class": 256, "type": 1, "value": "c0ffee" } ] } }
  ]
}
JSON
run cat /tmp/demo-chain.json
say "apply the chain file on each host (what it would change, then the change)"
run "$sfp" -n hostb apply -f /tmp/demo-chain.json --node hostB --dry-run
run "$sfp" -n hostb apply -f /tmp/demo-chain.json --node hostB
run "$sfp" -n hosta apply -f /tmp/demo-chain.json --node hostA
run "$sfp" -n hosta apply -f /tmp/demo-chain.json --node hostA
echo "(the second apply found nothing to change)"
say "each SF is its host's forwarding, steered back into its proxy"
t=100
for d in hostb:sfp-fw hostb:sfp-nat hosta:sfp-ids; do
	n=${d%%:*} dev=${d#*:} t=$((t + 1))
	ip -n $n link set $dev addrgenmode none
	run ip -n $n rule add iif $dev lookup $t pref $t
	run ip -n $n route add default dev $dev table $t
done
run "$sfp" -n hosta fwd show
run "$sfp" -n hostb fwd show
run "$sfp" -n hosta classifier show

say "traffic through the chain; tshark decodes the NSH link"
tcpdump_start hosta /tmp/demo-nsh.pcap -i ab >/dev/null || die "no capture on ab"
run ip netns exec client ping -c 3 -i 0.2 -W 2 10.1.3.1
sleep 0.5; kill "$cap_pid"; wait "$cap_pid" 2>/dev/null || true
nsh_seen=$(tshark -r /tmp/demo-nsh.pcap -Y "nsh && icmp" -T fields -E header=y -e eth.src \
	-e nsh.spi -e nsh.si -e nsh.ttl -e nsh.metadata -e icmp.type 2>/dev/null)
echo "$nsh_seen"
# a header line and two frames (there and back) per echo request
[ "$(wc -l <<<"$nsh_seen")" -ge 7 ] || die "tshark saw too few NSH frames on ab"
echo "(SI 255 leaving hostA for fw; SI 253 coming back after fw and nat, which"
echo " hostB handed over locally with the NSH and its metadata; TTL -1 per SF)"
iperf3_server server 5202
timeout 20 ip netns exec client iperf3 -c 10.1.3.1 -p 5202 -t 2 | tail -4 ||
	die "iperf3 through the NSH chain failed"

say "NSH counters"
run "$sfp" -n hostb -s dev show
run "$sfp" -n hosta -s fwd show
run "$sfp" -n hosta -s classifier show
