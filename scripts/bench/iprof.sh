#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Exact instructions per packet, by kernel function, for configurations of
# scripts/bench/guest.sh's pps load: the VM runs on the instruction clock
# with the iprof TCG plugin (scripts/bench/iprof/iprof.c) counting every
# instruction the guest executes, and the counts of a window of the load
# are divided by the packets forwarded in it. The first pair is the
# baseline the others are compared with, function by function.
#
#   scripts/bench/iprof.sh [CONFIG LABELS]...    (default: plain 0 hook-id 1)
#
# The marker's address is found once per kernel by a boot without KASLR
# (kept in build/iprof/), and every measuring boot runs without KASLR too,
# so that the address holds. Output: the table on stdout, the raw snapshots
# in build/iprof/run/.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
[ $# -gt 0 ] || set -- plain 0 hook-id 1
kver=${KVER:-$(scripts/kver)}
out=$top/build/iprof
mkdir -p "$out"

gcc -O2 -Wall -Wextra -shared -fPIC -o "$out/iprof.so" scripts/bench/iprof/iprof.c

markfile=$out/mark-$kver
if [ ! -s "$markfile" ]; then
	scripts/vm-run --timeout 300 --append nokaslr -- \
		sh -c "grep ' __x64_sys_sethostname\$' /proc/kallsyms | cut -d' ' -f1" >"$markfile"
	[ -s "$markfile" ] || { echo "iprof.sh: marker not found" >&2; exit 1; }
fi

rm -rf "$out/run"
mkdir -p "$out/run"
SFCPROXY_VM_PLUGIN="file=$out/iprof.so,mark=$(cat "$markfile"),out=$out/run/snap" \
	scripts/bench/vm --append nokaslr -- \
	bash scripts/bench/iprof-guest.sh "$out/run" "$@"
python3 scripts/bench/iprof.py "$out/run"
