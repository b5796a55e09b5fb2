#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test for scripts/vm/scan-kernel-log, runnable on the host without a
# VM: a clean boot log must pass, and each kind of kernel splat must fail.
# The stock Debian kernel has no safe way to raise a real WARN_ON (no
# LKDTM), so the detector is checked here on samples; vm-run's end-to-end
# path is checked by injecting lines through /dev/kmsg in the guest.
set -euo pipefail

scan=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/scan-kernel-log
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0

check() { # name expected-exit file
	local got=0
	"$scan" "$3" >"$tmp/out" 2>&1 || got=$?
	if [ "$got" = "$2" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: $1: exit $got, expected $2"
		sed 's/^/    /' "$tmp/out"
		fails=$((fails + 1))
	fi
}

# A clean boot, with near misses that must not trip the scan: other
# capitalisations of "warning", "bug" inside words, taint from an
# out-of-tree module (expected for sfcproxy), "Oops"-free oops_in_progress.
cat >"$tmp/good" <<'EOF'
[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2
[    0.012000] ACPI BIOS Warning (bug): Incorrect checksum in table [BGRT]
[    0.300000] random: crng init done
[    2.000000] Unstable clock detected, switching default tracing clock to "global"
[    3.100000] usb: port power management may be unreliable (debug only)
[    4.000000] sfcproxy: loading out-of-tree module taints kernel.
[    4.100000] sfcproxy: module verification failed: signature and/or required key missing - tainting kernel
[    4.200000] warning: `trafgen' uses legacy ethtool link settings API
[    5.000000] vm-init: command exited with 0
EOF
check "clean log" 0 "$tmp/good"

# One line from each kind of report vm-run must fail on.
bad_lines=(
	'[   10.1] WARNING: CPU: 1 PID: 123 at net/core/dev.c:1234 dev_queue_xmit+0x1/0x2'
	'[   10.1] ------------[ cut here ]------------'
	'[   10.1] BUG: kernel NULL pointer dereference, address: 0000000000000008'
	'[   10.1] BUG: sleeping function called from invalid context at mm/slab.h:1'
	'[   10.1] Oops: 0000 [#1] PREEMPT SMP NOPTI'
	'[   10.1] BUG: KASAN: slab-use-after-free in sfp_rx+0x10/0x20'
	'[   10.1] UBSAN: shift-out-of-bounds in net/mpls/af_mpls.c:100:5'
	'[   10.1] refcount_t: underflow; use-after-free.'
	'[   10.1] general protection fault, probably for non-canonical address 0xdead000000000100'
	'[   10.1] Kernel panic - not syncing: Fatal exception in interrupt'
	'[   10.1] list_add corruption. prev->next should be next (ffff888004e0), but was 0000000000000000.'
	'[   10.1] list_del corruption, ffff888004e0->next is LIST_POISON1 (dead000000000100)'
	'unreferenced object 0xffff888003d5a000 (size 256):'
	'[   10.1] Call Trace:'
)
i=0
for l in "${bad_lines[@]}"; do
	{ cat "$tmp/good"; echo "$l"; } >"$tmp/bad$i"
	check "bad sample: $l" 1 "$tmp/bad$i"
	# The offending line itself must be printed.
	if ! { "$scan" "$tmp/bad$i" || true; } | grep -qF -- "$l"; then
		echo "FAIL: offending line not printed for: $l"
		fails=$((fails + 1))
	fi
	i=$((i + 1))
done

check "missing file" 2 "$tmp/does-not-exist"

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]
