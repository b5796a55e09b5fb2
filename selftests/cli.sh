#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The sfcproxy tool against the real module: the iproute2 grammar, text and
# JSON output from one print path, -n NETNS, exit codes, and bad input that
# is refused with a clear message and changes nothing.
source "$(dirname "$0")/lib.sh"

NS=cli
sfp() { "$SFCPROXY" -n "$NS" "$@"; }

# Every check of "nothing changed" compares this snapshot before and after.
state() { sfp -j dev show; ip -n "$NS" -o link show | awk '{print $2}'; }

setup() {
	new_netns "$NS"
	ip -n "$NS" link add veth0 type veth peer name veth1
	ip -n "$NS" link add veth2 type veth peer name veth3
	ip -n "$NS" link set veth0 up
}

# none_running PID...: none of the processes runs any more
none_running() {
	local pid
	for pid in "$@"; do
		! kill -0 "$pid" 2>/dev/null || return 1
	done
}

# events_group: the ID of the family's events group, if /proc/net/netlink
# can show its members: it shows a socket's first 32 groups, bit ID - 1 for
# group ID, which is where the kernel numbers the groups of the few
# families a system has. Empty otherwise.
events_group() {
	local gid
	gid=$(ip netns exec "$NS" genl ctrl get name sfcproxy |
		sed -n 's/.*ID-\(0x[0-9a-f]*\) *name: events.*/\1/p')
	if [ -n "$gid" ] && [ $((gid)) -ge 1 ] && [ $((gid)) -le 32 ]; then
		echo $((gid))
	fi
}

# events_listeners GID: how many sockets of the namespace have joined
# group GID (a monitor subscribes a moment after it starts)
events_listeners() {
	local n=0 eth groups
	while read -r _ eth _ groups _; do
		[ "$eth" = 16 ] || continue
		if (((0x$groups >> ($1 - 1)) & 1)); then
			n=$((n + 1))
		fi
	done < <(ip netns exec "$NS" cat /proc/net/netlink)
	echo "$n"
}

# monitors_listening GID: both monitors have joined group GID
monitors_listening() {
	[ "$(events_listeners "$1")" -ge 2 ]
}

# monitor prints events as they happen; a reader sees each line at once
t_monitor() {
	local out jout pid jpid gid
	out=$(mktemp)
	jout=$(mktemp)
	# the tool itself in the background (not the sfp function's subshell),
	# so that SIGINT reaches it
	"$SFCPROXY" -n "$NS" monitor dev sfpm >"$out" &
	pid=$!
	"$SFCPROXY" -n "$NS" -j monitor >"$jout" &
	jpid=$!
	# the events go out once both monitors listen
	gid=$(events_group)
	if [ -z "$gid" ]; then
		sleep 2		# cannot tell: time instead
	elif ! wait_until 100 0.1 monitors_listening "$gid"; then
		echo "monitors not subscribed after 10 s: $(events_listeners "$gid")"
		ip netns exec "$NS" cat /proc/net/netlink
		kill -9 "$pid" "$jpid" 2>/dev/null
		return 1
	fi
	sfp dev add sfpm link veth0 encap nsh
	sfp dev set sfpm cache-size 77
	ip -n "$NS" link del sfpm
	wait_until 50 0.1 grep -q '^\[DEL\] sfpm:' "$out" || true
	kill -INT "$pid" "$jpid"
	# both end on SIGINT by themselves, within a bounded time
	if ! wait_until 50 0.1 none_running "$pid" "$jpid"; then
		kill -9 "$pid" "$jpid" 2>/dev/null
		echo "monitor did not stop on SIGINT"
		return 1
	fi
	wait "$pid"
	wait "$jpid"
	cat "$out"
	[ "$(grep -c '^\[NEW\] sfpm: link veth0 encap nsh ' "$out")" -eq 2 ]
	grep -q '^\[NEW\] sfpm: .* cache-size 77 ' "$out"
	[ "$(grep -c '^\[DEL\] sfpm:' "$out")" -eq 1 ]
	# one JSON object per line, the event first
	[ "$(jq -r 'select(.ifname == "sfpm") | .event' "$jout" | tr '\n' ' ')" = "new new del " ]
}

t_add_show_text() {
	sfp dev add sfp0 link veth0 encap mpls label 100 label 200 pop 1 key id \
		id-mask 0xff00 cache-size 64 cache-timeout 50 miss pass depth 8 ttl copy
	local want="sfp0: link veth0 encap mpls labels 100,200 pop 1 key id id-mask 0x0000ff00 cache-size 64 cache-timeout 50 miss pass depth 8 ttl copy cache-bytes 0"
	local got
	got=$(sfp dev show sfp0)
	[ "$got" = "$want" ] || { echo "got:  $got"; echo "want: $want"; return 1; }
}

t_json_same_fields() {
	local text json tkeys jkeys
	text=$(sfp dev show sfp0)
	json=$(sfp -j dev show sfp0)
	# keywords of the text form, in order, as JSON spells them
	tkeys=$(sed 's/^[^:]*: //' <<<"$text" | awk '{for (i = 1; i <= NF; i += 2) print $i}' |
		tr - _ | sort | tr '\n' ' ')
	jkeys=$(jq -r '.[0] | del(.ifname, .ifindex) | keys[]' <<<"$json" | sort | tr '\n' ' ')
	[ "$tkeys" = "$jkeys" ] || { echo "text: $tkeys"; echo "json: $jkeys"; return 1; }
	jq -e '.[0] | .ifname == "sfp0" and .link == "veth0" and .labels == [100, 200] and
		.cache_size == 64 and .key == "id" and .miss == "pass"' <<<"$json" >/dev/null
	sfp -j -p dev show | jq -e 'length == 1' >/dev/null
}

t_set_changes_only_given() {
	sfp dev set sfp0 cache-size 128 label 300
	sfp -j dev show sfp0 | jq -e '.[0] | .cache_size == 128 and .labels == [300] and
		.cache_timeout == 50 and .ttl == "copy"' >/dev/null
	expect_fail 'link' sfp dev set sfp0 link veth2
}

t_stock_ip_then_tool() {
	ip -n "$NS" link add sfp1 link veth2 type sfcproxy
	sfp dev show sfp1 | grep -q "^sfp1: link veth2 encap mpls labels none pop 1 key auto id-mask 0xffff0000 cache-size 4096"
	sfp -j dev show | jq -e 'length == 2' >/dev/null
}

t_stats() {
	local names
	names=$(sfp -j stats show dev sfp0 | jq -r '.[0] | del(.ifname) | keys[]' | LC_ALL=C sort | tr '\n' ' ')
	[ "$names" = "alloc_fail cache_bytes cache_entries evicted expired rx_dup_limit rx_duplicate rx_ignored rx_malformed rx_success rx_too_big tx_ignored tx_no_route tx_not_cached tx_success tx_too_big tx_ttl_expired " ] ||
		{ echo "counters: $names"; return 1; }
	sfp -s dev show sfp0 | grep -q "rx_ignored"
	sfp stats reset dev sfp0
	sfp stats reset
	ip -n "$NS" -s link show sfp0 | grep -q "RX:"
}

t_netns_option() {
	# the same device seen from inside the namespace with ip netns exec
	[ "$(ip netns exec "$NS" "$SFCPROXY" dev show sfp0)" = "$(sfp dev show sfp0)" ]
	expect_fail 'Cannot open network namespace "nosuchns"' "$SFCPROXY" -n nosuchns dev show
}

t_del() {
	ip -n "$NS" link add sfp9 link veth2 type sfcproxy
	sfp dev del sfp9
	fails ip -n "$NS" link show sfp9
	expect_fail 'not an sfcproxy device' sfp dev del veth2
	ip -n "$NS" link show veth2 >/dev/null
}

# bad_input EXPECTED_STATUS TEXT ARGS...: refused, said why, changed nothing
bad_input() {
	local want_st=$1 text=$2 before after out st
	shift 2
	before=$(state)
	out=$("$@" 2>&1) && st=0 || st=$?
	after=$(state)
	[ "$st" -eq "$want_st" ] || { echo "exit $st, want $want_st: $*"; echo "$out"; return 1; }
	grep -qF -- "$text" <<<"$out" || { echo "missing '$text': $*"; echo "$out"; return 1; }
	[ "$before" = "$after" ] || { echo "state changed by: $*"; diff <(echo "$before") <(echo "$after"); return 1; }
}

t_bad_unknown_lower() {
	bad_input 1 'Cannot find device "nosuch0"' sfp dev add sfpx link nosuch0 encap mpls
}

t_bad_duplicate_name() {
	bad_input 2 'Error:' sfp dev add sfp0 link veth2 encap mpls cache-size 7
}

t_bad_encap() {
	bad_input 1 'argument "vxlan" is wrong' sfp dev add sfpx link veth0 encap vxlan
}

t_bad_label() {
	bad_input 1 'argument "1048576" is wrong' sfp dev add sfpx link veth0 encap mpls label 1048576
	bad_input 1 'argument "1048576" is wrong' sfp dev set sfp0 label 1048576
}

t_bad_cache_size() {
	bad_input 1 'argument "0" is wrong' sfp dev add sfpx link veth0 encap mpls cache-size 0
	bad_input 1 'argument "0" is wrong' sfp dev set sfp0 cache-size 0
}

t_bad_datapath_options() {
	bad_input 1 'argument "0" is wrong' sfp dev set sfp0 depth 0
	bad_input 1 'argument "17" is wrong' sfp dev set sfp0 pop 17
	bad_input 1 'argument "zero" is wrong' sfp dev set sfp0 ttl zero
	bad_input 1 'argument "0" is wrong' sfp dev set sfp0 id-mask 0
	bad_input 1 'argument "4194305" is wrong' sfp dev set sfp0 cache-size 4194305
	bad_input 1 'argument "3600001" is wrong' sfp dev set sfp0 cache-timeout 3600001
	# the kernel's checks, with its extack text
	bad_input 2 'must be contiguous' sfp dev set sfp0 id-mask 0xff00ff00
	bad_input 2 'cannot pop more labels' sfp dev set sfp0 depth 2 pop 3
}

t_bad_label_in_use() {
	# the kernel's extack message reaches the user
	bad_input 2 'already used by another proxy device' sfp dev add sfpx link veth0 encap mpls label 300
}

t_bad_no_cap_net_admin() {
	# an unprivileged user (entering the namespace itself needs root)...
	local drop="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
	bad_input 2 'Operation not permitted' ip netns exec "$NS" $drop \
		"$SFCPROXY" dev set sfp0 cache-size 5
	bad_input 2 'Operation not permitted' ip netns exec "$NS" $drop \
		"$SFCPROXY" dev add sfpx link veth0 encap mpls
	# ...and root of a user namespace that does not own this netns
	bad_input 2 'Operation not permitted' ip netns exec "$NS" unshare -U -r \
		"$SFCPROXY" dev set sfp0 cache-size 5
	bad_input 2 'Operation not permitted' ip netns exec "$NS" unshare -U -r \
		"$SFCPROXY" dev add sfpx link veth0 encap mpls
	bad_input 2 'Operation not permitted' ip netns exec "$NS" unshare -U -r \
		"$SFCPROXY" stats reset
}

t_bad_egress_dev() {
	local before
	sfp dev add sfpe link veth0 encap mpls label 400
	before=$(state)
	expect_fail 'Cannot find device "nosuch"' sfp dev set sfpe egress-dev nosuch
	expect_fail "must be an Ethernet device" sfp dev set sfpe egress-dev lo
	expect_fail "must be an Ethernet device" sfp dev set sfpe egress-dev sfpe
	expect_fail '"egress-dev" must name a network device' sfp dev set sfpe egress-dev a/b
	[ "$(state)" = "$before" ] || { echo "state changed"; return 1; }
	# a second hook on veth2 must not be able to take the first one's IDs
	sfp dev set sfpe egress-dev veth2 key id id-mask 0xff00
	sfp dev add sfpx link veth1 encap mpls label 300 key id id-mask 0x0f00
	before=$(state)
	expect_fail "overlapping SFCPROXY_DEV_A_ID_MASK" sfp dev set sfpx egress-dev veth2
	[ "$(state)" = "$before" ] || { echo "state changed"; return 1; }
	sfp dev set sfpx egress-dev veth2 id-mask 0xf0000
	expect_fail "overlapping SFCPROXY_DEV_A_ID_MASK" sfp dev set sfpx id-mask 0x100
	# header-mode keys cannot be mistaken for IDs
	sfp dev set sfpx key header id-mask 0x100
	sfp dev del sfpx
	sfp dev del sfpe
}

t_bad_grammar() {
	bad_input 1 'unknown keyword "colour"' sfp dev add sfpx link veth0 encap mpls colour red
	bad_input 1 '"link" is required' sfp dev add sfpx encap mpls
	bad_input 1 'sfcproxy help' sfp frobnicate show
	"$SFCPROXY" -V | grep -q '^sfcproxy [0-9]'
}

load_module
setup
tap_plan
run_test "dev add + dev show (text)" t_add_show_text
run_test "-j prints the same fields as the text" t_json_same_fields
run_test "dev set changes only what it names; link is fixed" t_set_changes_only_given
run_test "device made by stock ip is shown by the tool" t_stock_ip_then_tool
run_test "stats show/reset and ip -s link" t_stats
run_test "-n NETNS acts like ip -n" t_netns_option
run_test "dev del; refuses non-proxy devices" t_del
run_test "bad: unknown lower device" t_bad_unknown_lower
run_test "bad: duplicate name" t_bad_duplicate_name
run_test "bad: unknown encapsulation" t_bad_encap
run_test "bad: label > 1048575" t_bad_label
run_test "bad: cache-size 0" t_bad_cache_size
run_test "bad: depth/pop/ttl/id-mask/cache limits, kernel-side checks" t_bad_datapath_options
run_test "bad: label used by another proxy on the lower" t_bad_label_in_use
run_test "bad: no CAP_NET_ADMIN (unprivileged user, user namespace)" t_bad_no_cap_net_admin
run_test "bad: egress-dev (missing, not Ethernet, ID bits clash)" t_bad_egress_dev
run_test "bad: grammar errors and -V" t_bad_grammar
run_test "dev show of a non-proxy device fails" bash -c "! \"$SFCPROXY\" -n $NS dev show veth0 2>/dev/null"
run_test "dev show of a missing device fails" bash -c "! \"$SFCPROXY\" -n $NS dev show nosuch 2>/dev/null"
run_test "monitor: create, change and delete seen as they happen (text and JSON lines)" t_monitor
done_testing
