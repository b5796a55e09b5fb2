#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM half of `make bench` (scripts/bench/run.sh boots the VM). Builds the
# paper's line of three hosts in network namespaces for each configuration
# in turn and measures it:
#
#   snd s0 --- sv [vnf: proxy + VNF] vr --- r0 rcv
#
# configurations
#   plain       IP forwarding on the VNF host, no labels (the ceiling)
#   mplsr       the kernel's mpls_router as a static proxy: every label of
#               the stack is popped by a label route (non-bottom labels go
#               round through lo, as mpls_router pops one label per pass),
#               the VNF forwards, and its output route pushes a fixed stack
#               with mpls_iptunnel
#   sfp-header  sfcproxy, key header, forwarding VNF
#   sfp-id      sfcproxy, key id, forwarding VNF
#   sfp-id-nat  sfcproxy, key id, VNF doing SNAT (nftables)
#   plain-nat   IP forwarding with the same SNAT, no labels: what the NAT
#               function costs without a proxy, the baseline for sfp-id-nat
#   hook-header, hook-id
#               sfcproxy with the egress hook on the output device
#               (egress-dev vr) instead of routing the VNF's output into
#               the proxy device: no policy rule, no second route lookup
#
# loads
#   pps      pktgen (60-byte UDP frames, one fresh skb each, labels pushed
#            by pktgen) and the whole VNF host on one CPU, CPU 0: pktgen
#            queues a packet, and the softirq that follows forwards it. So
#            1/pps is the generator's cost plus the datapath's. The `gen`
#            configuration (the VNF host drops every frame on arrival)
#            measures the generator alone, which the report subtracts to
#            give the datapath's own cost. (Generating on one CPU and
#            forwarding on the other was tried: under TCG the inter-CPU
#            interrupts that hand packets over arrive so late that they,
#            not the datapath, set the rate.)
#   goodput  parallel iperf3 TCP processes (not -P: iperf3 is one thread)
#
# Each round runs every configuration in a rotated order; each measurement
# gets fresh namespaces. Results: one JSON object per line on $BENCH_OUT.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SFCPROXY=$top/tools/sfcproxy/build/sfcproxy
# shellcheck source=selftests/wait.sh
source "$top/selftests/wait.sh"
# shellcheck source=selftests/topo.sh
source "$top/selftests/topo.sh"

ROUNDS=${SFCPROXY_BENCH_ROUNDS:-5}
LABELS=${SFCPROXY_BENCH_LABELS:-"1 2 5 10"}
# goodput takes longer per point: label counts it is measured at
TCP_LABELS=${SFCPROXY_BENCH_TCP_LABELS:-"1 10"}
PPS_SECS=${SFCPROXY_BENCH_PPS_SECS:-2}
TCP_SECS=${SFCPROXY_BENCH_TCP_SECS:-3}
TCP_PROCS=${SFCPROXY_BENCH_TCP_PROCS:-4}
# empty: no cache-size series
CACHE_SIZES=${SFCPROXY_BENCH_CACHE_SIZES-"10000 100000 1000000"}
LOADS=${SFCPROXY_BENCH_LOADS:-"pps goodput"}
OUT=${SFCPROXY_BENCH_OUT:-$top/build/bench/raw.jsonl}

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# the kernel's own parts the configurations use, sfcproxy aside
load_peer_modules() {
	modprobe -a mpls_router mpls_iptunnel mpls_gso pktgen nf_tables nft_nat
}

load_modules() {
	load_peer_modules
	grep -q '^sfcproxy ' /proc/modules || insmod "$top/kmod/sfcproxy.ko"
}

trap topo_cleanup EXIT

# the line of three hosts (selftests/topo.sh), fresh for every measurement;
# no rp_filter on the VNF host, and neighbours resolved before any load
topology() {
	topo_cleanup
	topo_line
	ip netns exec vnf sysctl -qw net.ipv4.conf.all.rp_filter=0
	tc -n rcv qdisc add dev r0 clsact
	ip netns exec vnf ping -qc1 -W2 10.0.2.1 >/dev/null
	ip netns exec vnf ping -qc1 -W2 10.0.1.1 >/dev/null
}

sfp_proxy() {	# route|hook KEY [device options...]
	local egress=$1 key=$2
	shift 2
	topo_mpls_proxy sfp0 "$egress" key "$key" cache-size 65536 "$@"
}

# the NAT function: source NAT of what leaves the VNF host towards rcv
vnf_snat() {
	ip netns exec vnf nft -f - <<-'EOF'
		table ip nat {
			chain post {
				type nat hook postrouting priority srcnat;
				oifname "vr" snat to 10.0.2.2
			}
		}
	EOF
}

# setup CONFIG LABELS: the VNF host's part of a configuration
setup() {
	local cfg=$1 n=$2 l
	topology
	case $cfg in
	plain) ;;
	gen)	# the generator alone: every frame dropped on arrival
		tc -n vnf qdisc add dev sv clsact
		tc -n vnf filter add dev sv ingress pref 1 protocol all matchall action drop
		;;
	mplsr)
		ip netns exec vnf sysctl -qw net.mpls.platform_labels=1000 \
			net.mpls.conf.sv.input=1 net.mpls.conf.lo.input=1
		for l in $(topo_stack "$n" | tr / ' '); do
			ip -n vnf -f mpls route add "$l" dev lo
		done
		if [ "$n" -gt 1 ]; then
			ip -n vnf route add 10.0.2.1/32 encap mpls "$(topo_rest "$n")" \
				via 10.0.2.1 dev vr
		fi
		;;
	sfp-header) sfp_proxy route header ;;
	sfp-id) sfp_proxy route id ;;
	hook-header) sfp_proxy hook header ;;
	hook-id) sfp_proxy hook id ;;
	sfp-id-nat)
		sfp_proxy route id
		vnf_snat
		;;
	plain-nat) vnf_snat ;;
	*) echo "unknown configuration $cfg" >&2; return 1 ;;
	esac
}

# the receiver ends the chain: pop what is left (goodput); under the pps
# load nothing goes further than the VNF host's output device, where a tc
# filter counts and drops it. (Delivering to the receiver would make CPU 1
# queue each packet a second time, on the backlog the generator floods, and
# the work of every packet that then finds it full would count for nothing.)
receiver() {	# pop N | drop
	if [ "$1" = drop ]; then
		tc -n vnf qdisc add dev vr clsact
		tc -n vnf filter add dev vr egress pref 1 protocol all matchall action drop
		return
	fi
	topo_receiver_pops "$2"
}

# packets that left the VNF host (dropped by the pps load's output filter),
# or for `gen` the frames it dropped on arrival
rx_packets() {
	tc -n vnf -s -j filter show dev "${1:-vr}" "${2:-egress}" |
		jq '[.[] | .options.actions[]?.stats.packets // 0] | add // 0'
}
backlog_drops() {	# column 2 of CPU 0's line: packets its backlog dropped
	local d
	d=$(sed -n 1p /proc/net/softnet_stat | cut -d' ' -f2)
	echo $((16#$d))
}

pktgen_set() { echo "$1" >/proc/net/pktgen/s0; }

# pktgen_start LABELS [DST [COUNT [RATE]]]: UDP frames from CPU 0's thread
pktgen_start() {
	local n=$1 dst=${2:-10.0.2.1} count=${3:-0} rate=${4:-0} mac l lses=""
	mac=$(ip -n vnf -j link show sv | jq -r '.[0].address')
	if [ "$n" -gt 0 ]; then
		for l in $(topo_stack "$n" | tr / ' '); do
			lses+="$(printf '%08x' $(((l << 12) | 64))),"
		done
	fi
	ip netns exec snd bash -c "
		echo rem_device_all >/proc/net/pktgen/kpktgend_0
		echo add_device s0 >/proc/net/pktgen/kpktgend_0
		$(declare -f pktgen_set)
		for s in 'count $count' 'clone_skb 0' 'pkt_size 60' 'delay 0' \
			 'dst $dst' 'dst_mac $mac' 'udp_src_min 9' 'udp_src_max 9' \
			 'udp_dst_min 9' 'udp_dst_max 9'; do
			pktgen_set \"\$s\"
		done
		[ -z '$lses' ] || pktgen_set 'mpls ${lses%,}'
		[ $rate -eq 0 ] || pktgen_set 'ratep $rate'
		exec sh -c 'echo start >/proc/net/pktgen/pgctrl'" &
	pktgen_pid=$!
}

pktgen_stop() {
	ip netns exec snd sh -c 'echo stop >/proc/net/pktgen/pgctrl'
	wait "$pktgen_pid" || true
}

# sfcproxy counters of the measurement, as a JSON object (or null)
sfp_counters() {
	if ip -n vnf link show sfp0 >/dev/null 2>&1; then
		"$SFCPROXY" -n vnf -j stats show dev sfp0 | jq -c '.[0] | {rx_success,
			tx_success, tx_not_cached, rx_duplicate, evicted, expired,
			alloc_fail, cache_entries}'
	else
		echo null
	fi
}

record() {	# round cfg labels load value unit extra-json
	jq -cn --arg round "$1" --arg config "$2" --argjson labels "$3" \
		--arg load "$4" --argjson value "$5" --arg unit "$6" \
		--argjson extra "$7" \
		'{round: $round, config: $config, labels: $labels, load: $load,
		  value: $value, unit: $unit} + $extra' >>"$OUT"
}

# Run right before and right after the window of pps_window(); nothing by
# default (scripts/bench/iprof-guest.sh marks the window for its plugin).
window_open() { :; }
window_close() { :; }

# pps_window CFG LABELS: one window of PPS_SECS seconds of the pps load,
# configuration already set up; sets win_packets (counted where the load
# is dropped) and win_drops (packets the VNF host's backlog dropped)
pps_window() {
	local where=() a b da db
	[ "$1" = gen ] && where=(sv ingress)
	pktgen_start "$2"
	sleep 1
	a=$(rx_packets "${where[@]}")
	da=$(backlog_drops)
	window_open
	sleep "$PPS_SECS"
	window_close
	db=$(backlog_drops)
	b=$(rx_packets "${where[@]}")
	pktgen_stop
	win_packets=$((b - a))
	win_drops=$((db - da))
}

# One pps measurement. When the VNF host's backlog drops packets, the
# softirq work has moved to ksoftirqd (a wake-up of another task can start
# that) and runs in batches while pktgen outruns it: the rate is then not
# one packet's path any more. Such a measurement is taken again, up to three
# tries; the record keeps the drops of the one it reports, and report.py
# leaves out any that still has them.
measure_pps() {	# round cfg labels
	local r=$1 cfg=$2 n=$3 pps try
	setup "$cfg" "$n"
	receiver drop
	for try in 1 2 3; do
		pps_window "$cfg" "$n"
		pps=$((win_packets / PPS_SECS))
		log "round $r $cfg labels=$n pps=$pps backlog_drops=$win_drops try=$try"
		[ "$win_drops" -eq 0 ] && break
	done
	record "$r" "$cfg" "$n" pps "$pps" packets/s \
		"{\"backlog_drops\": $win_drops, \"tries\": $try, \"sfcproxy\": $(sfp_counters)}"
}

measure_goodput() {	# round cfg labels
	local r=$1 cfg=$2 n=$3 i bps dir
	setup "$cfg" "$n"
	receiver pop $((n > 0 ? n - 1 : 0))
	if [ "$n" -gt 0 ]; then
		ip -n snd route add 10.0.2.0/24 encap mpls "$(topo_stack "$n")" via 10.0.1.2
	else
		ip -n snd route add 10.0.2.0/24 via 10.0.1.2
	fi
	dir=$(mktemp -d)
	for ((i = 0; i < TCP_PROCS; i++)); do
		iperf3_server rcv $((5300 + i))
	done
	for ((i = 0; i < TCP_PROCS; i++)); do
		ip netns exec snd timeout $((TCP_SECS + 20)) iperf3 -J \
			-c 10.0.2.1 -p $((5300 + i)) -t "$TCP_SECS" >"$dir/$i.json" &
	done
	wait
	bps=$(jq -s '[.[].end.sum_received.bits_per_second // 0] | add | floor' "$dir"/*.json)
	rm -rf "$dir"
	log "round $r $cfg labels=$n goodput=$((bps / 1000)) kbit/s"
	record "$r" "$cfg" "$n" goodput "$bps" bit/s "{\"sfcproxy\": $(sfp_counters)}"
}

# every (configuration, labels) pair of one round
pairs() {
	local n
	echo "gen 0"
	echo "plain 0"
	echo "plain-nat 0"
	for n in $LABELS; do
		echo "mplsr $n"
		echo "sfp-header $n"
		echo "sfp-id $n"
		echo "sfp-id-nat $n"
		echo "hook-header $n"
		echo "hook-id $n"
	done
}

# Cache behaviour at size: N entries of packets the VNF drops (never to
# come back) sit in the cache while the pps load runs through it.
measure_cache() {	# round entries
	local r=$1 size=$2 a b pps slab0 slab1 got
	setup sfp-header 1
	"$SFCPROXY" -n vnf dev set sfp0 cache-size $((size * 2)) cache-timeout 3600000
	ip -n vnf route add blackhole 10.0.2.99/32 table 100
	slab0=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
	pktgen_start 1 10.0.2.99 "$size" 40000
	wait "$pktgen_pid" || true
	got=$("$SFCPROXY" -n vnf -j stats show dev sfp0 | jq '.[0].cache_entries')
	slab1=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
	receiver drop
	pktgen_start 1
	sleep 1
	a=$(rx_packets)
	sleep "$PPS_SECS"
	b=$(rx_packets)
	pktgen_stop
	pps=$(((b - a) / PPS_SECS))
	log "round $r cache=$got entries pps=$pps slab_delta=$(((slab1 - slab0) * 1024 / (got > 0 ? got : 1))) B/entry"
	record "$r" sfp-header-cache 1 pps "$pps" packets/s \
		"{\"cache_entries\": $got, \"slab_bytes\": $(((slab1 - slab0) * 1024))}"
}

slab_facts() {
	local d=/sys/kernel/slab/sfp_entry
	jq -cn --argjson obj "$(cat $d/object_size)" --argjson slab "$(cat $d/slab_size)" \
		'{facts: "slab", object_size: $obj, slab_size: $slab}' >>"$OUT"
}

main() {
	mkdir -p "$(dirname "$OUT")"
	: >"$OUT"
	load_modules
	slab_facts
	mapfile -t all < <(pairs)
	for ((r = 1; r <= ROUNDS; r++)); do
		for ((i = 0; i < ${#all[@]}; i++)); do
			# rotate the order each round so no configuration always runs
			# first (or right after the same neighbour)
			set -- ${all[$(((i + r - 1) % ${#all[@]}))]}
			for load in $LOADS; do
				# gen forwards nothing: no goodput to measure
				if [ "$load" = goodput ] && { [ "$1" = gen ] ||
				   { [ "$2" -gt 0 ] && ! grep -qw "$2" <<<"$TCP_LABELS"; }; }; then
					continue
				fi
				"measure_$load" "$r" "$1" "$2"
			done
		done
	done
	for size in $CACHE_SIZES; do
		for ((r = 1; r <= 2; r++)); do
			measure_pps "c$r" plain 0
			measure_cache "c$r" "$size"
		done
	done
	log "done: $(wc -l <"$OUT") records in $OUT"
}

# sourced (by the profile helper or a selftest) it only defines functions
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main
fi
