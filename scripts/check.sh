#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: everything in one command, on a fresh Debian 12 machine too.
#   1. install what is missing (scripts/deps.sh)
#   2. build the module (W=1), the tool and the selftests
#   3. host layer: tool unit tests (ctest), static checks (W=1, sparse,
#      checkpatch), script self-tests, uapi/spec agreement, dkms build
#   4. VM layer: one boot of the 6.1 kernel runs selftests/run.sh
# and adds up every layer into the last line: "N passed, N failed, N skipped".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=$top/build/check
rm -rf "$logs"
mkdir -p "$logs"

passed=0 failed=0 skipped=0
t0=$(date +%s)

step() { echo; echo "==== $*"; }
pass() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

# add_counts LOG: take "N passed, N failed[, N skipped]" from a log's last such line
add_counts() {
	local line p f s
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		return 1
	fi
	p=$(sed -E 's/.*\b([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.*\b([0-9]+) failed.*/\1/' <<<"$line")
	s=0
	grep -qE '[0-9]+ skipped' <<<"$line" && s=$(sed -E 's/.*\b([0-9]+) skipped.*/\1/' <<<"$line")
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

# run_counted NAME CMD...: a sub-suite that prints its own count line
run_counted() {
	local name=$1 log=$logs/$1.log st
	shift
	"$@" >"$log" 2>&1
	st=$?
	cat "$log"
	if ! add_counts "$log"; then
		fail "$name printed no result line (exit $st)"
	elif [ $st -ne 0 ] && ! grep -qE '[1-9][0-9]* failed' "$log"; then
		fail "$name exited $st"
	fi
}

# run_check NAME CMD...: a check that passes or fails as a whole
run_check() {
	local name=$1 log=$logs/$1.log
	shift
	if "$@" >"$log" 2>&1; then
		pass "$name"
	else
		tail -n 30 "$log" | sed 's/^/#   /'
		fail "$name (log: build/check/$name.log)"
	fi
}

finish() {
	echo
	echo "# check took $(($(date +%s) - t0)) s"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

step "dependencies"
if ! bash scripts/deps.sh; then
	fail "dependencies missing (run scripts/deps.sh as root)"
	finish
fi

step "build"
kver=$(scripts/kver) || { fail "no 6.1 kernel installed"; finish; }
# one release for every step below (kmod, dkms, vm-run), whatever KVER was
export KVER=$kver
echo "KVER=$kver"
run_check build-kmod-W1 bash -c 'make -C kmod clean >/dev/null && make -C kmod W=1 2>&1 | tee /dev/stderr | { ! grep -E "warning:|error:"; }'
run_check build-tool make -C tools/sfcproxy
run_check build-selftests make -C selftests
if [ ! -f kmod/sfcproxy.ko ] || [ ! -x tools/sfcproxy/build/sfcproxy ] ||
   [ ! -x selftests/build/sfp_genl ]; then
	fail "build incomplete, not running tests"
	finish
fi

step "host tests"
# ctest's summary ("N% tests passed, F tests failed out of T") becomes ours
ct=$logs/tool-unit.log
ctest --test-dir tools/sfcproxy/build --output-on-failure >"$ct" 2>&1
cat "$ct"
if grep -qE 'tests failed out of [0-9]+' "$ct"; then
	total=$(grep -oE 'out of [0-9]+' "$ct" | tail -n 1 | grep -oE '[0-9]+')
	f=$(grep -oE '[0-9]+ tests failed' "$ct" | tail -n 1 | grep -oE '^[0-9]+')
	s=$(grep -c '(Skipped)' "$ct" || true)
	passed=$((passed + total - f - s)) failed=$((failed + f)) skipped=$((skipped + s))
	echo "tool unit tests: $((total - f - s)) passed, $f failed, $s skipped"
else
	fail "tool unit tests printed no ctest summary"
fi
# the module's packet code built in user space: GoogleTest, then libFuzzer
pu=$logs/pkt-unit.log
if make -C kmod/tests all >"$pu" 2>&1 && kmod/tests/build/test_sfp_pkt >>"$pu" 2>&1; then :; fi
cat "$pu"
p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$pu" | grep -oE '[0-9]+$' || echo 0)
f=$(grep -oE '^\[  FAILED  \] [0-9]+ test' "$pu" | grep -oE '[0-9]+' || echo 0)
if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
	fail "packet code unit tests did not run (log: build/check/pkt-unit.log)"
else
	passed=$((passed + p)) failed=$((failed + f))
	echo "packet code unit tests: $p passed, $f failed"
fi
run_check pkt-fuzz make -C kmod/tests check
run_counted scan-kernel-log bash scripts/vm/test-scan.sh
if [ -x scripts/test-check-uapi-spec.sh ]; then
	run_counted uapi-spec bash scripts/test-check-uapi-spec.sh
fi
run_counted iprof bash scripts/bench/test-iprof.sh
run_check sparse bash -c 'make -C kmod clean >/dev/null && make -C kmod sparse 2>&1 | tee /dev/stderr | { ! grep -E "warning:|error:"; } && make -C kmod >/dev/null'
run_check checkpatch bash -c 'scripts/kernel-files && perl build/kernel/checkpatch.pl --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,BIT_MACRO -f kmod/sfp*.c kmod/sfp*.h include/uapi/linux/sfcproxy.h | grep -v "^total:" | { ! grep .; }'
if [ -x scripts/dkms-check ]; then
	run_check dkms-build scripts/dkms-check
fi

step "VM selftests (one boot)"
rm -f build/vm-results
vm_log=$logs/vm.log
scripts/vm-run --timeout "${SFP_VM_TIMEOUT:-2700}" -- selftests/run.sh 2>&1 | tee "$vm_log"
vm_st=${PIPESTATUS[0]}
if [ -f build/vm-results ]; then
	# shellcheck disable=SC1091
	eval "$(sed 's/^/vm_/; s/ / vm_/g' build/vm-results)"
	passed=$((passed + vm_passed)) failed=$((failed + vm_failed)) skipped=$((skipped + vm_skipped))
	echo "VM: $vm_passed passed, $vm_failed failed, $vm_skipped skipped (vm-run exit $vm_st)"
	# a clean suite with a dirty kernel log (or a lost VM) is still a failure
	if [ "$vm_st" -ne 0 ] && [ "$vm_failed" -eq 0 ]; then
		fail "VM run exited $vm_st (kernel log problem or VM failure, see above)"
	fi
else
	fail "VM run produced no results (vm-run exit $vm_st)"
fi

finish
