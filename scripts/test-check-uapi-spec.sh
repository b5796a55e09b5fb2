#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test for scripts/check-uapi-spec, on the host, no VM: the real header
# and spec must agree, and copies of them with one thing changed must be
# refused with a message that names what changed. Prints TAP lines and a
# final "N passed, N failed" line; exits non-zero when any check failed.
# indenting multi-line output as TAP diagnostics reads best with sed
# shellcheck disable=SC2001
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
check=$here/check-uapi-spec
uapi=$top/include/uapi/linux/sfcproxy.h
spec=$top/Documentation/netlink/sfcproxy.yaml
py=/usr/bin/python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=scripts/tap.sh
source "$here/tap.sh"

# mutate OUT PYTHON: OUT = the spec after PYTHON edited `s` (the loaded YAML)
mutate() {
	"$py" - "$spec" "$1" "$2" <<'EOF'
import sys, yaml
src, out, code = sys.argv[1:4]
s = yaml.safe_load(open(src))
def attrs(set_name):
    return next(a for a in s["attribute-sets"] if a["name"] == set_name)["attributes"]
def attr(set_name, name):
    return next(a for a in attrs(set_name) if a["name"] == name)
exec(code)
yaml.safe_dump(s, open(out, "w"), sort_keys=False)
EOF
}

# expect_ok DESCRIPTION ARGS...: the check passes and says so
expect_ok() {
	local desc=$1 out st
	shift
	out=$("$check" "$@" 2>&1) && st=0 || st=$?
	if [ $st -eq 0 ] && grep -qE '^uapi and spec agree: [0-9]+ enums, [0-9]+ attributes, [0-9]+ operations$' <<<"$out"; then
		result 0 "$desc"
	else
		sed 's/^/#   /' <<<"$out"
		result 1 "$desc (exit $st)"
	fi
}

# expect_fail DESCRIPTION ARGS... -- TEXT...: exit 1, every TEXT printed
expect_fail() {
	local desc=$1 out st args=() want
	shift
	while [ "$1" != "--" ]; do args+=("$1"); shift; done
	shift
	out=$("$check" "${args[@]}" 2>&1) && st=0 || st=$?
	if [ $st -ne 1 ]; then
		sed 's/^/#   /' <<<"$out"
		result 1 "$desc (exit $st, expected 1)"
		return
	fi
	for want in "$@"; do
		if ! grep -qF -- "$want" <<<"$out"; then
			sed 's/^/#   /' <<<"$out"
			echo "#   missing: $want"
			result 1 "$desc"
			return
		fi
	done
	result 0 "$desc"
}

echo "TAP version 13"
echo "1..8"

expect_ok "the real header and spec agree"

# A YAML round trip alone must not change the verdict.
mutate "$tmp/same.yaml" "pass"
expect_ok "an unchanged copy of the spec agrees" --spec "$tmp/same.yaml"

mutate "$tmp/value.yaml" "attr('dev', 'cache-size')['value'] = 42"
expect_fail "an altered attribute value is refused and named" \
	--spec "$tmp/value.yaml" -- \
	"attribute 'cache-size': spec value 42, uapi SFCPROXY_DEV_A_CACHE_SIZE = 9"

mutate "$tmp/removed.yaml" \
	"attrs('stats').remove(attr('stats', 'evicted'))"
expect_fail "a removed attribute is refused and named" \
	--spec "$tmp/removed.yaml" -- \
	"uapi SFCPROXY_STATS_A_EVICTED = 9 (enum sfcproxy_stats_attr) is missing from the spec"

mutate "$tmp/both.yaml" "
attr('cache', 'age-ms')['value'] = 7
attrs('label').clear()"
expect_fail "altered and removed in one copy: both named" \
	--spec "$tmp/both.yaml" -- \
	"attribute 'age-ms': spec value 7, uapi SFCPROXY_CACHE_A_AGE_MS = 4" \
	"uapi SFCPROXY_LABEL_A_LABEL = 1 (enum sfcproxy_label_attr) is missing from the spec"

mutate "$tmp/enum.yaml" "
d = next(d for d in s['definitions'] if d['name'] == 'miss')
d['entries'][2]['name'] = 'forward'"
expect_fail "a renamed enum entry is refused and named" \
	--spec "$tmp/enum.yaml" -- \
	"definition miss: entry value 2 is 'forward' (SFCPROXY_MISS_FORWARD) in the spec but SFCPROXY_MISS_PASS"

mutate "$tmp/cmd.yaml" "
o = next(o for o in s['operations']['list'] if o['name'] == 'stats-reset')
o['value'] = 8"
expect_fail "a command value mismatch is refused and named" \
	--spec "$tmp/cmd.yaml" -- \
	"command 'stats-reset': spec value 8, uapi SFCPROXY_CMD_STATS_RESET = 5"

# The header side: values as the compiler counts them.
sed 's/^\tSFCPROXY_TTL_COPY,$/\tSFCPROXY_TTL_COPY = SFCPROXY_TTL_DEC + 2,/' \
	"$uapi" >"$tmp/sfcproxy.h"
expect_fail "an explicit initialiser in the header is evaluated" \
	--uapi "$tmp/sfcproxy.h" -- \
	"entry 'copy': spec value 2, uapi SFCPROXY_TTL_COPY = 3"

tap_summary
