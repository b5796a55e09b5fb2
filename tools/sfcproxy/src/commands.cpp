// SPDX-License-Identifier: GPL-2.0
#include "commands.hpp"

#include <cerrno>
#include <ostream>

#include <net/if.h>

#include "errors.hpp"

namespace sfcproxy {

const std::vector<Object> &object_table()
{
	static const std::vector<Object> objects = {
		{"dev", "show", "proxy devices"},
		{"stats", "show", "per-device counters"},
		{"cache", "show", "cached SFC headers"},
	};
	return objects;
}

const std::vector<Command> &command_table()
{
	static const std::vector<Command> commands = {
		{"dev", "add", nullptr, cmd_dev_add,
		 "NAME link DEV encap { mpls | nsh | srv6 } [ DEV-OPTIONS ]",
		 "create a proxy device on lower device DEV"},
		{"dev", "set", nullptr, cmd_dev_set, "NAME [ DEV-OPTIONS ]",
		 "change a proxy device (only the options given)"},
		{"dev", "del", nullptr, cmd_dev_del, "NAME", "delete a proxy device"},
		{"dev", "show", "list", cmd_dev_show, "[ NAME ]",
		 "show one or all proxy devices (-s adds counters)"},
		{"stats", "show", nullptr, cmd_stats_show, "[ dev NAME ]",
		 "show counters"},
		{"stats", "reset", nullptr, cmd_stats_reset, "[ dev NAME ]",
		 "zero counters"},
		{"cache", "show", nullptr, cmd_cache_show, "[ dev NAME ]",
		 "list cached headers"},
		{"cache", "flush", nullptr, cmd_cache_flush, "[ dev NAME ]",
		 "drop cached headers"},
	};
	return commands;
}

namespace {

void print_commands(std::ostream &out, const std::string &object)
{
	for (const auto &c : command_table()) {
		if (!object.empty() && object != c.object)
			continue;
		out << "       sfcproxy [ OPTIONS ] " << c.object << ' ' << c.name << ' '
		    << c.synopsis << '\n';
	}
}

void print_dev_options(std::ostream &out)
{
	out << "DEV-OPTIONS := [ label LABEL ]... [ pop N ] [ key { id | header | auto } ]\n"
	       "               [ id-mask MASK ] [ cache-size N ] [ cache-timeout MS ]\n"
	       "               [ miss { drop | pass } ] [ depth N ] [ ttl { dec | copy } ]\n"
	       "               [ cache-bytes N ] [ egress-dev { DEV | none } ]\n"
	       "  label LABEL       MPLS label of this function, 0..1048575; repeat for\n"
	       "                    several; \"label none\" clears the list\n"
	       "  pop N             labels consumed here, not re-attached, 0..16\n"
	       "  key MODE          id: per-packet ID in skb->mark; header: invariant\n"
	       "                    header fields; auto: ID if present, else header\n"
	       "  id-mask MASK      non-zero 32-bit mark mask for the ID (hex or decimal)\n"
	       "  cache-size N      cached headers per device, 1..4194304\n"
	       "  cache-timeout MS  idle timeout of a cached header, 1..3600000 ms\n"
	       "  miss ACTION       egress packet without a cached header: drop or pass\n"
	       "  depth N           deepest MPLS label stack accepted, 1..16\n"
	       "  ttl MODE          TTL of re-attached labels: dec or copy\n"
	       "  cache-bytes N     byte cap on cached headers, 0 = automatic\n"
	       "  egress-dev DEV    restore headers in a hook on DEV's egress instead of\n"
	       "                    having the function route into the proxy; none: off\n";
}

} // namespace

void print_usage(std::ostream &out, const std::string &object)
{
	out << "Usage: sfcproxy [ OPTIONS ] OBJECT { COMMAND | help }\n";
	print_commands(out, object);
	if (object.empty()) {
		out << "       sfcproxy help\n"
		       "where  OBJECT := { ";
		bool first = true;
		for (const auto &o : object_table()) {
			out << (first ? "" : " | ") << o.name;
			first = false;
		}
		out << " }\n"
		       "       OPTIONS := { -j[son] | -p[retty] | -s[tatistics] |\n"
		       "                    -n[etns] NETNS | -V[ersion] | -h[elp] }\n";
	}
	if (object.empty() || object == "dev")
		print_dev_options(out);
	if (!object.empty()) {
		for (const auto &o : object_table())
			if (object == o.name)
				out << "\"sfcproxy " << o.name << "\" alone runs \"" << o.name << ' '
				    << o.default_command << "\".\n";
	}
}

uint32_t require_ifindex(const std::string &name)
{
	unsigned idx = if_nametoindex(name.c_str());
	if (idx == 0)
		throw UsageError("Cannot find device \"" + name + "\"");
	return idx;
}

std::string index_to_name(uint32_t ifindex)
{
	char buf[IF_NAMESIZE];
	if (ifindex && if_indextoname(ifindex, buf))
		return buf;
	return {};
}

void throw_dev_error(const KernelError &e, const std::string &name)
{
	// The caller has checked that the name exists. The module reports
	// a device of another kind as EOPNOTSUPP with this extack; plain
	// EOPNOTSUPP also means "command not implemented", so the extack is
	// what tells the two apart. ENODEV can then only be that kind of
	// mismatch too, or the device vanishing in between.
	bool other_kind = e.err() == ENODEV ||
			  (e.err() == EOPNOTSUPP && e.extack() == "not an sfcproxy device");
	if (other_kind && !name.empty())
		throw Error(EXIT_KERNEL, "Error: \"" + name + "\" is not an sfcproxy device");
	throw describe_kernel_error(e);
}

} // namespace sfcproxy
