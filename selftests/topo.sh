# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The line of three hosts that the SR-MPLS paper measures, written once for
# the selftests, the benchmark guest and the demo (each sources this file):
#
#   SND s0 (10.0.1.1) ---- sv (10.0.1.2) [VNF] vr (10.0.2.2) ---- r0 (10.0.2.1) RCV
#
# With --ipv6 the same links also carry fc00:1::/64 and fc00:2::/64 (::1 at
# the ends, ::2 on the VNF host). The namespace names are $TOPO_SND,
# $TOPO_VNF and $TOPO_RCV (snd, vnf, rcv unless the caller set them before
# sourcing). SFCPROXY is the tool's path. When TOPO_RUN is set, the proxy
# steps run through it, so the demo can print each command it shows.

: "${TOPO_SND:=snd}" "${TOPO_VNF:=vnf}" "${TOPO_RCV:=rcv}"

# namespaces the selftests make are removed when the script exits
# (new_netns from lib.sh); the benchmark and the demo remove theirs with
# topo_cleanup
topo_netns() {
	if declare -F new_netns >/dev/null; then
		new_netns "$1"
	else
		ip netns add "$1"
		ip -n "$1" link set lo up
	fi
}

topo_cleanup() {
	local n
	for n in "$TOPO_SND" "$TOPO_VNF" "$TOPO_RCV"; do
		ip netns del "$n" 2>/dev/null || true
	done
}

# topo_line [--ipv6] [--mtu N]: the three namespaces, their links and
# routes; the VNF host forwards (no redirects: the function sends packets
# back out of the link they came in on) and the receiver routes back to
# the sender. The sender sends one packet per skb: the proxy caches a
# header per packet, and GSO would also flatter plain forwarding in the
# benchmark.
topo_line() {
	local v6=0 mtu="" l
	while [ $# -gt 0 ]; do
		case $1 in
		--ipv6) v6=1 ;;
		--mtu) mtu="mtu $2"; shift ;;
		*) echo "topo_line: unknown option $1" >&2; return 1 ;;
		esac
		shift
	done
	for l in "$TOPO_SND" "$TOPO_VNF" "$TOPO_RCV"; do topo_netns "$l"; done
	ip link add s0 netns "$TOPO_SND" type veth peer name sv netns "$TOPO_VNF"
	ip link add r0 netns "$TOPO_RCV" type veth peer name vr netns "$TOPO_VNF"
	for l in "$TOPO_SND s0 1.1 1::1" "$TOPO_VNF sv 1.2 1::2" \
		 "$TOPO_VNF vr 2.2 2::2" "$TOPO_RCV r0 2.1 2::1"; do
		set -- $l
		ip -n "$1" addr add "10.0.$3/24" dev "$2"
		[ $v6 -eq 0 ] || ip -n "$1" addr add "fc00:$4/64" dev "$2" nodad
		# shellcheck disable=SC2086 # $mtu is a keyword and its value
		ip -n "$1" link set "$2" $mtu up
	done
	ip netns exec "$TOPO_SND" ethtool -K s0 tso off gso off >/dev/null
	ip netns exec "$TOPO_VNF" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.conf.all.send_redirects=0
	ip -n "$TOPO_RCV" route add 10.0.1.0/24 via 10.0.2.2
	[ $v6 -eq 1 ] || return 0
	ip netns exec "$TOPO_VNF" sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n "$TOPO_RCV" -6 route add fc00:1::/64 via fc00:2::2
}

# topo_mpls_proxy DEV EGRESS [dev add options...]: an SR-MPLS proxy DEV on
# the VNF host's sv for label 100. EGRESS says how the stack goes back on:
# "route", the function sends what arrives on DEV back into DEV (ip rule
# iif DEV -> table 100); "hook", the egress hook on vr; "none", the caller
# decides.
topo_mpls_proxy() {
	local dev=$1 egress=$2 run=${TOPO_RUN:-}
	shift 2
	$run "$SFCPROXY" -n "$TOPO_VNF" dev add "$dev" link sv encap mpls label 100 "$@"
	$run ip -n "$TOPO_VNF" link set "$dev" addrgenmode none
	$run ip -n "$TOPO_VNF" link set "$dev" up
	ip netns exec "$TOPO_VNF" sysctl -qw "net.ipv4.conf.$dev.send_redirects=0"
	case $egress in
	route)
		$run ip -n "$TOPO_VNF" rule add iif "$dev" lookup 100 pref 100
		$run ip -n "$TOPO_VNF" route add default dev "$dev" table 100
		;;
	hook) $run "$SFCPROXY" -n "$TOPO_VNF" dev set "$dev" egress-dev vr ;;
	none) ;;
	*) echo "topo_mpls_proxy: egress is route, hook or none, not $egress" >&2; return 1 ;;
	esac
}

# topo_stack N: a label stack of N entries, the proxy's 100 on top, then
# 201, 202, ...
topo_stack() {
	local i s=100
	for ((i = 1; i < $1; i++)); do s+="/$((200 + i))"; done
	echo "$s"
}

# topo_rest N: the part of topo_stack N that leaves the VNF host (the
# proxy pops its own label)
topo_rest() { topo_stack "$1" | cut -s -d/ -f2-; }

# topo_receiver_pops N: the receiver pops, with tc act_mpls, the N labels
# that reach it (none: the filter is only removed)
topo_receiver_pops() {
	local n=$1 i acts=""
	tc -n "$TOPO_RCV" filter del dev r0 ingress 2>/dev/null || true
	[ "$n" -gt 0 ] || return 0
	for ((i = 1; i < n; i++)); do acts+="action mpls pop protocol mpls_uc pipe "; done
	acts+="action mpls pop protocol ipv4"
	# shellcheck disable=SC2086 # one word per action keyword
	tc -n "$TOPO_RCV" filter add dev r0 ingress protocol mpls_uc flower $acts
}
