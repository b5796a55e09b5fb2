#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# What one network namespace can make: the per-namespace caps on proxy
# devices, cache entries, forwarding entries, classifier rules and SIDs
# (module parameters, lowered here so that a table fills in a few
# requests), and where the memory goes when an unprivileged user, in a
# user and network namespace of their own and a memory cgroup of 64 MiB,
# makes the largest proxies it can and feeds one packets.
source "$(dirname "$0")/lib.sh"

PARAMS=/sys/module/sfcproxy/parameters
CACHE_MAX=4194304	# SFCPROXY_CACHE_SIZE_MAX
CG_MAX=$((64 << 20))
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# set_cap NAME VALUE: lower a cap for the calling test only; put back, and
# the test's namespaces deleted, when the test's subshell exits
set_cap() {
	local old
	old=$(cat "$PARAMS/$1")
	echo "$2" >"$PARAMS/$1"
	# shellcheck disable=SC2064 # the values are the ones of now
	trap "echo $old >$PARAMS/$1; cleanup_netns" EXIT
}

count() { "$SFCPROXY" -n "$1" -j "${@:2}" show | jq length; }

t_devices_capped() {
	local i
	set_cap max_devices 3
	new_netns lim1
	new_netns lim1b
	ip -n lim1 link add veth0 type veth peer name veth1
	for i in 0 1 2; do "$SFCPROXY" -n lim1 dev add sfp$i link veth0 encap mpls; done
	expect_fail "max_devices" "$SFCPROXY" -n lim1 dev add sfp3 link veth0 encap mpls
	# stock iproute2 (RTM_NEWLINK without IFLA_INFO_DATA) meets it too
	expect_fail "max_devices" ip -n lim1 link add sfp3 link veth0 type sfcproxy
	fails ip -n lim1 link show sfp3
	[ "$(count lim1 dev)" -eq 3 ]
	# per namespace: another one has room of its own
	ip -n lim1b link add veth0 type veth peer name veth1
	"$SFCPROXY" -n lim1b dev add sfp0 link veth0 encap mpls
	# a deleted device gives its place back
	"$SFCPROXY" -n lim1 dev del sfp0
	"$SFCPROXY" -n lim1 dev add sfp3 link veth0 encap mpls
	[ "$(count lim1 dev)" -eq 3 ]
}

cache_size_of() {
	"$SFCPROXY" -n lim2 -j dev show "$1" | jq -r '.[0].cache_size'
}

sfp2() { "$SFCPROXY" -n lim2 "$@"; }

t_cache_entries_capped() {
	set_cap max_cache_entries 10000
	new_netns lim2
	ip -n lim2 link add veth0 type veth peer name veth1
	sfp2 dev add sfp0 link veth0 encap mpls cache-size 6000
	expect_fail "max_cache_entries" sfp2 dev add sfp1 link veth0 encap mpls cache-size 5000
	fails ip -n lim2 link show sfp1
	# the default size (4096) through stock iproute2: 6000 + 4096 > 10000
	expect_fail "max_cache_entries" ip -n lim2 link add sfp1 link veth0 type sfcproxy
	sfp2 dev add sfp1 link veth0 encap mpls cache-size 4000
	# growing a device counts as well, and a refused change changes nothing
	expect_fail "SFCPROXY_DEV_A_CACHE_SIZE" sfp2 dev set sfp0 cache-size 6001 pop 0
	[ "$(cache_size_of sfp0)" -eq 6000 ]
	[ "$("$SFCPROXY" -n lim2 -j dev show sfp0 | jq -r '.[0].pop')" -eq 1 ]
	# what a device shrinks by, or leaves behind, is room for others
	sfp2 dev set sfp0 cache-size 1000
	sfp2 dev add sfp2 link veth0 encap mpls cache-size 5000
	sfp2 dev del sfp1
	sfp2 dev add sfp3 link veth0 encap mpls cache-size 4000
	expect_fail "max_cache_entries" sfp2 dev add sfp4 link veth0 encap mpls cache-size 1
}

t_fwd_capped() {
	local si
	set_cap max_fwd_entries 4
	new_netns lim3
	for si in 1 2 3 4; do "$SFCPROXY" -n lim3 fwd add spi 7 si $si end; done
	expect_fail "max_fwd_entries" "$SFCPROXY" -n lim3 fwd add spi 7 si 5 end
	[ "$(count lim3 fwd)" -eq 4 ]
	# replacing an entry adds none
	"$SFCPROXY" -n lim3 fwd replace spi 7 si 4 end
	"$SFCPROXY" -n lim3 fwd del spi 7 si 1
	"$SFCPROXY" -n lim3 fwd add spi 7 si 5 end
	[ "$(count lim3 fwd)" -eq 4 ]
	# a flush gives every place back
	"$SFCPROXY" -n lim3 fwd flush
	for si in 1 2 3 4; do "$SFCPROXY" -n lim3 fwd add spi 8 si $si end; done
}

t_cls_capped() {
	local i
	set_cap max_cls_rules 3
	new_netns lim4
	for i in 1 2 3; do
		"$SFCPROXY" -n lim4 classifier add dst 10.0.$i.0/24 spi 1 si 255
	done
	expect_fail "max_cls_rules" "$SFCPROXY" -n lim4 classifier add dst 10.0.4.0/24 spi 1 si 255
	[ "$(count lim4 classifier)" -eq 3 ]
	"$SFCPROXY" -n lim4 classifier replace dst 10.0.3.0/24 spi 2 si 255
	"$SFCPROXY" -n lim4 classifier del dst 10.0.1.0/24
	"$SFCPROXY" -n lim4 classifier add dst 10.0.4.0/24 spi 1 si 255
	[ "$(count lim4 classifier)" -eq 3 ]
}

t_sids_capped() {
	local i
	set_cap max_sids 3
	new_netns lim5
	ip -n lim5 link add nfv0 type veth peer name nfv1
	for i in 1 2 3; do
		"$SFCPROXY" -n lim5 sid add fc00:$i::/80 behavior End.VNF dev nfv0
	done
	expect_fail "max_sids" "$SFCPROXY" -n lim5 sid add fc00:4::/80 behavior End.VNF dev nfv0
	[ "$(count lim5 sid)" -eq 3 ]
	"$SFCPROXY" -n lim5 sid replace fc00:3::/80 behavior End.VNF dev nfv1
	"$SFCPROXY" -n lim5 sid del fc00:1::/80
	"$SFCPROXY" -n lim5 sid add fc00:4::/80 behavior End.VNF dev nfv0
	[ "$(count lim5 sid)" -eq 3 ]
}

# Memory cgroup tests: a cgroup of CG_MAX under the guest's cgroup2 root
# (scripts/vm/guest-init mounts it on /sys/fs/cgroup), or a private mount.
cg_root() {
	local d=/sys/fs/cgroup
	if [ "$(stat -f -c %T $d 2>/dev/null)" != cgroup2fs ]; then
		d=/tmp/sfp-cgroup2
		mkdir -p $d
		mountpoint -q $d || mount -t cgroup2 none $d || return 1
	fi
	echo $d
}

memcg_usable() {
	local root
	root=$(cg_root) && grep -qw memory "$root/cgroup.controllers" || return 1
	[ -w /proc/sys/kernel/unprivileged_userns_clone ] &&
		echo 1 >/proc/sys/kernel/unprivileged_userns_clone
	"${NOBODY[@]}" unshare --user --map-root-user --net true 2>/dev/null
}

# cg_make NAME: a memory cgroup of CG_MAX without swap, removed (once its
# processes are gone) when the test's subshell exits; prints its path
cg_make() {
	local root cg
	root=$(cg_root)
	echo +memory >"$root/cgroup.subtree_control"
	cg=$root/$1
	rmdir "$cg" 2>/dev/null || true
	mkdir "$cg"
	echo $CG_MAX >"$cg/memory.max"
	echo 0 >"$cg/memory.swap.max" 2>/dev/null || true
	echo "$cg"
}

cg_event() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.events"; }

# in_cg CG CMD...: CMD as nobody, in CG, in a user namespace of its own
# (root mapped to nobody) with its own network and mount namespaces
in_cg() {
	bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' _ "$@"
}

# Runs as root of the user namespace, in the cgroup: $1 cgroup, $2 tool.
userns_largest_caches() {
	set -e
	local cg=$1 sfp=$2 before after out i
	local big="key id id-mask 0xffffffff cache-size 4194304"
	mount -t tmpfs tmpfs /run/netns
	ip link add veth0 type veth peer name veth1
	before=$(cat "$cg/memory.current")
	# shellcheck disable=SC2086
	$sfp dev add big0 link veth0 encap mpls $big
	after=$(cat "$cg/memory.current")
	echo "the largest cache charged $((after - before)) bytes"
	# its 32 MiB of ID slots landed in this cgroup
	[ $((after - before)) -ge $((32 << 20)) ]
	# shellcheck disable=SC2086
	if out=$($sfp dev add big1 link veth0 encap mpls $big 2>&1); then
		echo "a second largest cache in one namespace"
		return 1
	fi
	echo "$out"
	grep -q max_cache_entries <<<"$out"
	# namespaces of their own: the cgroup's limit stops each
	for i in 1 2 3; do
		ip netns add n$i
		ip -n n$i link add veth0 type veth peer name veth1
		# shellcheck disable=SC2086
		if out=$($sfp -n n$i dev add big0 link veth0 encap mpls $big 2>&1); then
			echo "n$i: a largest cache beyond the cgroup's limit"
			return 1
		fi
		echo "n$i: $out"
		grep -q "memory cgroup" <<<"$out"
		# smaller ones still fit: the refusal was the memory's, not a cap's
		$sfp -n n$i dev add small0 link veth0 encap mpls cache-size 4096
	done
	echo "memory.current $(cat "$cg/memory.current")"
	echo ok-end
}

t_memcg_largest_caches() {
	local cg out
	cg=$(cg_make sfp-limits-caches)
	# shellcheck disable=SC2064
	trap "cleanup_netns; rmdir $cg" EXIT
	mkdir -p /run/netns
	out=$(in_cg "$cg" "${NOBODY[@]}" unshare --user --map-root-user --net --mount \
		bash -c "$(declare -f userns_largest_caches); userns_largest_caches $cg $SFCPROXY" 2>&1) || {
		echo "$out"
		return 1
	}
	echo "$out"
	# it ran to its end: refused, not killed
	grep -qx ok-end <<<"$out"
	cat "$cg/memory.events"
	[ "$(cg_event "$cg" max)" -gt 0 ]
	[ "$(cg_event "$cg" oom_kill)" -eq 0 ]
	if [ -e "$cg/memory.peak" ]; then
		[ "$(cat "$cg/memory.peak")" -le $CG_MAX ]
	fi
	# the host itself can still make what the cgroup could not
	new_netns limh
	ip -n limh link add veth0 type veth peer name veth1
	"$SFCPROXY" -n limh dev add big0 link veth0 encap mpls key id id-mask 0xffffffff \
		cache-size $CACHE_MAX
}

# Runs as root of the user namespace, in the cgroup: $1 cgroup, $2 tool,
# $3 packets. Packets with label 100 arrive at a proxy that keeps their
# headers (no function returns them): each is a cache entry the softirq
# allocates, to be charged to this cgroup, whose process made the proxy.
userns_packets() {
	set -e
	local cg=$1 sfp=$2 n=$3 before after entries i mac
	ip link set lo up
	ip link add veth0 type veth peer name veth1
	ip link set veth0 up
	ip link set veth1 up
	ip addr add 10.7.0.1/24 dev veth1
	$sfp dev add sfp0 link veth0 encap mpls label 100 key id \
		cache-size 100000 cache-timeout 3600000
	ip link set sfp0 up
	mac=$(ip -j link show veth0 | jq -r '.[0].address')
	ip neigh add 10.7.0.2 lladdr "$mac" dev veth1 nud permanent
	ip route add 10.7.1.0/24 encap mpls 100 via 10.7.0.2 dev veth1
	before=$(cat "$cg/memory.current")
	for ((i = 0; i < n; i++)); do echo x >/dev/udp/10.7.1.1/9; done
	after=$(cat "$cg/memory.current")
	entries=$($sfp -j stats show dev sfp0 | jq -r '.[0].cache_entries')
	echo "$entries entries, $((after - before)) bytes charged"
	[ "$entries" -ge $((n * 9 / 10)) ]
	# an entry is 100 bytes and more
	[ $((after - before)) -ge $((entries * 100)) ]
	# and the charges go with the entries
	$sfp dev del sfp0
	after=$(cat "$cg/memory.current")
	echo "$((after - before)) bytes charged after the device went"
	[ $((after - before)) -lt $((entries * 50)) ]
	echo ok-end
}

t_memcg_entries() {
	local cg out
	modprobe mpls_iptunnel
	cg=$(cg_make sfp-limits-entries)
	# shellcheck disable=SC2064
	trap "cleanup_netns; rmdir $cg" EXIT
	out=$(in_cg "$cg" "${NOBODY[@]}" unshare --user --map-root-user --net \
		bash -c "$(declare -f userns_packets); userns_packets $cg $SFCPROXY 20000" 2>&1) || {
		echo "$out"
		return 1
	}
	echo "$out"
	grep -qx ok-end <<<"$out"
	[ "$(cg_event "$cg" oom_kill)" -eq 0 ]
}

load_module
tap_plan 7
run_test "max_devices caps proxy devices per namespace, named, nothing made" t_devices_capped
run_test "max_cache_entries caps the cache sizes added up per namespace" t_cache_entries_capped
run_test "max_fwd_entries caps forwarding entries per namespace" t_fwd_capped
run_test "max_cls_rules caps classifier rules per namespace" t_cls_capped
run_test "max_sids caps SIDs per namespace" t_sids_capped
if memcg_usable; then
	run_test "unprivileged user namespace in a 64M memcg: largest caches charged, refused at the limit" t_memcg_largest_caches
	run_test "cache entries packets allocate are charged to the proxy creator's memcg" t_memcg_entries
else
	skip "unprivileged user namespace in a 64M memcg: largest caches charged, refused at the limit" "no memory controller on cgroup2 or no unprivileged user namespaces"
	skip "cache entries packets allocate are charged to the proxy creator's memcg" "no memory controller on cgroup2 or no unprivileged user namespaces"
fi
done_testing
