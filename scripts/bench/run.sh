#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: installs what is missing, builds, measures the packet code in
# user space (scripts/bench/ubench.sh), then boots the VM once and runs every
# configuration of scripts/bench/guest.sh in interleaved rounds, and turns the
# records into build/bench/report.md and report.json (scripts/bench/report.py).
# The VM counts time in instructions (scripts/bench/vm), so the host's load
# does not move the rates; the wall-clock time of the run still grows with it.
#
# Environment: SFCPROXY_BENCH_ROUNDS (default 5), SFCPROXY_BENCH_LABELS,
# SFCPROXY_BENCH_TCP_LABELS, SFCPROXY_BENCH_CACHE_SIZES, SFCPROXY_BENCH_LOADS
# (see guest.sh), SFCPROXY_BENCH_ICOUNT (see scripts/bench/vm).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
bash scripts/deps.sh
make -s all >/dev/null
bash scripts/bench/ubench.sh
scripts/bench/vm --timeout 5400 -- bash scripts/bench/guest.sh
/usr/bin/python3 scripts/bench/report.py build/bench/raw.jsonl \
	build/bench/report.md build/bench/report.json
clock="guest clock: the host's, $(nproc) vCPUs"
[ -z "${SFCPROXY_BENCH_ICOUNT-2}" ] ||
	clock="guest clock: instructions (icount shift=${SFCPROXY_BENCH_ICOUNT-2}), 1 vCPU"
{
	echo
	echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { print int($2 / 1024) " MiB" }' /proc/meminfo);" \
		"guest kernel $(scripts/kver) under QEMU TCG," \
		"$clock, guest kernel command line + init_on_alloc=0"
	echo "raw records: build/bench/raw.jsonl; user-space numbers: build/bench/ubench.md"
} | tee -a build/bench/report.md
