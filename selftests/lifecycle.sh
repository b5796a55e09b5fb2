#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Proxy device lifecycle: everything the module creates goes away when the
# proxy device, its lower device, its network namespace or the module itself
# goes away, and repeated load/unload leaves nothing behind. vm-run fails the
# whole run if the kernel logs a warning meanwhile.
source "$(dirname "$0")/lib.sh"

# A namespace with a veth pair whose veth0 carries proxy devices.
topo() {
	new_netns "$1"
	ip -n "$1" link add veth0 type veth peer name veth1
	ip -n "$1" link set veth0 up
}

proxy_add() { ip -n "$1" link add "$2" link veth0 type sfcproxy; }


t_delete_proxy_frees_lower() {
	topo lc1
	proxy_add lc1 sfp0
	proxy_add lc1 sfp1
	ip -n lc1 link del sfp0
	# the port stays while sfp1 is on it: a bridge cannot take veth0 yet
	ip -n lc1 link add br0 type bridge
	fails ip -n lc1 link set veth0 master br0
	ip -n lc1 link del sfp1
	# the last proxy released the rx_handler, so now a bridge can
	ip -n lc1 link set veth0 master br0
}

t_lower_busy_reported() {
	topo lc2
	ip -n lc2 link add br0 type bridge
	ip -n lc2 link set veth0 master br0
	expect_fail "rx_handler" ip -n lc2 link add sfp0 link veth0 type sfcproxy
	no_link lc2 sfp0
}

t_lower_delete_removes_proxies() {
	topo lc3
	proxy_add lc3 sfp0
	proxy_add lc3 sfp1
	ip -n lc3 link del veth0
	no_link lc3 sfp0
	no_link lc3 sfp1
}

t_lower_netns_move_removes_proxies() {
	topo lc4
	new_netns lc4b
	proxy_add lc4 sfp0
	ip -n lc4 link set veth1 netns lc4b
	ip -n lc4 link set veth0 netns lc4b
	no_link lc4 sfp0
	has_link lc4b veth0
}

t_proxy_cannot_change_netns() {
	topo lc5
	new_netns lc5b
	proxy_add lc5 sfp0
	fails ip -n lc5 link set sfp0 netns lc5b
	has_link lc5 sfp0
}

t_netns_delete_cleans_up() {
	local before
	topo lc6
	proxy_add lc6 sfp0
	proxy_add lc6 sfp1
	before=$(module_refcnt)
	ip netns del lc6
	_netns=("${_netns[@]/lc6}")
	# namespace teardown is asynchronous; the module must become free
	for _ in $(seq 50); do
		[ "$(module_refcnt)" = "$before" ] && break
		sleep 0.1
	done
	[ "$(module_refcnt)" = "0" ]
}

t_rmmod_with_devices() {
	topo lc7
	new_netns lc7b
	ip -n lc7b link add veth0 type veth peer name veth1
	proxy_add lc7 sfp0
	proxy_add lc7b sfp0
	rmmod sfcproxy
	no_link lc7 sfp0
	no_link lc7b sfp0
	has_link lc7 veth0
	insmod "$KMOD"
}

# A proxy hooking the egress of another device: the hook (and its device
# reference) must go with the netns, with rmmod, and with the device alone,
# or unregistering the device would wait forever for the reference.
t_egress_hook_teardown() {
	topo lceh1
	proxy_add lceh1 sfp0
	"$SFCPROXY" -n lceh1 dev set sfp0 egress-dev veth1
	ip netns del lceh1
	_netns=("${_netns[@]/lceh1}")
	for _ in $(seq 50); do
		[ "$(module_refcnt)" = "0" ] && break
		sleep 0.1
	done
	[ "$(module_refcnt)" = "0" ]
	topo lceh2
	proxy_add lceh2 sfp0
	"$SFCPROXY" -n lceh2 dev set sfp0 egress-dev veth1
	rmmod sfcproxy
	no_link lceh2 sfp0
	timeout 10 ip -n lceh2 link del veth0
	insmod "$KMOD"
	topo lceh3
	proxy_add lceh3 sfp0
	"$SFCPROXY" -n lceh3 dev set sfp0 egress-dev veth0
	# the hooked device is also the lower: the proxy goes, and so does the hook
	timeout 10 ip -n lceh3 link del veth0
	no_link lceh3 sfp0
}

t_load_unload_loop() {
	local i
	topo lc8
	for i in $(seq 20); do
		module_loaded || insmod "$KMOD"
		proxy_add lc8 "sfp$i"
		ip -n lc8 link set "sfp$i" up
		rmmod sfcproxy
		no_link lc8 "sfp$i"
	done
	insmod "$KMOD"
	[ "$(module_refcnt)" = "0" ]
}

t_stock_iproute2() {
	topo lc9
	proxy_add lc9 sfp0
	ip -n lc9 link set sfp0 up
	ip -n lc9 -d link show sfp0 | grep -q "sfcproxy"
	ip -n lc9 link show sfp0 | grep -q "sfp0@veth0"
	ip -n lc9 -s link show sfp0 | grep -q "RX:"
}

load_module
tap_plan
run_test "deleting proxies releases the lower device" t_delete_proxy_frees_lower
run_test "lower already owned by a bridge is refused clearly" t_lower_busy_reported
run_test "deleting the lower device deletes its proxies" t_lower_delete_removes_proxies
run_test "moving the lower to another netns deletes its proxies" t_lower_netns_move_removes_proxies
run_test "proxy devices are netns-local" t_proxy_cannot_change_netns
run_test "deleting the netns deletes its proxies" t_netns_delete_cleans_up
run_test "rmmod deletes proxies in every netns" t_rmmod_with_devices
run_test "egress hook goes with its netns, rmmod and its device" t_egress_hook_teardown
run_test "20 load/create/unload cycles" t_load_unload_loop
run_test "stock iproute2 creates and shows a proxy" t_stock_iproute2
done_testing
