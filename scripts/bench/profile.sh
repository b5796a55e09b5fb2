#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Where CPU 0 (generator and VNF host in scripts/bench/guest.sh) spends its time
# under the pps load, per configuration: perf's cpu-clock samples (the only
# event a TCG guest has), flat by symbol. Runs inside the VM:
#
#   SFCPROXY_BENCH_ICOUNT= scripts/bench/vm -- bash scripts/bench/profile.sh [CONFIG LABELS]...
#
# with the host's clock: on the instruction clock that scripts/bench/vm
# uses by default, the sampling timer fires at the same point of every
# few-thousand-instruction loop and the profile shows only that point.
#
# e.g. `plain 0 sfp-id 1 sfp-header 10 mplsr 10` (the default).
set -euo pipefail
source "$(dirname "$0")/guest.sh"

SECS=${SFCPROXY_BENCH_PPS_SECS:-3}
[ $# -gt 0 ] || set -- plain 0 sfp-id 1 sfp-header 1 sfp-header 10 mplsr 10
load_modules
while [ $# -ge 2 ]; do
	cfg=$1 n=$2
	shift 2
	setup "$cfg" "$n"
	receiver drop
	pktgen_start "$n"
	sleep 1
	a=$(rx_packets)
	perf record -q -g -C 0 -e cpu-clock -o /tmp/perf.data -- sleep "$SECS" 2>/dev/null
	b=$(rx_packets)
	pktgen_stop
	echo "=== $cfg labels=$n: $(((b - a) / SECS)) packets/s at the receiver"
	samples=$(perf report -i /tmp/perf.data --stdio --sort dso 2>/dev/null |
		sed -n 's/^# Samples: \([0-9.]*[KM]*\).*/\1/p' | head -1)
	echo "$samples cpu-clock samples on CPU 0; self time by symbol:"
	perf report -q -i /tmp/perf.data --no-children --sort sym \
		--percent-limit "${SFCPROXY_BENCH_PERF_LIMIT:-1.5}" -g none \
		2>/dev/null | sed 's/ *$//' | grep -v '^$' | head -40
	echo "inclusive time of the entry points:"
	perf report -q -i /tmp/perf.data --children --sort sym -g none 2>/dev/null |
		grep -E 'sfp_|mpls_forward|ip_forward$|ip_rcv$|__netif_receive_skb_core|net_rx_action|pktgen|veth_xmit|neigh_xmit|fib_rules_lookup|ip_route_output_key_hash' |
		sed 's/ *$//' | head -25
done
