#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every selftest inside the test VM (scripts/vm-run boots it once for
# the whole suite). Loads sfcproxy.ko, runs the C harness tests and the shell
# tests, echoes their TAP output, and counts their subtests. The counts go to
# $SFP_RESULTS (default build/vm-results) for `make check` to add up; the last
# line printed is the VM's own "N passed, N failed, N skipped".
#
# Usage: selftests/run.sh [TEST...]   (default: all; names as listed below)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
results=${SFP_RESULTS:-$top/build/vm-results}
per_test_timeout=${SFP_TEST_TIMEOUT:-900}

# C harness tests first (netlink contract), then end-to-end shell tests.
all_tests=(
	build/sfp_genl
	lifecycle.sh
	cli.sh
	mpls.sh
	nsh.sh
	apply.sh
	srv6.sh
	pipe.sh
	nlfuzz.sh
	limits.sh
)
tests=("${@:-${all_tests[@]}}")

passed=0 failed=0 skipped=0
mkdir -p "$(dirname "$results")"

if ! grep -q '^sfcproxy ' /proc/modules; then
	if ! insmod "$top/kmod/sfcproxy.ko"; then
		echo "not ok - insmod sfcproxy.ko failed"
		echo "passed=0 failed=1 skipped=0" >"$results"
		echo "0 passed, 1 failed, 0 skipped"
		exit 1
	fi
fi

for t in "${tests[@]}"; do
	log=$(mktemp)
	echo "# ---- $t"
	(cd "$here" && timeout -k 10 "$per_test_timeout" "./$t") 2>&1 | tee "$log"
	st=${PIPESTATUS[0]}
	# Subtest lines at any indentation, as the harness and lib.sh print them.
	p=$(grep -cE '^ *ok [0-9]+' "$log" | tr -d ' ')
	s=$(grep -cE '^ *ok [0-9]+ .*# *SKIP' "$log" | tr -d ' ')
	f=$(grep -cE '^ *not ok [0-9]+' "$log" | tr -d ' ')
	p=$((p - s))
	# A program that died or timed out without saying why still failed.
	if [ "$st" -ne 0 ] && [ "$st" -ne 4 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited with status $st"
		f=1
	fi
	if [ "$st" -eq 4 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then
		s=1
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	rm -f "$log"
	# every test must leave the module loaded for the next one
	grep -q '^sfcproxy ' /proc/modules || insmod "$top/kmod/sfcproxy.ko"
done

# Unloading last shows that whatever the tests left behind can be torn down.
if ! rmmod sfcproxy; then
	echo "not ok - rmmod sfcproxy after the suite failed"
	failed=$((failed + 1))
fi

echo "passed=$passed failed=$failed skipped=$skipped" >"$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
