// SPDX-License-Identifier: GPL-2.0
#include "monitor.hpp"

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/sfcproxy.h>

#include "dev_ops.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace sfcproxy {

namespace {

// A record carries only the ifindex of its device, which is still there:
// the filter compares the name it resolves to.
bool print_flow(Printer &p, const nlmsghdr *nlh, const MonitorOptions &opt)
{
	FlowRecord f = parse_flow_record(nlh);
	if (opt.name_of)
		f.dev = opt.name_of(f.ifindex);
	if (opt.dev && f.dev != *opt.dev)
		return false;
	print_flow_event(p, f);
	return true;
}

} // namespace

bool print_event(Printer &p, const nlmsghdr *nlh, const MonitorOptions &opt)
{
	if (nlh->nlmsg_type != opt.family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(genlmsghdr))
		return false;
	const auto *genl = static_cast<const genlmsghdr *>(mnl_nlmsg_get_payload(nlh));
	if (genl->cmd == SFCPROXY_CMD_FLOW_NEW)
		return print_flow(p, nlh, opt);
	DevEvent event;
	if (genl->cmd == SFCPROXY_CMD_DEV_NEW)
		event = DevEvent::updated;
	else if (genl->cmd == SFCPROXY_CMD_DEV_DEL)
		event = DevEvent::deleted;
	else
		return false;

	DevInfo dev = parse_dev_info(nlh);
	if (opt.dev && dev.name != *opt.dev)
		return false;
	if (opt.name_of)
		resolve_dev_names(dev, opt.name_of);
	print_dev_event(p, event, dev, opt.with_stats);
	return true;
}

size_t print_events(Printer &p, const void *buf, size_t len, const MonitorOptions &opt)
{
	size_t printed = 0;
	int left = static_cast<int>(len);
	for (auto *nlh = static_cast<const nlmsghdr *>(buf); mnl_nlmsg_ok(nlh, left);
	     nlh = mnl_nlmsg_next(nlh, &left))
		printed += print_event(p, nlh, opt);
	return printed;
}

} // namespace sfcproxy
