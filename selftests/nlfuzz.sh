#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input over generic netlink: selftests/nlfuzz.py sends random
# requests to every command of the sfcproxy family (random attribute sets,
# wrong lengths, unknown types, random nests, truncated messages, lying
# length fields) and checks every reply and that refused requests change
# nothing. Three runs against a namespace holding one object of each kind:
#  1. as root;
#  2. as an unprivileged user in a user namespace of its own, which owns
#     the network namespace (it may change its own objects);
#  3. as an unprivileged user in root's namespace: every admin request gets
#     EPERM and the namespace is byte for byte the same afterwards.
# Then the module must still unload. The kernel log is scanned by vm-run.
#
# SFCPROXY_FUZZ_SEED (default fixed) and SFCPROXY_FUZZ_REQUESTS (default
# 8000 for each privileged run, half that for the unprivileged one) change
# what is sent; the seed of each run is printed.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
FUZZ=$SELFTESTS_DIR/nlfuzz.py
UAPI=$TOP/include/uapi/linux/sfcproxy.h
SEED=${SFCPROXY_FUZZ_SEED:-20261204}
REQS=${SFCPROXY_FUZZ_REQUESTS:-8000}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# objects: run in the namespace to fill (no -n: it also runs inside
# unshare, where the tool cannot name the namespace). No IPv6 on the links,
# so that no router solicitation moves a counter.
objects() {
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip link set lo up
	ip link add veth0 type veth peer name veth1
	ip link add nfv0 type dummy
	ip link set veth0 up
	ip link set veth1 up
	ip link set nfv0 up
	"$SFCPROXY" dev add sfpm link veth0 encap mpls label 100 cache-size 64
	"$SFCPROXY" dev add sfpn link veth1 encap nsh
	"$SFCPROXY" dev add sfps link veth0 encap srv6
	"$SFCPROXY" dev add sfpa link veth1 encap srv6
	ip link set sfpm up
	ip link set sfpn up
	"$SFCPROXY" fwd add spi 7 si 255 dev sfpn
	"$SFCPROXY" fwd add spi 7 si 254 via 02:00:00:00:00:09 dev veth1
	"$SFCPROXY" fwd add spi 7 si 253 end
	"$SFCPROXY" classifier add dst 10.9.0.0/16 spi 7 si 255
	"$SFCPROXY" classifier add src 10.0.9.0/24 proto udp dport 53 \
		spi 7 si 255 md1 1:2:3:4
	"$SFCPROXY" sid add fc00:99::1 behavior End.AD dev sfps
	"$SFCPROXY" sid add fc00:a5::/64 behavior End.AS dev sfpa \
		src fc00:1::2 segs fc00:e::4
	"$SFCPROXY" sid add fc00:5::/80 behavior End.VNF dev nfv0
}

# state: everything a request could change, as the tools print it
state() {
	"$SFCPROXY" -j dev show
	"$SFCPROXY" -j fwd show
	"$SFCPROXY" -j classifier show
	"$SFCPROXY" -j sid show
	ip -d -j link show
}

# the same, with the tables sorted (putting objects back may reorder them)
state_sorted() {
	state | jq -S -c 'if type == "array" then sort else . end'
}

fuzz() { "$PY" "$FUZZ" --uapi "$UAPI" "$@"; }
self=$SELFTESTS_DIR/nlfuzz.sh
LOGS=${LOGS:-$(mktemp -d)}
chmod 0777 "$LOGS"

# Sub-commands, run in the namespace at hand: `nlfuzz.sh objects|state|
# state_sorted`, and `nlfuzz.sh inner MODE SEED N` for run 2, inside the
# user namespace (where nothing of this script's state is shared).
case "${1:-}" in
objects|state|state_sorted)
	set -e
	"$1"
	exit
	;;
inner)
	set -e
	objects
	state_sorted >"$LOGS/before"
	rc=0
	fuzz --mode "$2" --seed "$3" -n "$4" || rc=$?
	state_sorted >"$LOGS/after"
	diff -u "$LOGS/before" "$LOGS/after"
	exit $rc
	;;
esac

t_root() {
	new_netns fz1
	ip netns exec fz1 "$self" objects
	ip netns exec fz1 "$self" state_sorted >"$LOGS/before1"
	ip netns exec fz1 "$PY" "$FUZZ" --uapi "$UAPI" --mode admin \
		--seed "$SEED" -n "$REQS" >"$LOGS/run1" 2>&1 ||
		{ cat "$LOGS/run1"; return 1; }
	ip netns exec fz1 "$self" state_sorted >"$LOGS/after1"
	# the fuzzer put back what accepted requests changed
	diff -u "$LOGS/before1" "$LOGS/after1"
}

t_userns() {
	local old rc=0
	old=$(sysctl -n kernel.unprivileged_userns_clone 2>/dev/null || echo)
	[ -z "$old" ] || sysctl -qw kernel.unprivileged_userns_clone=1
	mkdir -m 0777 "$LOGS/u"
	"${NOBODY[@]}" unshare --user --map-root-user --net env LOGS="$LOGS/u" \
		"$self" inner admin $((SEED + 1)) "$REQS" >"$LOGS/run2" 2>&1 ||
		rc=$?
	[ -z "$old" ] || sysctl -qw kernel.unprivileged_userns_clone="$old"
	[ "$rc" -eq 0 ] || { cat "$LOGS/run2"; return 1; }
}

t_unpriv() {
	new_netns fz3
	ip netns exec fz3 "$self" objects
	ip netns exec fz3 "$self" state >"$LOGS/before3"
	ip netns exec fz3 "${NOBODY[@]}" --inh-caps=-all \
		"$PY" "$FUZZ" --uapi "$UAPI" \
		--mode unpriv --seed $((SEED + 2)) -n $((REQS / 2)) \
		>"$LOGS/run3" 2>&1 || { cat "$LOGS/run3"; return 1; }
	ip netns exec fz3 "$self" state >"$LOGS/after3"
	# not one byte changed
	cmp "$LOGS/before3" "$LOGS/after3" || diff -u "$LOGS/before3" "$LOGS/after3"
}

# the fuzzers' counts, as diagnostics, whether the run passed or not
report() { [ ! -f "$LOGS/$1" ] || grep '^#' "$LOGS/$1"; }

t_unload() {
	cleanup_netns
	rmmod_settled
	insmod "$KMOD"
}

load_module
modprobe nsh
modprobe mpls_gso 2>/dev/null || true
modprobe seg6_iptunnel 2>/dev/null || true
tap_plan
run_test "genl fuzz as root: replies well formed, refused requests change nothing" t_root
report run1
run_test "genl fuzz as root of a user namespace owning the netns" t_userns
report run2
run_test "genl fuzz without CAP_NET_ADMIN: EPERM, namespace unchanged" t_unpriv
report run3
run_test "module unloads and loads after the fuzzing" t_unload
done_testing
