#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `sfcproxy apply` against the module: the two chains of Chaining-Box's
# Figure 5.10 (Documentation/examples/two-chains.json) on its two servers,
# each a namespace whose eth1 has the MAC the file gives. The tables the
# kernel ends up with are compared entry by entry with what the thesis's
# controller generates (plus the proxy hand-over entries and classifier).
source "$(dirname "$0")/lib.sh"

EXAMPLE=$TOP/Documentation/examples/two-chains.json
sfp() { local ns=$1; shift; "$SFCPROXY" -n "$ns" "$@"; }
# one line per forwarding entry, sorted: "spi si action dev mac"
fwd_lines() {
	sfp "$1" -j fwd show |
		jq -r '.[] | "\(.spi) \(.si) \(.action) \(.dev // "-") \(.mac // "-")"' | sort
}
cls_lines() {
	sfp "$1" -j classifier show |
		jq -r '.[] | "\(.src) \(.dst) \(.proto) \(.dport // "-") \(.spi) \(.si)"'
}
state() { fwd_lines "$1"; cls_lines "$1"; sfp "$1" -j dev show | jq -c '[.[] | {ifname, encap, key}]'; }

topology() {
	new_netns server1
	new_netns server2
	ip link add eth1 netns server1 address 02:00:00:00:01:01 type veth \
		peer name eth1 netns server2 address 02:00:00:00:02:01
	ip -n server1 link set eth1 up
	ip -n server2 link set eth1 up
	work=$(mktemp -d)
}

t_two_chains_server1() {
	local want
	sfp server1 apply -f "$EXAMPLE" --node server1
	want="100 254 next_hop eth1 02:00:00:00:02:01
100 255 proxy sfp-sf2 -
200 254 next_hop eth1 02:00:00:00:02:01
200 255 proxy sfp-sf1 -"
	[ "$(fwd_lines server1)" = "$want" ] || { fwd_lines server1; return 1; }
	want="10.0.1.0/24 10.0.3.0/24 udp 5001 100 255
10.0.1.0/24 10.0.3.0/24 tcp - 200 255"
	[ "$(cls_lines server1)" = "$want" ] || { cls_lines server1; return 1; }
	[ "$(sfp server1 -j dev show sfp-sf2 | jq -r '.[0].key')" = header ]
	[ "$(sfp server1 -j dev show sfp-sf1 | jq -r '.[0].encap')" = nsh ]
}

t_two_chains_server2() {
	local want
	sfp server2 apply -f "$EXAMPLE" --node server2
	want="100 253 end - -
100 254 proxy sfp-sf3 -
200 253 end - -
200 254 proxy sfp-sf3 -"
	[ "$(fwd_lines server2)" = "$want" ] || { fwd_lines server2; return 1; }
	[ "$(sfp server2 -j classifier show | jq length)" -eq 0 ]
	[ "$(sfp server2 -j dev show sfp-sf3 | jq -r '.[0].cache_size')" -eq 65536 ]
}

t_reapply_is_noop() {
	local before out
	before=$(state server1)
	out=$(sfp server1 apply -f "$EXAMPLE" --node server1)
	echo "$out"
	[ "$out" = "nothing to change" ]
	[ "$(state server1)" = "$before" ]
}

t_chain_removed() {
	local out want
	jq 'del(.chains[1])' "$EXAMPLE" >"$work/one-chain.json"
	sfp server1 apply -f "$work/one-chain.json" --node server1 --dry-run
	out=$(sfp server1 apply -f "$work/one-chain.json" --node server1)
	echo "$out"
	# exactly chain 200's rule and entries go (sf1 stays: a function of
	# the file on this node, whether a chain uses it or not)
	want="- classifier src 10.0.1.0/24 dst 10.0.3.0/24 proto tcp spi 200 si 255
- fwd spi 200 si 254 via 02:00:00:00:02:01 dev eth1
- fwd spi 200 si 255 dev sfp-sf1"
	[ "$(grep -v '^- dev' <<<"$out" | sort)" = "$(sort <<<"$want")" ]
	[ "$(fwd_lines server1)" = "100 254 next_hop eth1 02:00:00:00:02:01
100 255 proxy sfp-sf2 -" ]
	[ "$(sfp server1 -j classifier show | jq length)" -eq 1 ]
	# and back
	sfp server1 apply -f "$EXAMPLE" --node server1 >/dev/null
	[ "$(sfp server1 -j fwd show | jq length)" -eq 4 ]
}

t_changed_option_is_one_set() {
	local out
	jq '.functions.sf2.proxy.key = "id"' "$EXAMPLE" >"$work/key-id.json"
	out=$(sfp server1 apply -f "$work/key-id.json" --node server1)
	echo "$out"
	[ "$out" = "~ dev sfp-sf2 key id" ]
	[ "$(sfp server1 -j dev show sfp-sf2 | jq -r '.[0].key')" = id ]
	sfp server1 apply -f "$EXAMPLE" --node server1 >/dev/null
}

t_broken_file_changes_nothing() {
	local before
	before=$(state server1)
	jq '.chains[0].functions[1] = "sf9"' "$EXAMPLE" >"$work/bad-fn.json"
	expect_fail 'chains[0].functions[1]: unknown function "sf9"' \
		sfp server1 apply -f "$work/bad-fn.json" --node server1
	jq '.nodes.server2.mac = "02:00:00:00:02"' "$EXAMPLE" >"$work/bad-mac.json"
	expect_fail 'nodes.server2.mac' sfp server1 apply -f "$work/bad-mac.json" --node server1
	printf '{"nodes": {' >"$work/truncated.json"
	expect_fail 'truncated.json' sfp server1 apply -f "$work/truncated.json" --node server1
	expect_fail 'server7' sfp server1 apply -f "$EXAMPLE" --node server7
	[ "$(state server1)" = "$before" ]
}

t_dry_run_changes_nothing() {
	local out
	out=$(sfp server2 apply -f "$work/one-chain.json" --node server2 --dry-run)
	echo "$out"
	grep -q '^- fwd spi 200 si 253 end$' <<<"$out"
	[ "$(sfp server2 -j fwd show | jq length)" -eq 4 ]
}

t_other_encaps_untouched() {
	sfp server1 dev add sfp-m link eth1 encap mpls label 77
	sfp server1 apply -f "$EXAMPLE" --node server1 >/dev/null
	has_link server1 sfp-m
	ip -n server1 link del sfp-m
}

load_module
topology
tap_plan
run_test "Figure 5.10, server1: entries, classifier rules and devices" t_two_chains_server1
run_test "Figure 5.10, server2: hand-over and end entries" t_two_chains_server2
run_test "second apply of the same file changes nothing" t_reapply_is_noop
run_test "a chain removed from the file removes exactly its entries" t_chain_removed
run_test "a changed device option is one dev set" t_changed_option_is_one_set
run_test "a broken file says what is wrong and changes nothing" t_broken_file_changes_nothing
run_test "--dry-run prints the plan and changes nothing" t_dry_run_changes_nothing
run_test "MPLS proxy devices are not apply's" t_other_encaps_untouched
done_testing
