// SPDX-License-Identifier: GPL-2.0
#pragma once

// `monitor`, pure part: what the messages of the events multicast group
// print. The socket loop is in cmd_monitor.cpp; everything here works on
// buffers, so the unit tests feed it fake events.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <linux/netlink.h>

#include "printer.hpp"

namespace sfcproxy {

struct MonitorOptions {
	uint16_t family = 0;		 // the sfcproxy genl family id
	// `dev NAME`: only this proxy device's events, and only the flows
	// End.VNF hands to this device
	std::optional<std::string> dev;
	bool with_stats = false;	 // -s: the counters the event carries
	// ifindex -> name for the lower and egress devices and a flow's
	// device; empty when it does not resolve (a deleted device's lower
	// device may be gone too)
	std::function<std::string(uint32_t)> name_of;
};

// Prints the event one message carries: SFCPROXY_CMD_DEV_NEW or
// SFCPROXY_CMD_DEV_DEL of the family, of the device asked for, or
// SFCPROXY_CMD_FLOW_NEW, a flow End.VNF recorded, whose device is the
// one asked for. Returns false, printing nothing, for any other message.
// A proxy device's own name comes from the message
// (SFCPROXY_DEV_A_IFNAME): a deleted device's ifindex no longer resolves;
// a flow's device is known by its ifindex only, resolved by `name_of`.
bool print_event(Printer &p, const nlmsghdr *nlh, const MonitorOptions &opt);

// print_event() for every message of one received datagram; returns how
// many events were printed.
size_t print_events(Printer &p, const void *buf, size_t len, const MonitorOptions &opt);

} // namespace sfcproxy
