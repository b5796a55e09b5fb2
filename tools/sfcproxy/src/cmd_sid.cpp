// SPDX-License-Identifier: GPL-2.0
#include <algorithm>

#include "commands.hpp"
#include "errors.hpp"
#include "output.hpp"
#include "sid_ops.hpp"

namespace sfcproxy {

namespace {

const std::string k_sid_table = "SRv6 SID table";

std::string missing_text(const SidPrefix &sid)
{
	return "no SID " + sid_to_string(sid);
}

int sid_add_or_replace(ArgList args, bool replace)
{
	SidEntry e = parse_sid_args(args, replace ? "sid replace" : "sid add");
	// Before the socket, so a typo is a usage error even without the module.
	require_ifindex(e.dev);
	table_request([&](GenlSocket &gs) { sid_add(gs, e, replace); }, k_sid_table,
		      "SID " + sid_to_string(e.sid) +
			      " already exists (\"sid replace\" changes it)");
	return EXIT_OK;
}

// Address order, then the longer prefix first; the kernel dumps its
// tables in no particular order.
bool sid_order(const SidEntry &a, const SidEntry &b)
{
	if (a.sid.addr != b.sid.addr)
		return a.sid.addr < b.sid.addr;
	return a.sid.len > b.sid.len;
}

} // namespace

int cmd_sid_add(Context &, ArgList args)
{
	return sid_add_or_replace(args, false);
}

int cmd_sid_replace(Context &, ArgList args)
{
	return sid_add_or_replace(args, true);
}

int cmd_sid_del(Context &, ArgList args)
{
	SidPrefix sid = parse_sid(args, "sid del");
	table_request([&](GenlSocket &gs) { sid_del(gs, sid); }, k_sid_table, {},
		      missing_text(sid));
	return EXIT_OK;
}

int cmd_sid_flush(Context &, ArgList args)
{
	parse_no_args(args, "sid flush");
	table_request([](GenlSocket &gs) { sid_flush(gs); }, k_sid_table);
	return EXIT_OK;
}

int cmd_sid_show(Context &ctx, ArgList args)
{
	auto sid = parse_sid_filter(args, "sid show");
	std::vector<SidEntry> entries;
	table_request(
		[&](GenlSocket &gs) {
			if (sid)
				entries.push_back(sid_get(gs, *sid));
			else
				entries = sid_list(gs);
		},
		k_sid_table, {}, sid ? missing_text(*sid) : "");
	std::sort(entries.begin(), entries.end(), sid_order);
	for (const auto &e : entries)
		print_sid_entry(ctx.out, e, ctx.show_stats);
	ctx.out.finish();
	return EXIT_OK;
}

} // namespace sfcproxy
