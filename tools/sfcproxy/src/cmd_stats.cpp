// SPDX-License-Identifier: GPL-2.0
#include "commands.hpp"
#include "errors.hpp"
#include "messages.hpp"
#include "nlsocket.hpp"
#include "output.hpp"

namespace sfcproxy {

int cmd_stats_show(Context &ctx, ArgList args)
{
	auto name = parse_dev_filter(args, "stats show");
	if (name)
		require_ifindex(*name);

	// Counters ride on DEV_GET; there is no separate stats command.
	GenlSocket gs;
	MsgBuf buf;
	try {
		gs.sock().transact(build_dev_get(buf, gs.family(), name, gs.sock().next_seq()),
				   [&](const nlmsghdr *nlh) {
					   print_dev_stats(ctx.out, parse_dev_info(nlh));
				   });
	} catch (const KernelError &e) {
		throw_dev_error(e, name.value_or(""));
	}
	ctx.out.finish();
	return EXIT_OK;
}

int cmd_stats_reset(Context &, ArgList args)
{
	auto name = parse_dev_filter(args, "stats reset");
	if (name)
		require_ifindex(*name);

	GenlSocket gs;
	MsgBuf buf;
	try {
		gs.sock().transact(build_stats_reset(buf, gs.family(), name, gs.sock().next_seq()));
	} catch (const KernelError &e) {
		throw_dev_error(e, name.value_or(""));
	}
	return EXIT_OK;
}

} // namespace sfcproxy
