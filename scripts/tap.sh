# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# TAP helpers for the host self-tests of scripts (sourced): `result STATUS
# DESCRIPTION` prints an ok / not ok line, `tap_summary` the "N passed, N
# failed" line that scripts/check.sh counts, and returns non-zero when a
# check failed.

n=0 passed=0 failed=0

result() { # status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
		passed=$((passed + 1))
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

tap_summary() {
	echo "1..$n"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
