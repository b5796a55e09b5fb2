// SPDX-License-Identifier: GPL-2.0
#include <algorithm>

#include "commands.hpp"
#include "errors.hpp"
#include "nsh_ops.hpp"
#include "output.hpp"

namespace sfcproxy {

namespace {

std::string path_text(uint32_t spi, uint8_t si)
{
	return "spi " + std::to_string(spi) + " si " + std::to_string(si);
}

int fwd_add_or_replace(ArgList args, bool replace)
{
	FwdEntry e = parse_fwd_args(args, replace ? "fwd replace" : "fwd add");
	// Before the socket, so a typo is a usage error even without the module.
	if (!e.dev.empty())
		require_ifindex(e.dev);
	nsh_request([&](GenlSocket &gs) { fwd_add(gs, e, replace); },
		    "forwarding entry for " + path_text(e.spi, e.si) +
			    " already exists (\"fwd replace\" changes it)");
	return EXIT_OK;
}

// Path order: by SPI, and within a path from the first hop (highest SI)
// down, since each hop decrements the SI. The kernel dumps its hash table
// in no particular order.
bool path_order(const FwdEntry &a, const FwdEntry &b)
{
	if (a.spi != b.spi)
		return a.spi < b.spi;
	return a.si > b.si;
}

} // namespace

int cmd_fwd_add(Context &, ArgList args)
{
	return fwd_add_or_replace(args, false);
}

int cmd_fwd_replace(Context &, ArgList args)
{
	return fwd_add_or_replace(args, true);
}

int cmd_fwd_del(Context &, ArgList args)
{
	NshPath path = parse_fwd_path(args, "fwd del");
	nsh_request([&](GenlSocket &gs) { fwd_del(gs, path.spi, path.si); }, {},
		    "no forwarding entry for " + path_text(path.spi, path.si));
	return EXIT_OK;
}

int cmd_fwd_flush(Context &, ArgList args)
{
	parse_no_args(args, "fwd flush");
	nsh_request([](GenlSocket &gs) { fwd_flush(gs); });
	return EXIT_OK;
}

int cmd_fwd_show(Context &ctx, ArgList args)
{
	FwdFilter f = parse_fwd_filter(args, "fwd show");
	std::vector<FwdEntry> entries;
	NshStats stats;
	nsh_request(
		[&](GenlSocket &gs) {
			if (f.spi && f.si) {
				entries.push_back(fwd_get(gs, *f.spi, *f.si));
			} else {
				entries = fwd_list(gs);
				std::erase_if(entries, [&](const FwdEntry &e) {
					return f.spi && e.spi != *f.spi;
				});
			}
			if (ctx.show_stats)
				stats = nsh_stats_get(gs);
		},
		{}, f.si ? "no forwarding entry for " + path_text(*f.spi, *f.si) : "");
	std::sort(entries.begin(), entries.end(), path_order);
	for (const auto &e : entries)
		print_fwd_entry(ctx.out, e, ctx.show_stats);
	if (ctx.show_stats)
		print_nsh_stats(ctx.out, stats);
	ctx.out.finish();
	return EXIT_OK;
}

} // namespace sfcproxy
