// SPDX-License-Identifier: GPL-2.0
#include "sid_ops.hpp"

#include "table_ops.hpp"

namespace sfcproxy {

std::vector<SidEntry> sid_list(GenlSocket &gs)
{
	MsgBuf buf;
	return dump_entries(gs, build_sid_get(buf, gs.family(), std::nullopt, gs.sock().next_seq()),
			    parse_sid_entry);
}

SidEntry sid_get(GenlSocket &gs, const SidPrefix &sid)
{
	MsgBuf buf;
	return get_entry(gs, build_sid_get(buf, gs.family(), sid, gs.sock().next_seq()),
			 parse_sid_entry, "SID " + sid_to_string(sid));
}

void sid_add(GenlSocket &gs, const SidEntry &e, bool replace)
{
	SidEntry req = e;
	req.ifindex = require_ifindex(req.dev);
	MsgBuf buf;
	table_send(gs, build_sid_new(buf, gs.family(), req, replace, gs.sock().next_seq()));
}

void sid_del(GenlSocket &gs, const SidPrefix &sid)
{
	MsgBuf buf;
	table_send(gs, build_sid_del(buf, gs.family(), sid, gs.sock().next_seq()));
}

void sid_flush(GenlSocket &gs)
{
	MsgBuf buf;
	table_send(gs, build_sid_del(buf, gs.family(), std::nullopt, gs.sock().next_seq()));
}

} // namespace sfcproxy
