// SPDX-License-Identifier: GPL-2.0
#include "commands.hpp"

#include <cerrno>
#include <ostream>

#include <net/if.h>

#include "errors.hpp"
#include "nlsocket.hpp"

namespace sfcproxy {

const std::vector<Object> &object_table()
{
	static const std::vector<Object> objects = {
		{"dev", "show", "proxy devices"},
		{"stats", "show", "per-device counters"},
		{"cache", "show", "cached SFC headers"},
		{"fwd", "show", "NSH forwarding table"},
		{"classifier", "show", "NSH classifier rules"},
		{"sid", "show", "SRv6 SID table"},
		{"pipe", "flows", "End.VNF flow records"},
		{"apply", "", "configure this node from a chain file"},
		{"monitor", "", "print proxy device and End.VNF flow events as they happen"},
	};
	return objects;
}

const std::vector<Command> &command_table()
{
	static const std::vector<Command> commands = {
		{"dev", "add", {}, cmd_dev_add,
		 "NAME link DEV encap { mpls | nsh | srv6 } [ DEV-OPTIONS ]",
		 "create a proxy device on lower device DEV"},
		{"dev", "set", {}, cmd_dev_set, "NAME [ DEV-OPTIONS ]",
		 "change a proxy device (only the options given)"},
		{"dev", "del", {}, cmd_dev_del, "NAME", "delete a proxy device"},
		{"dev", "show", {"list"}, cmd_dev_show, "[ [ dev ] NAME ]",
		 "show one or all proxy devices (-s adds counters)"},
		{"stats", "show", {}, cmd_stats_show, "[ [ dev ] NAME ]",
		 "show counters"},
		{"stats", "reset", {}, cmd_stats_reset, "[ [ dev ] NAME ]",
		 "zero counters"},
		{"cache", "show", {}, cmd_cache_show, "[ [ dev ] NAME ]",
		 "list cached headers"},
		{"cache", "flush", {}, cmd_cache_flush, "[ [ dev ] NAME ]",
		 "drop cached headers"},
		{"fwd", "add", {}, cmd_fwd_add, "spi SPI si SI FWD-ACTION",
		 "add the NSH forwarding entry of service path SPI, index SI"},
		{"fwd", "replace", {}, cmd_fwd_replace, "spi SPI si SI FWD-ACTION",
		 "add or replace an NSH forwarding entry"},
		{"fwd", "del", {}, cmd_fwd_del, "spi SPI si SI",
		 "delete an NSH forwarding entry"},
		{"fwd", "flush", {}, cmd_fwd_flush, "", "delete every NSH forwarding entry"},
		{"fwd", "show", {"list"}, cmd_fwd_show, "[ spi SPI [ si SI ] ]",
		 "show NSH forwarding entries (-s adds counters)"},
		{"classifier", "add", {}, cmd_classifier_add,
		 "[ CLS-MATCH ] spi SPI si SI [ ttl N ] [ CLS-MD ]",
		 "append a rule that pushes an NSH onto matching packets"},
		{"classifier", "replace", {}, cmd_classifier_replace,
		 "[ CLS-MATCH ] spi SPI si SI [ ttl N ] [ CLS-MD ]",
		 "add a rule, or replace the action of the rule with the same match"},
		{"classifier", "del", {}, cmd_classifier_del, "CLS-MATCH",
		 "delete the rule with this match"},
		{"classifier", "flush", {}, cmd_classifier_flush, "",
		 "delete every classifier rule"},
		{"classifier", "show", {"list"}, cmd_classifier_show, "",
		 "show the rules in match order (-s adds counters)"},
		{"sid", "add", {}, cmd_sid_add, "SID[/LEN] behavior SID-BEHAVIOR",
		 "add an SRv6 SID that hands its packets to proxy device PROXYDEV, or "
		 "(End.VNF) to device DEV"},
		{"sid", "replace", {}, cmd_sid_replace, "SID[/LEN] behavior SID-BEHAVIOR",
		 "add or replace an SRv6 SID"},
		{"sid", "del", {}, cmd_sid_del, "SID[/LEN]", "delete an SRv6 SID"},
		{"sid", "flush", {}, cmd_sid_flush, "", "delete every SRv6 SID"},
		{"sid", "show", {"list"}, cmd_sid_show, "[ SID[/LEN] ]",
		 "show one or all SRv6 SIDs (-s adds counters)"},
		{"pipe", "flows", {"show", "list"}, cmd_pipe_flows,
		 "[ client ADDR ] [ sport PORT ] [ server ADDR ] [ dport PORT ]",
		 "show the flows End.VNF SIDs recorded, or the one flow all four name"},
		{"apply", "", {}, cmd_apply, "-f FILE [ --node NAME ] [ --dry-run ]",
		 "give this node the proxy devices, forwarding entries and classifier rules "
		 "FILE describes"},
		{"monitor", "", {}, cmd_monitor, "[ [ dev ] NAME ]",
		 "print a line per proxy device created, changed or deleted and per "
		 "End.VNF flow recorded, until interrupted"},
	};
	return commands;
}

namespace {

void print_commands(std::ostream &out, const std::string &object)
{
	for (const auto &c : command_table()) {
		if (!object.empty() && object != c.object)
			continue;
		out << "       sfcproxy [ OPTIONS ] " << c.object << (*c.name ? " " : "") << c.name
		    << (*c.synopsis ? " " : "") << c.synopsis << '\n';
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

void print_fwd_options(std::ostream &out)
{
	out << "FWD-ACTION := { via MAC dev DEV | dev PROXYDEV | end }\n"
	       "  spi SPI           service path identifier, 0..16777215\n"
	       "  si SI             service index, 1..255\n"
	       "  via MAC dev DEV   send the NSH frame to next hop MAC on Ethernet device DEV\n"
	       "  dev PROXYDEV      hand it to local proxy device PROXYDEV (encap nsh)\n"
	       "  end               end of the chain: remove the NSH, route the inner packet\n";
}

void print_cls_options(std::ostream &out)
{
	out << "CLS-MATCH := [ src PREFIX ] [ dst PREFIX ] [ proto PROTO ] [ sport PORT ]\n"
	       "             [ dport PORT ]\n"
	       "CLS-MD := { md1 C1:C2:C3:C4 | md2 CLASS:TYPE:HEX [ md2 CLASS:TYPE:HEX ]...\n"
	       "            | md2 none }\n"
	       "  src, dst PREFIX   IPv4 or IPv6 ADDRESS[/LEN], one family, no host bits\n"
	       "  proto PROTO       tcp, udp, sctp, icmp, ipv6-icmp or a number 0..255\n"
	       "  sport, dport PORT 0..65535; need proto tcp, udp or sctp\n"
	       "  spi SPI, si SI    the service path to push: 0..16777215, 1..255\n"
	       "  ttl N             NSH TTL, 1..63 (default 63)\n"
	       "  md1 C1:C2:C3:C4   MD type 1 context, four 32-bit values (default zeros)\n"
	       "  md2 CLASS:TYPE:HEX  MD type 2 context header: class 0..65535, type\n"
	       "                    0..255, value in hex (at most 127 bytes); repeat for\n"
	       "                    several, 244 bytes in all; \"md2 none\": no headers\n";
}

void print_sid_options(std::ostream &out)
{
	out << "SID-BEHAVIOR := { End.AD | End.AM } dev PROXYDEV\n"
	       "              | End.AS dev PROXYDEV src ADDR segs S1[,S2]...\n"
	       "              | End.VNF dev DEV [ proto tcp ] [ retpath-tlv TYPE ]\n"
	       "                [ flow-timeout MS ] [ flow-limit N ]\n"
	       "  SID[/LEN]         IPv6 address, prefix length 1..128 (default 128), no\n"
	       "                    host bits; End.VNF: /80 or longer\n"
	       "  behavior End.AD   dynamic proxy: cache the outer IPv6 header and SRH\n"
	       "  behavior End.AS   static proxy: push a configured header on return\n"
	       "  behavior End.AM   masquerading proxy for SR-aware functions\n"
	       "  behavior End.VNF  SRv6Pipes: TCP goes to its final segment, received\n"
	       "                    on DEV, and new flows are recorded (\"pipe flows\")\n"
	       "  dev PROXYDEV      the proxy device (encap srv6) of the function\n"
	       "  src ADDR          End.AS: outer source address\n"
	       "  segs S1,S2,...    End.AS: 1..16 segments after the SID, in visit order\n"
	       "  dev DEV           End.VNF: any device but a proxy, e.g. a dummy\n"
	       "  proto tcp         End.VNF: the protocol handed to DEV (only tcp)\n"
	       "  retpath-tlv TYPE  End.VNF: SRH TLV type of the return path, 1..255\n"
	       "                    but not 4 or 5 (default 124)\n"
	       "  flow-timeout MS   End.VNF: a flow record goes after MS of quiet,\n"
	       "                    1000..3600000 (default 60000)\n"
	       "  flow-limit N      End.VNF: records the SID holds at most, 1..65536\n"
	       "                    (default 16384); SYNs beyond it go on unrecorded\n";
}

void print_pipe_options(std::ostream &out)
{
	out << "PIPE: the End.VNF flow records: client and server address and port,\n"
	       "SID, device, age and packets, then the SYN's SRH and return path\n"
	       "  client, server ADDR  IPv6 addresses\n"
	       "  sport, dport PORT    0..65535\n"
	       "  all four given: the one record of that flow (an error if none)\n";
}

void print_apply_options(std::ostream &out)
{
	out << "APPLY: make this node's proxy devices (encap nsh), forwarding entries and\n"
	       "classifier rules those of the chain file, removing what it does not list\n"
	       "  -f, --file FILE   chain file (JSON, Documentation/chain-file.md); - is stdin\n"
	       "  --node NAME       which node of the file this is (default: the host name)\n"
	       "  --dry-run         print the changes, make none\n";
}

void print_monitor_options(std::ostream &out)
{
	out << "MONITOR: one line per proxy device created or changed ([NEW]) or deleted\n"
	       "([DEL]) in the words of \"dev show\", and per flow End.VNF recorded ([FLOW])\n"
	       "in those of \"pipe flows\", until SIGINT or SIGTERM; \"# events lost\" when\n"
	       "the kernel dropped some; -j: one JSON object per line\n"
	       "  dev NAME          only the events of device NAME (it need not exist yet),\n"
	       "                    and the flows End.VNF hands to it\n";
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
	if (object.empty() || object == "fwd")
		print_fwd_options(out);
	if (object.empty() || object == "classifier")
		print_cls_options(out);
	if (object.empty() || object == "sid")
		print_sid_options(out);
	if (object.empty() || object == "pipe")
		print_pipe_options(out);
	if (object.empty() || object == "apply")
		print_apply_options(out);
	if (object.empty() || object == "monitor")
		print_monitor_options(out);
	if (!object.empty()) {
		for (const auto &o : object_table())
			if (object == o.name && *o.default_command)
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

namespace {

const std::string k_nsh_tables = "NSH forwarding table or classifier";

} // namespace

void throw_table_error(const KernelError &e, const std::string &table,
		       const std::string &exists, const std::string &missing)
{
	// genetlink answers a command the family does not register with a
	// bare EOPNOTSUPP: a module older than the tool.
	if (e.err() == EOPNOTSUPP && e.extack().empty())
		throw Error(EXIT_KERNEL, "Error: the loaded sfcproxy module has no " + table +
					 " (it is older than this tool)");
	// For these two the contract says exactly what happened, and the
	// command knows which path or match it named; the module's extack
	// speaks of attributes ("SFCPROXY_FWD_A_REPLACE replaces it"), which
	// mean nothing on the command line.
	if (e.err() == EEXIST && !exists.empty())
		throw Error(EXIT_KERNEL, "Error: " + exists);
	if (e.err() == ENOENT && !missing.empty())
		throw Error(EXIT_KERNEL, "Error: " + missing);
	throw describe_kernel_error(e);
}

void throw_nsh_error(const KernelError &e, const std::string &exists,
		     const std::string &missing)
{
	throw_table_error(e, k_nsh_tables, exists, missing);
}

void table_request(const std::function<void(GenlSocket &)> &op, const std::string &table,
		   const std::string &exists, const std::string &missing)
{
	GenlSocket gs;
	try {
		op(gs);
	} catch (const KernelError &e) {
		throw_table_error(e, table, exists, missing);
	}
}

void nsh_request(const std::function<void(GenlSocket &)> &op, const std::string &exists,
		 const std::string &missing)
{
	table_request(op, k_nsh_tables, exists, missing);
}

} // namespace sfcproxy
