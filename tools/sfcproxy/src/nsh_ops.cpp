// SPDX-License-Identifier: GPL-2.0
#include "nsh_ops.hpp"

#include "errors.hpp"
#include "table_ops.hpp"

namespace sfcproxy {

std::vector<FwdEntry> fwd_list(GenlSocket &gs)
{
	MsgBuf buf;
	return dump_entries(gs, build_fwd_get(buf, gs.family(), std::nullopt, gs.sock().next_seq()),
			    parse_fwd_entry);
}

FwdEntry fwd_get(GenlSocket &gs, uint32_t spi, uint8_t si)
{
	MsgBuf buf;
	return get_entry(gs, build_fwd_get(buf, gs.family(), NshPath{spi, si}, gs.sock().next_seq()),
			 parse_fwd_entry, "spi " + std::to_string(spi) + " si " + std::to_string(si));
}

void fwd_add(GenlSocket &gs, const FwdEntry &e, bool replace)
{
	FwdEntry req = e;
	if (!req.dev.empty())
		req.ifindex = require_ifindex(req.dev);
	MsgBuf buf;
	table_send(gs, build_fwd_new(buf, gs.family(), req, replace, gs.sock().next_seq()));
}

void fwd_del(GenlSocket &gs, uint32_t spi, uint8_t si)
{
	MsgBuf buf;
	table_send(gs, build_fwd_del(buf, gs.family(), NshPath{spi, si}, gs.sock().next_seq()));
}

void fwd_flush(GenlSocket &gs)
{
	MsgBuf buf;
	table_send(gs, build_fwd_del(buf, gs.family(), std::nullopt, gs.sock().next_seq()));
}

NshStats nsh_stats_get(GenlSocket &gs)
{
	MsgBuf buf;
	NshStats stats;
	table_send(gs, build_nsh_stats_get(buf, gs.family(), gs.sock().next_seq()),
	     [&](const nlmsghdr *nlh) { stats = parse_nsh_stats(nlh); });
	return stats;
}

std::vector<ClsRule> cls_list(GenlSocket &gs)
{
	MsgBuf buf;
	std::vector<ClsRule> out;
	table_send(gs, build_cls_get(buf, gs.family(), gs.sock().next_seq()),
	     [&](const nlmsghdr *nlh) { out.push_back(parse_cls_rule(nlh)); });
	return out;
}

void cls_add(GenlSocket &gs, const ClsRule &r, bool replace)
{
	MsgBuf buf;
	table_send(gs, build_cls_new(buf, gs.family(), r, replace, gs.sock().next_seq()));
}

void cls_del(GenlSocket &gs, const ClsMatch &m)
{
	// On the wire an empty match means "every rule"; a caller removing
	// one catch-all rule must not flush the classifier by accident.
	if (m == ClsMatch{})
		throw Error(EXIT_USAGE, "Error: refusing to delete a classifier rule with an empty "
					"match, which would delete every rule");
	MsgBuf buf;
	table_send(gs, build_cls_del(buf, gs.family(), m, gs.sock().next_seq()));
}

void cls_flush(GenlSocket &gs)
{
	MsgBuf buf;
	table_send(gs, build_cls_del(buf, gs.family(), ClsMatch{}, gs.sock().next_seq()));
}

} // namespace sfcproxy
