// SPDX-License-Identifier: GPL-2.0
#include <cerrno>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "commands.hpp"
#include "dev_ops.hpp"
#include "errors.hpp"
#include "messages.hpp"
#include "nlsocket.hpp"
#include "output.hpp"

namespace sfcproxy {

namespace {

// rtnetlink answers an unknown link kind this way (after trying to load
// the module); the kernel's wording alone does not tell the user what to do.
bool kind_unknown(const KernelError &e)
{
	return e.err() == EOPNOTSUPP &&
	       (e.extack().empty() || e.extack().rfind("Unknown device type", 0) == 0);
}

DevInfo get_dev(GenlSocket &gs, const std::string &name)
{
	MsgBuf buf;
	DevInfo dev;
	bool got = false;
	try {
		gs.sock().transact(build_dev_get(buf, gs.family(), name, gs.sock().next_seq()),
				   [&](const nlmsghdr *nlh) {
					   dev = parse_dev_info(nlh);
					   got = true;
				   });
	} catch (const KernelError &e) {
		throw_dev_error(e, name);
	}
	if (!got)
		throw Error(EXIT_KERNEL, "Error: no reply for device \"" + name + "\"");
	return dev;
}

// "egress-dev none" is ifindex 0, which the kernel reads as "no hook"
void resolve_egress(DevConfig &cfg)
{
	if (cfg.egress_dev && !cfg.egress_ifindex)
		cfg.egress_ifindex = *cfg.egress_dev == "none" ? 0 : require_ifindex(*cfg.egress_dev);
}

} // namespace

void resolve_dev_names(DevInfo &dev, const std::function<std::string(uint32_t)> &name_of)
{
	dev.link_name = name_of(dev.link);
	if (dev.egress_ifindex && *dev.egress_ifindex)
		dev.egress_name = name_of(*dev.egress_ifindex);
}

void dev_create(const DevConfig &config, bool up)
{
	DevConfig cfg = config;
	uint32_t link = require_ifindex(*cfg.link);
	resolve_egress(cfg);

	NlSocket rt(NETLINK_ROUTE);
	MsgBuf buf;
	nlmsghdr *nlh = build_dev_add(buf, cfg, link, rt.next_seq());
	if (up) {
		// as `ip link add ... up`: the new device is opened in the
		// same request
		auto *ifi = static_cast<ifinfomsg *>(mnl_nlmsg_get_payload(nlh));
		ifi->ifi_flags |= IFF_UP;
		ifi->ifi_change |= IFF_UP;
	}
	try {
		rt.transact(nlh);
	} catch (const KernelError &e) {
		if (e.err() == EEXIST)
			throw describe_kernel_error(e, "device \"" + cfg.name + "\" already exists");
		if (kind_unknown(e))
			throw Error(EXIT_KERNEL, "Error: sfcproxy kernel module not loaded "
						 "(link kind \"" SFCPROXY_LINK_KIND "\" not supported)");
		throw describe_kernel_error(e);
	}
}

void dev_change(GenlSocket &gs, const DevConfig &config)
{
	DevConfig cfg = config;
	resolve_egress(cfg);
	MsgBuf buf;
	try {
		gs.sock().transact(build_dev_set(buf, gs.family(), cfg, gs.sock().next_seq()));
	} catch (const KernelError &e) {
		throw_dev_error(e, cfg.name);
	}
}

void dev_delete(GenlSocket &gs, const std::string &name)
{
	// Ask the family first: RTM_DELLINK alone would delete any kind of
	// device, and a typo must never remove the uplink.
	DevInfo dev = get_dev(gs, name);
	if (dev.ifindex == 0)
		throw Error(EXIT_KERNEL, "Error: kernel reported no ifindex for \"" + name + "\"");

	NlSocket rt(NETLINK_ROUTE);
	MsgBuf buf;
	try {
		rt.transact(build_dellink(buf, dev.ifindex, rt.next_seq()));
	} catch (const KernelError &e) {
		if (e.err() == ENODEV)
			throw describe_kernel_error(e, "device \"" + name + "\" disappeared");
		throw describe_kernel_error(e);
	}
}

std::vector<DevInfo> dev_list(GenlSocket &gs)
{
	MsgBuf buf;
	std::vector<DevInfo> out;
	try {
		gs.sock().transact(build_dev_get(buf, gs.family(), std::nullopt, gs.sock().next_seq()),
				   [&](const nlmsghdr *nlh) {
					   out.push_back(parse_dev_info(nlh));
					   resolve_dev_names(out.back(), index_to_name);
				   });
	} catch (const KernelError &e) {
		throw_dev_error(e, "");
	}
	return out;
}

int cmd_dev_add(Context &, ArgList args)
{
	dev_create(parse_dev_add(args));
	return EXIT_OK;
}

int cmd_dev_set(Context &, ArgList args)
{
	DevConfig cfg = parse_dev_set(args);
	require_ifindex(cfg.name);
	resolve_egress(cfg);
	GenlSocket gs;
	dev_change(gs, cfg);
	return EXIT_OK;
}

int cmd_dev_del(Context &, ArgList args)
{
	std::string name = parse_dev_name(args, "dev del");
	require_ifindex(name);
	GenlSocket gs;
	dev_delete(gs, name);
	return EXIT_OK;
}

int cmd_dev_show(Context &ctx, ArgList args)
{
	auto name = parse_opt_dev_name(args, "dev show");
	if (name)
		require_ifindex(*name);

	GenlSocket gs;
	MsgBuf buf;
	try {
		gs.sock().transact(build_dev_get(buf, gs.family(), name, gs.sock().next_seq()),
				   [&](const nlmsghdr *nlh) {
					   DevInfo dev = parse_dev_info(nlh);
					   resolve_dev_names(dev, index_to_name);
					   print_dev(ctx.out, dev, ctx.show_stats);
				   });
	} catch (const KernelError &e) {
		throw_dev_error(e, name.value_or(""));
	}
	ctx.out.finish();
	return EXIT_OK;
}

} // namespace sfcproxy
