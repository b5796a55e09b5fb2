#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Host self-test of scripts/bench/iprof.sh's parts, no VM: the TCG plugin
# builds warning-free, and iprof.py turns a made-up run (kallsyms, three
# windows of snapshots) into the right instructions per packet, flags the
# batched window and leaves it out of the comparison. Prints TAP lines and
# a final "N passed, N failed" line; exits non-zero when a check failed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=scripts/tap.sh
source "$here/../tap.sh"

gcc -O2 -Wall -Wextra -Werror -shared -fPIC -o "$tmp/iprof.so" \
	"$here/iprof/iprof.c" 2>"$tmp/cc.log"
st=$?
sed 's/^/# /' "$tmp/cc.log"
result $st "the plugin builds with -Wall -Wextra -Werror"

run=$tmp/run
mkdir -p "$run"
printf '%s\n' \
	'ffffffff81000000 T net_rx_action' \
	'ffffffff81001000 T ip_forward' \
	'ffffffffc0000000 t mall_classify	[cls_matchall]' \
	'ffffffffc0001000 t sfp_mpls_rx	[sfcproxy]' >"$run/kallsyms"
printf '%s\n' 'plain 0 120' 'hook-id 1 120' 'hook-id 1 120' >"$run/windows"
# snapshot lines: address (hex), instructions, block runs; cumulative
snap() { printf '%s\n' "$@" >"$run/snap.$k"; k=$((k + 1)); }
k=1
# window 1, plain: 100 packets, one softirq round each, 40 instructions
# in ip_forward per packet (two blocks), 2 in user space
snap 'ffffffffc0000000 0 0' 'ffffffff81000000 0 0' 'ffffffff81001000 0 0' \
	'400000 0 0'
snap 'ffffffffc0000000 500 100' 'ffffffff81000000 300 100' \
	'ffffffff81001000 3000 100' 'ffffffff81001010 1000 100' '400000 200 5'
# window 2, hook-id: 50 packets, 60 more per packet in sfp_mpls_rx
snap 'ffffffffc0000000 500 100' 'ffffffff81000000 300 100' \
	'ffffffff81001000 3000 100' 'ffffffff81001010 1000 100' '400000 200 5'
snap 'ffffffffc0000000 750 150' 'ffffffff81000000 450 150' \
	'ffffffff81001000 4500 150' 'ffffffff81001010 1500 150' \
	'ffffffffc0001000 3000 50' '400000 300 9'
# window 3, batched: 50 packets in 2 softirq rounds
snap 'ffffffffc0000000 750 150' 'ffffffff81000000 450 150' \
	'ffffffff81001000 4500 150' 'ffffffff81001010 1500 150' \
	'ffffffffc0001000 3000 50' '400000 300 9'
snap 'ffffffffc0000000 1000 200' 'ffffffff81000000 456 152' \
	'ffffffff81001000 6000 200' 'ffffffff81001010 2000 200' \
	'ffffffffc0001000 6000 100' '400000 400 12'

python3 "$here/iprof.py" "$run" >"$tmp/out" 2>&1
st=$?
sed 's/^/# /' "$tmp/out"
result $st "iprof.py reads the run"
grep -qxF '| plain/0 | 100 | 50 | 1.00 |' "$tmp/out"
result $? "plain: packets from the packet function's calls, whole-CPU instructions per packet"
grep -qxF '| hook-id/1 | 50 | 110 | 1.00 |' "$tmp/out"
result $? "hook-id: 60 more per packet in the module"
grep -qxF '| hook-id/1 | 50 | 107 | 0.04 (batched) |' "$tmp/out"
result $? "a window with fewer softirq rounds than packets is flagged"
[ "$(grep -c 'against plain/0' "$tmp/out")" -eq 1 ] &&
	grep -qF '### hook-id/1 against plain/0: +60 instructions per packet' "$tmp/out"
result $? "only the steady window is compared, by its difference"
grep -qxF "sfcproxy's own functions: 60" "$tmp/out" &&
	grep -qxF '| sfp_mpls_rx [sfcproxy] | 0.0 | 60.0 | +60.0 |' "$tmp/out" &&
	grep -qxF '| ip_forward | 40.0 | 40.0 | +0.0 |' "$tmp/out"
result $? "blocks add up per function, module functions named with their module"

tap_summary
