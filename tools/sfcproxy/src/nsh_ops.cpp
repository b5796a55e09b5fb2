// SPDX-License-Identifier: GPL-2.0
#include "nsh_ops.hpp"

#include <map>

#include "commands.hpp"
#include "errors.hpp"
#include "messages.hpp"

namespace sfcproxy {

namespace {

// A dump names the same few devices over and over: look each up once.
class IfNames {
public:
	const std::string &operator()(uint32_t ifindex)
	{
		auto it = names_.find(ifindex);
		if (it == names_.end())
			it = names_.emplace(ifindex, index_to_name(ifindex)).first;
		return it->second;
	}

private:
	std::map<uint32_t, std::string> names_;
};

void send(GenlSocket &gs, nlmsghdr *nlh, const NlSocket::Handler &on_msg = {})
{
	gs.sock().transact(nlh, on_msg);
}

} // namespace

std::vector<FwdEntry> fwd_list(GenlSocket &gs)
{
	MsgBuf buf;
	IfNames names;
	std::vector<FwdEntry> out;
	send(gs, build_fwd_get(buf, gs.family(), std::nullopt, gs.sock().next_seq()),
	     [&](const nlmsghdr *nlh) {
		     FwdEntry e = parse_fwd_entry(nlh);
		     if (e.ifindex)
			     e.dev = names(e.ifindex);
		     out.push_back(std::move(e));
	     });
	return out;
}

FwdEntry fwd_get(GenlSocket &gs, uint32_t spi, uint8_t si)
{
	MsgBuf buf;
	std::optional<FwdEntry> got;
	send(gs, build_fwd_get(buf, gs.family(), NshPath{spi, si}, gs.sock().next_seq()),
	     [&](const nlmsghdr *nlh) { got = parse_fwd_entry(nlh); });
	if (!got)
		throw Error(EXIT_KERNEL, "Error: no reply for spi " + std::to_string(spi) + " si " +
					 std::to_string(si));
	if (got->ifindex)
		got->dev = index_to_name(got->ifindex);
	return *got;
}

void fwd_add(GenlSocket &gs, const FwdEntry &e, bool replace)
{
	FwdEntry req = e;
	if (!req.dev.empty())
		req.ifindex = require_ifindex(req.dev);
	MsgBuf buf;
	send(gs, build_fwd_new(buf, gs.family(), req, replace, gs.sock().next_seq()));
}

void fwd_del(GenlSocket &gs, uint32_t spi, uint8_t si)
{
	MsgBuf buf;
	send(gs, build_fwd_del(buf, gs.family(), NshPath{spi, si}, gs.sock().next_seq()));
}

void fwd_flush(GenlSocket &gs)
{
	MsgBuf buf;
	send(gs, build_fwd_del(buf, gs.family(), std::nullopt, gs.sock().next_seq()));
}

NshStats nsh_stats_get(GenlSocket &gs)
{
	MsgBuf buf;
	NshStats stats;
	send(gs, build_nsh_stats_get(buf, gs.family(), gs.sock().next_seq()),
	     [&](const nlmsghdr *nlh) { stats = parse_nsh_stats(nlh); });
	return stats;
}

std::vector<ClsRule> cls_list(GenlSocket &gs)
{
	MsgBuf buf;
	std::vector<ClsRule> out;
	send(gs, build_cls_get(buf, gs.family(), gs.sock().next_seq()),
	     [&](const nlmsghdr *nlh) { out.push_back(parse_cls_rule(nlh)); });
	return out;
}

void cls_add(GenlSocket &gs, const ClsRule &r, bool replace)
{
	MsgBuf buf;
	send(gs, build_cls_new(buf, gs.family(), r, replace, gs.sock().next_seq()));
}

void cls_del(GenlSocket &gs, const ClsMatch &m)
{
	// On the wire an empty match means "every rule"; a caller removing
	// one catch-all rule must not flush the classifier by accident.
	if (m == ClsMatch{})
		throw Error(EXIT_USAGE, "Error: refusing to delete a classifier rule with an empty "
					"match, which would delete every rule");
	MsgBuf buf;
	send(gs, build_cls_del(buf, gs.family(), m, gs.sock().next_seq()));
}

void cls_flush(GenlSocket &gs)
{
	MsgBuf buf;
	send(gs, build_cls_del(buf, gs.family(), ClsMatch{}, gs.sock().next_seq()));
}

} // namespace sfcproxy
