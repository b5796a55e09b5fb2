// SPDX-License-Identifier: GPL-2.0
#pragma once

// What the per-namespace table operations (nsh_ops.cpp, sid_ops.cpp)
// share: one request per call, and the device names of the entries a dump
// or a get returns resolved from their ifindex.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "errors.hpp"
#include "messages.hpp"
#include "nlsocket.hpp"

namespace sfcproxy {

inline void table_send(GenlSocket &gs, nlmsghdr *nlh, const NlSocket::Handler &on_msg = {})
{
	gs.sock().transact(nlh, on_msg);
}

// Every entry a dump request returns.
template <typename Entry>
std::vector<Entry> dump_entries(GenlSocket &gs, nlmsghdr *req, Entry (*parse)(const nlmsghdr *))
{
	IfNames names;
	std::vector<Entry> out;
	table_send(gs, req, [&](const nlmsghdr *nlh) {
		Entry e = parse(nlh);
		if (e.ifindex)
			e.dev = names(e.ifindex);
		out.push_back(std::move(e));
	});
	return out;
}

// The entry a doit request returns; `what` names it should none come.
template <typename Entry>
Entry get_entry(GenlSocket &gs, nlmsghdr *req, Entry (*parse)(const nlmsghdr *),
		const std::string &what)
{
	std::optional<Entry> got;
	table_send(gs, req, [&](const nlmsghdr *nlh) { got = parse(nlh); });
	if (!got)
		throw Error(EXIT_KERNEL, "Error: no reply for " + what);
	if (got->ifindex)
		got->dev = index_to_name(got->ifindex);
	return *got;
}

} // namespace sfcproxy
