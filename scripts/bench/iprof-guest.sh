#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM half of scripts/bench/iprof.sh: for each CONFIG LABELS pair, the pps
# load of scripts/bench/guest.sh, with the iprof plugin's marker called
# (`hostname`, i.e. sethostname(2)) right before and right after a window of
# SFCPROXY_BENCH_PPS_SECS seconds. Snapshots 2k-1 and 2k bracket window k;
# DIR/windows gets "CONFIG LABELS PACKETS" per window (a pair measured
# again has several), DIR/kallsyms the addresses of the kernel's and the
# modules' functions.
#
#   scripts/bench/iprof-guest.sh DIR CONFIG LABELS [CONFIG LABELS]...
set -euo pipefail
# shellcheck source=scripts/bench/guest.sh
source "$(dirname "$0")/guest.sh"

dir=$1
shift
PPS_SECS=${SFCPROXY_BENCH_PPS_SECS:-3}
window_open() { hostname iprof-start; }
window_close() { hostname iprof-end; }
load_modules
# warm-up, unmeasured: in the first load after boot the slabs still grow,
# the softirq falls behind pktgen, and packets then go through the backlog
# in batches, another path per packet than the one measured afterwards
# (iprof.py flags such windows)
setup plain 0
receiver drop
pktgen_start 0
sleep 3
pktgen_stop
: >"$dir/windows"
while [ $# -ge 2 ]; do
	cfg=$1 n=$2
	shift 2
	setup "$cfg" "$n"
	receiver drop
	# as guest.sh's measure_pps: a window in which the backlog dropped
	# packets ran in batches (iprof.py flags it) and is taken again
	for _ in 1 2 3; do
		pps_window "$cfg" "$n"
		echo "$cfg $n $win_packets" >>"$dir/windows"
		log "$cfg labels=$n: $win_packets packets, backlog drops $win_drops"
		[ "$win_drops" -eq 0 ] && break
	done
done
cat /proc/kallsyms >"$dir/kallsyms"
