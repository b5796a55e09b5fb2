#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A/B comparison of two builds of the module: the pps load of guest.sh, with
# build A and build B loaded in turn within each round of one VM boot, so
# that a datapath change is judged by ratios measured side by side rather
# than against a run made another day. Runs inside the VM:
#
#   cp kmod/sfcproxy.ko build/ab/old.ko   # before the change, then rebuild
#   scripts/bench/vm -- bash scripts/bench/ab.sh build/ab/old.ko \
#       kmod/sfcproxy.ko [CONFIG LABELS]...
#
# (the .ko files must be where the guest sees them: it shares the host's
# tree, but /tmp, /run and /root are its own tmpfs). Default
# configurations: hook-id 1, hook-header 1, sfp-id 1, mplsr 1, hook-id 10.
# Every side of every round measures plain forwarding
# first. The table gives each configuration's median pps per build, B's
# median over A's, and each build's ratio to plain forwarding in the same
# round. plain and mplsr do not use the module: they are the controls,
# whose B/A shows how much the machine itself moved.
#
# Environment: SFCPROXY_BENCH_ROUNDS (default 5), SFCPROXY_BENCH_PPS_SECS,
# SFCPROXY_BENCH_OUT (default build/bench/ab.jsonl).
set -euo pipefail
source "$(dirname "$0")/guest.sh"

[ $# -ge 2 ] || { echo "usage: ab.sh A.ko B.ko [CONFIG LABELS]..." >&2; exit 2; }
ko_a=$(realpath "$1") ko_b=$(realpath "$2")
shift 2
[ $# -gt 0 ] || set -- hook-id 1 hook-header 1 sfp-id 1 mplsr 1 hook-id 10
pairs=("$@")
OUT=${SFCPROXY_BENCH_OUT:-$top/build/bench/ab.jsonl}
mkdir -p "$(dirname "$OUT")"
: >"$OUT"

load_build() {	# KO
	if grep -q '^sfcproxy ' /proc/modules; then
		topo_cleanup
		rmmod sfcproxy
	fi
	insmod "$1"
}

load_peer_modules
for ((r = 1; r <= ROUNDS; r++)); do
	# alternate which build goes first
	sides="A B"
	[ $((r % 2)) -eq 0 ] && sides="B A"
	for side in $sides; do
		if [ "$side" = A ]; then load_build "$ko_a"; else load_build "$ko_b"; fi
		measure_pps "$side:$r" plain 0
		for ((i = 0; i + 1 < ${#pairs[@]}; i += 2)); do
			measure_pps "$side:$r" "${pairs[i]}" "${pairs[i + 1]}"
		done
	done
done
topo_cleanup

/usr/bin/python3 - "$OUT" <<'EOF'
import json, statistics, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if '"round"' in l]
plain = {r['round']: r['value'] for r in recs if r['config'] == 'plain'}
pts = {}
for r in recs:
    side, rnd = r['round'].split(':')
    pts.setdefault((r['config'], r['labels']), {}).setdefault(side, {})[rnd] = r['value']
med = statistics.median
def fmt(xs):
    return f"{med(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})" if xs else "-"
def vs_plain(side, vals):
    return [v / plain[f"{side}:{k}"] for k, v in vals.items() if plain.get(f"{side}:{k}")]
print("| configuration | labels | A pps | B pps | B / A (medians) | A vs plain | B vs plain |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (cfg, n), sides in pts.items():
    a, b = sides.get('A', {}), sides.get('B', {})
    if not a or not b:
        continue
    ra = fmt(vs_plain('A', a)) if cfg != 'plain' else '-'
    rb = fmt(vs_plain('B', b)) if cfg != 'plain' else '-'
    print(f"| {cfg} | {n} | {med(a.values()):.0f} | {med(b.values()):.0f} | "
          f"{med(b.values()) / med(a.values()):.2f} | {ra} | {rb} |")
EOF
