# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the shell selftests: TAP output, namespaces that are
# removed even when a test fails, and the paths of the module and the tool.
# Sourced by each test; the test then calls plan/ok/... and finally `done_testing`.

set -u

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$SELFTESTS_DIR/.." && pwd)
KMOD=$TOP/kmod/sfcproxy.ko
SFCPROXY=${SFCPROXY:-$TOP/tools/sfcproxy/build/sfcproxy}
KSFT_SKIP=4

# shellcheck source=selftests/wait.sh
source "$SELFTESTS_DIR/wait.sh"

_tap_n=0
_tap_failed=0
_netns=()

# tap_plan [N]: N defaults to the run_test lines of the calling script, so
# the plan cannot fall behind when a test is added
tap_plan() {
	echo "TAP version 13"
	echo "1..${1:-$(grep -c '^run_test ' "$0")}"
}

# ok COND_EXIT_STATUS DESCRIPTION
ok() {
	local st=$1
	shift
	_tap_n=$((_tap_n + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $_tap_n $*"
	else
		echo "not ok $_tap_n $*"
		_tap_failed=$((_tap_failed + 1))
	fi
}

skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n $1 # SKIP $2"; }

diag() { echo "# $*"; }

# run_test NAME CMD...: one TAP line per check, usually a test function;
# its output becomes diagnostics so a failure shows what happened.
run_test() {
	local name=$1 out st
	shift
	# TEST_ONLY=REGEX (passed into the VM by vm-run): run matching tests
	if [ -n "${TEST_ONLY:-}" ] && ! [[ $name =~ $TEST_ONLY ]]; then
		skip "$name" "not in TEST_ONLY"
		return 0
	fi
	out=$(mktemp)
	( set -e; "$@" ) >"$out" 2>&1
	st=$?
	if [ $st -ne 0 ]; then
		sed 's/^/#   /' "$out"
	fi
	rm -f "$out"
	ok $st "$name"
}

# new_netns NAME: a namespace removed when the test script exits
new_netns() {
	ip netns add "$1"
	_netns+=("$1")
	ip -n "$1" link set lo up
}

cleanup_netns() {
	local ns
	for ns in "${_netns[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	_netns=()
}

trap cleanup_netns EXIT

module_loaded() { grep -q '^sfcproxy ' /proc/modules; }

load_module() { module_loaded || insmod "$KMOD"; }

# rmmod_settled: unload the module, retrying while namespace teardown (which
# is asynchronous) still holds it; fails if it stays loaded
rmmod_settled() {
	wait_until 50 0.1 rmmod sfcproxy 2>/dev/null || true
	! module_loaded
}

module_refcnt() { awk '$1 == "sfcproxy" { print $3 }' /proc/modules; }

# expect_fail EXPECTED_TEXT CMD...: CMD must exit non-zero and print TEXT
expect_fail() {
	local want=$1 out st
	shift
	out=$("$@" 2>&1) && st=0 || st=$?
	if [ "$st" -eq 0 ]; then
		echo "expected failure, got success: $*"
		echo "$out"
		return 1
	fi
	if ! grep -qF -- "$want" <<<"$out"; then
		echo "missing '$want' in output of: $*"
		echo "$out"
		return 1
	fi
}

# steer_back NETNS DEV TABLE: the namespace's forwarding (the function)
# sends what arrives on proxy device DEV back out of DEV, IPv4 and IPv6
steer_back() {
	ip -n "$1" rule add iif "$2" lookup "$3" pref "$3"
	ip -n "$1" route add default dev "$2" table "$3"
	ip -n "$1" -6 rule add iif "$2" lookup "$3" pref "$3"
	ip -n "$1" -6 route add default dev "$2" table "$3"
}

# tcp_transfer SERVER_NS CLIENT_NS ADDR PORT BYTES: send BYTES over one TCP
# connection from CLIENT_NS to ADDR:PORT in SERVER_NS and succeed only when
# the receiver got them all. Unlike iperf3 -n, which ends its test while
# data is still in flight, every segment of the transfer crosses, so tests
# can count them.
tcp_transfer() {
	local pid rc=0
	ip netns exec "$1" timeout 90 /usr/bin/python3 \
		"$SELFTESTS_DIR/tcp_xfer.py" serve "$4" &
	pid=$!
	if ! wait_until 100 0.1 tcp_listening "$1" "$4"; then
		echo "tcp_xfer server on port $4 in $1 did not start"
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 1
	fi
	ip netns exec "$2" timeout 90 /usr/bin/python3 \
		"$SELFTESTS_DIR/tcp_xfer.py" send "$3" "$4" "$5" || rc=1
	wait "$pid" || rc=1
	return $rc
}

# ingress_count_start NS DEV: count every frame arriving on DEV (netfilter
# ingress runs before any rx_handler or protocol handler sees the frame)
ingress_count_start() {
	ip netns exec "$1" nft -f - <<NFT
table netdev sfpcount {
	counter frames { }
	chain in { type filter hook ingress device "$2" priority -500; counter name frames; }
}
NFT
}

ingress_count() {
	ip netns exec "$1" nft -j list counter netdev sfpcount frames |
		jq -r '.nftables[] | select(.counter) | .counter.packets'
}

ingress_count_stop() { ip netns exec "$1" nft delete table netdev sfpcount; }

# hostile_flood NS IFACE DSTMAC MODE COUNT [ARGS...]: hostile frames from
# selftests/flood.py (seed printed, so a failure can be replayed)
hostile_flood() {
	local ns=$1 ifc=$2 dst=$3 mode=$4 count=$5 seed=${FLOOD_SEED:-$RANDOM}
	shift 5
	echo "flood $mode: $count frames, seed $seed"
	ip netns exec "$ns" timeout 600 /usr/bin/python3 "$SELFTESTS_DIR/flood.py" \
		"$mode" "$ifc" "$dst" "$count" "$seed" "$@"
}

# ping_during NS DST: pings every 0.1 s until ping_during_end (pid in
# $ping_pid, summary in $ping_out)
ping_during() {
	ping_out=$(mktemp)
	ip netns exec "$1" ping -i 0.1 -W 2 -w 900 "$2" >"$ping_out" 2>&1 &
	ping_pid=$!
}

# ping_during_end MIN_PERCENT: stop the pings; at least MIN_PERCENT answered
ping_during_end() {
	local tx rx
	kill -INT "$ping_pid" 2>/dev/null
	wait "$ping_pid" 2>/dev/null || true
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$ping_out")
	rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$ping_out")
	echo "real traffic during the flood: $rx of $tx answered"
	[ "${tx:-0}" -gt 10 ] && [ $((rx * 100)) -ge $((tx * $1)) ]
}

# slab_objs NAME: active objects of a slab cache (0 when it is gone)
slab_objs() { awk -v n="$1" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }' /proc/slabinfo; }

done_testing() {
	echo "# $((_tap_n - _tap_failed)) of $_tap_n passed"
	[ "$_tap_failed" -eq 0 ]
}

# fails CMD...: succeeds when CMD fails. A bare `! CMD` would not stop a
# `set -e` test function, so negative checks go through a function.
fails() { ! "$@" 2>/dev/null; }

# has_link NETNS DEV / no_link NETNS DEV
has_link() { ip -n "$1" link show "$2" >/dev/null 2>&1; }
no_link() { ! has_link "$@"; }
