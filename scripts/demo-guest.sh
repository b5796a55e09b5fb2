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
ip netns exec vnf sysctl -qw net.ipv4.ip_forward=1
ip -n receiver route add 10.0.1.0/24 via 10.0.2.2
ip -n sender route add 10.0.2.0/24 encap mpls 100/200/300 via 10.0.1.2

say "sfcproxy $("$sfp" -V | cut -d' ' -f2) loaded into $(uname -r)"
grep '^sfcproxy ' /proc/modules

say "a proxy device for the SF with label 100, on the VNF host's ingress"
run "$sfp" -n vnf dev add sfp0 link s-v encap mpls label 100 pop 1 key auto cache-size 10000
run ip -n vnf link set sfp0 up
run "$sfp" -n vnf dev show
run "$sfp" -n vnf -j -p dev show sfp0
run ip -n vnf -d link show sfp0

say "a second proxy (another VNF) on the same lower device, made by stock iproute2"
run ip -n vnf link add sfp1 link s-v type sfcproxy
run "$sfp" -n vnf dev set sfp1 label 400 key header miss pass
run "$sfp" -n vnf dev show

say "MPLS traffic from the sender: 100/200/300 on every packet"
ip netns exec sender ping -c 5 -i 0.2 -W 1 10.0.2.1 || true
echo "(the replies cannot come back: the VNF host does not forward the labelled"
echo " packets yet -- the caching datapath arrives with the SR-MPLS proxy issue)"

say "counters: frames on s-v that no proxy took are rx_ignored"
run "$sfp" -n vnf -s dev show sfp0
run "$sfp" -n vnf -j stats show dev sfp0
run ip -n vnf -s link show sfp0

say "cleanup: deleting the lower device deletes its proxies"
run ip -n vnf link del s-v
run "$sfp" -n vnf dev show
echo "(no proxy devices left)"
