// SPDX-License-Identifier: GPL-2.0
#include <map>

#include "commands.hpp"
#include "errors.hpp"
#include "messages.hpp"
#include "nlsocket.hpp"
#include "output.hpp"

namespace sfcproxy {

int cmd_cache_show(Context &ctx, ArgList args)
{
	auto name = parse_dev_filter(args, "cache show");
	if (name)
		require_ifindex(*name);

	GenlSocket gs;
	MsgBuf buf;
	// A dump can hold millions of entries of a few devices: resolve each
	// ifindex once, not once per entry.
	std::map<uint32_t, std::string> names;
	try {
		gs.sock().transact(build_cache_get(buf, gs.family(), name, gs.sock().next_seq()),
				   [&](const nlmsghdr *nlh) {
					   CacheEntry e = parse_cache_entry(nlh);
					   if (e.ifname.empty()) {
						   auto it = names.find(e.ifindex);
						   if (it == names.end())
							   it = names.emplace(e.ifindex, index_to_name(e.ifindex)).first;
						   e.ifname = it->second;
					   }
					   print_cache_entry(ctx.out, e);
				   });
	} catch (const KernelError &e) {
		throw_dev_error(e, name.value_or(""));
	}
	ctx.out.finish();
	return EXIT_OK;
}

int cmd_cache_flush(Context &, ArgList args)
{
	auto name = parse_dev_filter(args, "cache flush");
	if (name)
		require_ifindex(*name);

	GenlSocket gs;
	MsgBuf buf;
	try {
		gs.sock().transact(build_cache_flush(buf, gs.family(), name, gs.sock().next_seq()));
	} catch (const KernelError &e) {
		throw_dev_error(e, name.value_or(""));
	}
	return EXIT_OK;
}

} // namespace sfcproxy
