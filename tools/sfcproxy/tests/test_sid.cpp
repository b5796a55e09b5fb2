// SPDX-License-Identifier: GPL-2.0
//
// The SRv6 SID table: the `sid` grammar, the SID_* requests and replies,
// text and JSON output, and the wording of kernel errors.

#include <algorithm>
#include <array>
#include <cerrno>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "messages.hpp"
#include "output.hpp"
#include "test_util.hpp"

using namespace sfcproxy;
using namespace sfcproxy::test;
using json = nlohmann::ordered_json;

namespace {

using Words = std::vector<std::string>;
using Bytes = std::vector<uint8_t>;

// fc00::N
Ipv6Addr fc00(uint16_t last)
{
	Ipv6Addr a{};
	a[0] = 0xfc;
	a[14] = static_cast<uint8_t>(last >> 8);
	a[15] = static_cast<uint8_t>(last);
	return a;
}

std::string sid_error(const Words &w)
{
	return usage_error([&] { parse_sid_args(w, "sid add"); });
}

Words concat(Words w, const Words &extra)
{
	w.insert(w.end(), extra.begin(), extra.end());
	return w;
}

// "SID behavior End.AD dev sfp0" followed by `extra`.
Words ad_words(const Words &extra)
{
	return concat({"fc00::100", "behavior", "End.AD", "dev", "sfp0"}, extra);
}

// End.AS with its "src", followed by `extra` (the segments, say).
Words as_words(const Words &extra)
{
	return concat({"fc00::100", "behavior", "End.AS", "dev", "sfp0", "src", "fc00::1"}, extra);
}

std::string bad(const std::string &arg, const std::string &why)
{
	return "Error: argument \"" + arg + "\" is wrong: " + why;
}

SidEntry ad_entry()
{
	SidEntry e;
	e.sid = {fc00(0x100), 128};
	e.behavior = SFCPROXY_SID_END_AD;
	e.dev = "sfp0";
	e.ifindex = 7;
	return e;
}

SidEntry as_entry()
{
	SidEntry e;
	e.sid = {fc00(0), 64};
	e.behavior = SFCPROXY_SID_END_AS;
	e.dev = "sfp1";
	e.ifindex = 8;
	e.src = fc00(1);
	e.segs = {fc00(0x200), fc00(0x300)};
	return e;
}

// End.VNF of locator fc00:2::/80 handing TCP to nfv0 (ifindex 9), with
// every option at its default, as the kernel reports them.
SidEntry vnf_entry()
{
	SidEntry e;
	e.sid.addr[0] = 0xfc;
	e.sid.addr[3] = 0x02;
	e.sid.len = 80;
	e.behavior = SFCPROXY_SID_END_VNF;
	e.dev = "nfv0";
	e.ifindex = 9;
	e.proto = IPPROTO_TCP;
	e.retpath_tlv = SFCPROXY_RETPATH_TLV_DEFAULT;
	e.flow_timeout = SFCPROXY_FLOW_TIMEOUT_DEFAULT;
	e.flow_limit = SFCPROXY_FLOW_LIMIT_DEFAULT;
	return e;
}

// "fc00:2::/80 behavior End.VNF dev nfv0" followed by `extra`.
Words vnf_words(const Words &extra)
{
	return concat({"fc00:2::/80", "behavior", "End.VNF", "dev", "nfv0"}, extra);
}

SidEntry with_counters(SidEntry e)
{
	e.packets = 10;
	e.bytes = 1500;
	e.errors = 2;
	return e;
}

Bytes concat(const std::vector<Ipv6Addr> &addrs)
{
	Bytes out;
	for (const auto &a : addrs)
		out.insert(out.end(), a.begin(), a.end());
	return out;
}

} // namespace

// Grammar.

TEST(SidArgs, EndAdWithDefaultLength)
{
	SidEntry e = parse_sid_args(ad_words({}), "sid add");
	EXPECT_EQ(e.sid.addr, fc00(0x100));
	EXPECT_EQ(e.sid.len, 128);
	EXPECT_EQ(e.behavior, SFCPROXY_SID_END_AD);
	EXPECT_EQ(e.dev, "sfp0");
	EXPECT_EQ(e.ifindex, 0u); // resolved by the command
	EXPECT_FALSE(e.src);
	EXPECT_TRUE(e.segs.empty());
	EXPECT_FALSE(e.packets);
	// Keywords in any order after the SID.
	EXPECT_EQ(parse_sid_args(Words{"fc00::100/128", "dev", "sfp0", "behavior", "End.AD"},
				 "sid replace"),
		  e);
}

TEST(SidArgs, EndAsKeepsTheSegmentOrder)
{
	SidEntry e = parse_sid_args(Words{"fc00::/64", "behavior", "End.AS", "dev", "sfp1", "segs",
					  "fc00::200,fc00::300", "src", "fc00::1"},
				    "sid add");
	EXPECT_EQ(e, as_entry());
	ASSERT_EQ(e.segs.size(), 2u);
	EXPECT_EQ(e.segs[0], fc00(0x200));
	EXPECT_EQ(e.segs[1], fc00(0x300));
	// One segment is enough, sixteen the most.
	EXPECT_EQ(parse_sid_args(as_words({"segs", "::1"}), "sid add").segs.size(), 1u);
	std::string sixteen = "fc00::1";
	for (int i = 2; i <= 16; i++)
		sixteen += ",fc00::" + std::to_string(i);
	EXPECT_EQ(parse_sid_args(as_words({"segs", sixteen}), "sid add").segs.size(), 16u);
	EXPECT_EQ(sid_error(as_words({"segs", sixteen + ",fc00::17"})),
		  bad(sixteen + ",fc00::17", "\"segs\" takes at most 16 addresses"));
}

TEST(SidArgs, EndAm)
{
	SidEntry e = parse_sid_args(Words{"2001:db8:0:1::/64", "behavior", "End.AM", "dev", "sfp2"},
				    "sid add");
	EXPECT_EQ(e.behavior, SFCPROXY_SID_END_AM);
	EXPECT_EQ(e.sid.len, 64);
	EXPECT_EQ(e.sid.addr[0], 0x20);
	EXPECT_EQ(e.sid.addr[7], 0x01);
	EXPECT_EQ(e.dev, "sfp2");
}

TEST(SidArgs, EndVnfWithDefaults)
{
	SidEntry e = parse_sid_args(vnf_words({}), "sid add");
	EXPECT_EQ(e.behavior, SFCPROXY_SID_END_VNF);
	EXPECT_EQ(e.sid, vnf_entry().sid);
	// any device: a dummy, not a proxy
	EXPECT_EQ(e.dev, "nfv0");
	// the kernel's defaults are left to the kernel
	EXPECT_FALSE(e.proto);
	EXPECT_FALSE(e.retpath_tlv);
	EXPECT_FALSE(e.flow_timeout);
	EXPECT_FALSE(e.flow_limit);
	EXPECT_FALSE(e.src);
	EXPECT_TRUE(e.segs.empty());
}

TEST(SidArgs, EndVnfOptions)
{
	auto vnf = [](const Words &extra) { return parse_sid_args(vnf_words(extra), "sid add"); };
	EXPECT_EQ(vnf({"flow-limit", "16384", "flow-timeout", "60000", "retpath-tlv", "124", "proto",
		       "tcp"}),
		  vnf_entry());
	EXPECT_EQ(vnf({"proto", "6"}).proto, IPPROTO_TCP);
	EXPECT_EQ(vnf({"proto", "0x6"}).proto, IPPROTO_TCP);
	// SRv6Pipes' own type, and the ends of the range
	for (int t : {1, 2, 3, 6, 124, 255})
		EXPECT_EQ(vnf({"retpath-tlv", std::to_string(t)}).retpath_tlv, t) << t;
	EXPECT_EQ(vnf({"flow-timeout", "1000"}).flow_timeout, 1000u);
	EXPECT_EQ(vnf({"flow-timeout", "3600000"}).flow_timeout, 3600000u);
	// one record, and every record of the namespace
	EXPECT_EQ(vnf({"flow-limit", "1"}).flow_limit, 1u);
	EXPECT_EQ(vnf({"flow-limit", "65536"}).flow_limit, 65536u);
	EXPECT_EQ(vnf({"flow-limit", "0x400"}).flow_limit, 1024u);
	// the two are independent
	SidEntry e = vnf({"flow-limit", "100"});
	EXPECT_FALSE(e.flow_timeout);
	EXPECT_EQ(e.flow_limit, 100u);
}

TEST(SidArgs, EndVnfBadValues)
{
	const std::string tcp = "\"proto\" must be tcp: End.VNF supports only TCP";
	for (const char *p : {"udp", "17", "0", "sctp", "TCP", "256", ""})
		EXPECT_EQ(sid_error(vnf_words({"proto", p})), bad(p, tcp)) << p;
	const std::string tlv = "\"retpath-tlv\" must be an SRH TLV type in 1..255 other than 4 "
				"(PadN) and 5 (HMAC)";
	for (const char *t : {"0", "4", "5", "256", "-1", "x", ""})
		EXPECT_EQ(sid_error(vnf_words({"retpath-tlv", t})), bad(t, tlv)) << t;
	const std::string timeout = "\"flow-timeout\" must be in 1000..3600000 milliseconds";
	for (const char *ms : {"999", "0", "3600001", "1s", ""})
		EXPECT_EQ(sid_error(vnf_words({"flow-timeout", ms})), bad(ms, timeout)) << ms;
	const std::string limit = "\"flow-limit\" must be in 1..65536 records";
	for (const char *n : {"0", "65537", "4294967297", "-1", "1k", "0x", ""})
		EXPECT_EQ(sid_error(vnf_words({"flow-limit", n})), bad(n, limit)) << n;
	EXPECT_EQ(sid_error(vnf_words({"proto", "tcp", "proto", "tcp"})),
		  "Error: duplicate \"proto\": \"tcp\" is the second value");
	EXPECT_EQ(sid_error(vnf_words({"flow-timeout"})),
		  "Error: \"flow-timeout\" needs a value for \"sid add\"");
	EXPECT_EQ(sid_error(vnf_words({"flow-limit"})),
		  "Error: \"flow-limit\" needs a value for \"sid add\"");
	EXPECT_EQ(sid_error(vnf_words({"flow-limit", "10", "flow-limit", "20"})),
		  "Error: duplicate \"flow-limit\": \"20\" is the second value");
}

TEST(SidArgs, EndVnfOptionsOnlyForEndVnf)
{
	for (const Words &opt : {Words{"proto", "tcp"}, Words{"retpath-tlv", "124"},
				 Words{"flow-timeout", "5000"}, Words{"flow-limit", "100"}}) {
		EXPECT_EQ(sid_error(ad_words(opt)),
			  "Error: \"" + opt[0] + "\" is only for behavior End.VNF, not End.AD, for "
			  "\"sid add\"");
		EXPECT_EQ(sid_error(as_words(concat({"segs", "fc00::2"}, opt))),
			  "Error: \"" + opt[0] + "\" is only for behavior End.VNF, not End.AS, for "
			  "\"sid add\"");
	}
	EXPECT_EQ(usage_error([] {
			  parse_sid_args(Words{"fc00::1", "behavior", "End.AM", "dev", "sfp0",
					       "flow-timeout", "5000"},
					 "sid replace");
		  }),
		  "Error: \"flow-timeout\" is only for behavior End.VNF, not End.AM, for \"sid "
		  "replace\"");
	EXPECT_EQ(usage_error([] {
			  parse_sid_args(Words{"fc00::1", "behavior", "End.AM", "dev", "sfp0",
					       "flow-limit", "100"},
					 "sid replace");
		  }),
		  "Error: \"flow-limit\" is only for behavior End.VNF, not End.AM, for \"sid "
		  "replace\"");
	// and End.VNF takes no header of its own
	EXPECT_EQ(sid_error(vnf_words({"src", "fc00::1"})),
		  "Error: \"src\" is only for behavior End.AS, not End.VNF, for \"sid add\"");
	EXPECT_EQ(sid_error(vnf_words({"segs", "fc00::1"})),
		  "Error: \"segs\" is only for behavior End.AS, not End.VNF, for \"sid add\"");
	// a keyword in the SID's place
	EXPECT_EQ(sid_error({"proto", "tcp"}),
		  "Error: SID is required for \"sid add\" before \"proto\"");
}

TEST(SidArgs, BadSids)
{
	auto sid_of = [](const std::string &sid) {
		return sid_error({sid, "behavior", "End.AD", "dev", "sfp0"});
	};
	EXPECT_EQ(sid_of("fc00::1/64"),
		  bad("fc00::1/64", "SID has host bits set beyond /64 (did you mean fc00::/64?)"));
	EXPECT_EQ(sid_of("fc00::/0"), bad("fc00::/0", "SID prefix length must be in 1..128"));
	EXPECT_EQ(sid_of("fc00::/129"), bad("fc00::/129", "SID prefix length must be in 1..128"));
	for (const char *len : {"fc00::/", "fc00::/0x40", "fc00::/+64", "fc00::/a", "fc00::/64/1"})
		EXPECT_EQ(sid_of(len), bad(len, "SID prefix length must be in 1..128")) << len;
	for (const char *sid : {"10.0.0.1", "10.0.0.0/8", "fc00::g", "fc00", "", "/64"})
		EXPECT_EQ(sid_of(sid), bad(sid, "SID must be an IPv6 prefix, ADDRESS[/LEN]")) << sid;
	EXPECT_TRUE(sid_of("fc00::1/128") == "<no error>");
	EXPECT_TRUE(sid_of("::ffff:10.0.0.1") == "<no error>");
}

TEST(SidArgs, MissingParts)
{
	EXPECT_EQ(sid_error({}), "Error: SID is required for \"sid add\"");
	EXPECT_EQ(sid_error({"behavior", "End.AD", "dev", "sfp0"}),
		  "Error: SID is required for \"sid add\" before \"behavior\"");
	EXPECT_EQ(sid_error({"dev", "sfp0"}),
		  "Error: SID is required for \"sid add\" before \"dev\"");
	EXPECT_EQ(sid_error({"fc00::100", "dev", "sfp0"}),
		  "Error: \"behavior\" is required for \"sid add\"");
	EXPECT_EQ(sid_error({"fc00::100", "behavior", "End.AD"}),
		  "Error: \"dev\" is required for \"sid add\"");
	EXPECT_EQ(sid_error({"fc00::100"}), "Error: \"behavior\" is required for \"sid add\"");
	EXPECT_EQ(sid_error({"fc00::100", "dev", "sfp0", "behavior"}),
		  "Error: \"behavior\" needs a value for \"sid add\"");
	EXPECT_EQ(usage_error([] { parse_sid_args(Words{"fc00::1", "behavior", "End.AM"},
						  "sid replace"); }),
		  "Error: \"dev\" is required for \"sid replace\"");
}

TEST(SidArgs, Behaviors)
{
	auto behavior = [](const std::string &b) {
		return sid_error({"fc00::100", "behavior", b, "dev", "sfp0"});
	};
	const std::string choices = "\"behavior\" must be one of End.AD, End.AS, End.AM, End.VNF";
	// Spelled exactly as seg6local spells them.
	for (const char *b : {"end.ad", "END.AD", "End.ad", "End.DX4", "End", "AD", "end.vnf", ""})
		EXPECT_EQ(behavior(b), bad(b, choices)) << b;
	EXPECT_EQ(behavior("End.VNF"), "<no error>");
	EXPECT_EQ(sid_error(ad_words({"behavior", "End.AM"})),
		  "Error: duplicate \"behavior\": \"End.AM\" is the second value");
}

TEST(SidArgs, EndAsNeedsSrcAndSegs)
{
	const std::string needs = "Error: behavior End.AS needs \"src\" and \"segs\" for \"sid add\"";
	EXPECT_EQ(sid_error({"fc00::100", "behavior", "End.AS", "dev", "sfp0"}), needs);
	EXPECT_EQ(sid_error(as_words({})), needs);
	EXPECT_EQ(sid_error({"fc00::100", "behavior", "End.AS", "dev", "sfp0", "segs", "fc00::2"}),
		  needs);
	// The others take the packet's own header.
	EXPECT_EQ(sid_error(ad_words({"src", "fc00::1"})),
		  "Error: \"src\" is only for behavior End.AS, not End.AD, for \"sid add\"");
	EXPECT_EQ(sid_error({"fc00::100", "behavior", "End.AM", "dev", "sfp0", "segs", "fc00::2"}),
		  "Error: \"segs\" is only for behavior End.AS, not End.AM, for \"sid add\"");
}

TEST(SidArgs, BadSrcAndSegs)
{
	for (const char *src : {"10.0.0.1", "fc00::/64", "fc00::g", ""})
		EXPECT_EQ(sid_error({"fc00::100", "behavior", "End.AS", "dev", "sfp0", "segs",
				     "fc00::2", "src", src}),
			  bad(src, "\"src\" must be an IPv6 address"))
			<< src;
	EXPECT_EQ(sid_error(as_words({"segs", "fc00::2", "src", "fc00::3"})),
		  "Error: duplicate \"src\": \"fc00::3\" is the second value");
	const std::string why = "\"segs\" must be IPv6 addresses separated by \",\"";
	for (const char *segs : {"", ",", "fc00::2,", ",fc00::2", "fc00::2,,fc00::3",
				 "fc00::2 fc00::3", "fc00::2;fc00::3", "10.0.0.1", "fc00::/64"})
		EXPECT_EQ(sid_error(as_words({"segs", segs})), bad(segs, why)) << segs;
	EXPECT_EQ(sid_error(as_words({"segs", "fc00::2", "segs", "fc00::3"})),
		  "Error: duplicate \"segs\": \"fc00::3\" is the second value");
}

TEST(SidArgs, DevAndUnknownWords)
{
	EXPECT_EQ(sid_error({"fc00::100", "behavior", "End.AD", "dev", "a/b"}),
		  bad("a/b", "\"dev\" must name a network device"));
	EXPECT_EQ(sid_error(ad_words({"dev", "sfp1"})),
		  "Error: duplicate \"dev\": \"sfp1\" is the second value");
	EXPECT_EQ(sid_error(ad_words({"via", "fc00::1"})),
		  "Error: unknown keyword \"via\" for \"sid add\"");
	EXPECT_NE(sid_error(ad_words({"-j"})).find("global options go before"), std::string::npos);
	EXPECT_NE(sid_error({"-s", "fc00::100"}).find("global options go before"),
		  std::string::npos);
}

TEST(SidArgs, DelFlushAndShow)
{
	EXPECT_EQ(parse_sid(Words{"fc00::100"}, "sid del"), (SidPrefix{fc00(0x100), 128}));
	EXPECT_EQ(parse_sid(Words{"fc00::/64"}, "sid del"), (SidPrefix{fc00(0), 64}));
	auto del_error = [](const Words &w) { return usage_error([&] { parse_sid(w, "sid del"); }); };
	EXPECT_EQ(del_error({}), "Error: SID is required for \"sid del\"");
	EXPECT_EQ(del_error({"fc00::100", "behavior", "End.AD"}),
		  "Error: unexpected argument \"behavior\" for \"sid del\"");
	EXPECT_EQ(del_error({"fc00::1/64"}),
		  bad("fc00::1/64", "SID has host bits set beyond /64 (did you mean fc00::/64?)"));

	parse_no_args(Words{}, "sid flush");
	EXPECT_EQ(usage_error([] { parse_no_args(Words{"fc00::1"}, "sid flush"); }),
		  "Error: unknown keyword \"fc00::1\" for \"sid flush\"");

	EXPECT_FALSE(parse_sid_filter(Words{}, "sid show"));
	EXPECT_EQ(parse_sid_filter(Words{"fc00::/64"}, "sid show"), (SidPrefix{fc00(0), 64}));
	EXPECT_EQ(usage_error([] { parse_sid_filter(Words{"fc00::1", "fc00::2"}, "sid show"); }),
		  "Error: unexpected argument \"fc00::2\" for \"sid show\"");
	EXPECT_EQ(usage_error([] { parse_sid_filter(Words{"dev", "sfp0"}, "sid show"); }),
		  "Error: SID is required for \"sid show\" before \"dev\"");
}

// Requests.

TEST(SidMessages, NewEndAd)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_sid_new(buf, 0x1234, ad_entry(), false, 11);
	// No NLM_F_REPLACE: it is the dump bit NLM_F_ROOT to generic netlink.
	expect_request(nlh, 0x1234, 11, SFCPROXY_CMD_SID_NEW, NLM_F_REQUEST | NLM_F_ACK);

	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_SID_A_ADDR)),
		  (Bytes{0xfc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00}));
	// The length goes out even when it is the default.
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_PREFIX_LEN)), 1u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_PREFIX_LEN)), 128);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_BEHAVIOR)), 1u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_BEHAVIOR)), SFCPROXY_SID_END_AD);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_IFINDEX)), 4u);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_SID_A_IFINDEX)), 7u);
	EXPECT_EQ(a.size(), 4u);
}

TEST(SidMessages, ReplaceEndAs)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_sid_new(buf, 20, as_entry(), true, 1);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_SID_A_ADDR)), concat({fc00(0)}));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_PREFIX_LEN)), 64);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_BEHAVIOR)), SFCPROXY_SID_END_AS);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_SID_A_IFINDEX)), 8u);
	EXPECT_EQ(payload_of(one(a, SFCPROXY_SID_A_SRC)), concat({fc00(1)}));
	// 16 bytes per segment, in visit order.
	EXPECT_EQ(payload_of(one(a, SFCPROXY_SID_A_SEGS)), concat({fc00(0x200), fc00(0x300)}));
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_REPLACE)), 0u); // a flag
	EXPECT_EQ(a.size(), 7u);
}

TEST(SidMessages, NewEndVnf)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_sid_new(buf, 20, vnf_entry(), false, 3);
	expect_request(nlh, 20, 3, SFCPROXY_CMD_SID_NEW, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_SID_A_ADDR)), concat({vnf_entry().sid.addr}));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_PREFIX_LEN)), 80);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_BEHAVIOR)), SFCPROXY_SID_END_VNF);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_SID_A_IFINDEX)), 9u);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_PROTO)), 1u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_PROTO)), IPPROTO_TCP);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_RETPATH_TLV)), 1u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_RETPATH_TLV)), 124);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_FLOW_TIMEOUT)), 4u);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_SID_A_FLOW_TIMEOUT)), 60000u);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_FLOW_LIMIT)), 4u);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_SID_A_FLOW_LIMIT)), 16384u);
	EXPECT_EQ(a.size(), 8u);

	// only what was given goes out, so the kernel's defaults apply
	SidEntry e = vnf_entry();
	e.proto.reset();
	e.flow_timeout.reset();
	e.flow_limit.reset();
	e.retpath_tlv = 6;
	a = top_attrs(build_sid_new(buf, 20, e, true, 4), sizeof(genlmsghdr));
	EXPECT_EQ(a.count(SFCPROXY_SID_A_PROTO), 0u);
	EXPECT_EQ(a.count(SFCPROXY_SID_A_FLOW_TIMEOUT), 0u);
	EXPECT_EQ(a.count(SFCPROXY_SID_A_FLOW_LIMIT), 0u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_RETPATH_TLV)), 6);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_SID_A_REPLACE)), 0u);
	EXPECT_EQ(a.size(), 6u);
}

TEST(SidMessages, GetAndDel)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_sid_get(buf, 20, SidPrefix{fc00(0), 64}, 1);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_SID_GET);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_SID_A_ADDR)), concat({fc00(0)}));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_PREFIX_LEN)), 64);
	EXPECT_EQ(a.size(), 2u);

	nlh = build_sid_get(buf, 20, std::nullopt, 2);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());

	nlh = build_sid_del(buf, 20, SidPrefix{fc00(0x100), 128}, 3);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_SID_DEL);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_SID_A_ADDR)), concat({fc00(0x100)}));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_SID_A_PREFIX_LEN)), 128);
	EXPECT_EQ(a.size(), 2u);

	// flush: no SID at all
	nlh = build_sid_del(buf, 20, std::nullopt, 4);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_SID_DEL);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());
}

// Replies.

TEST(SidReplies, EndAsWithCounters)
{
	MsgBuf req;
	SidEntry e = parse_reply(SFCPROXY_CMD_SID_GET, parse_sid_entry, [&](nlmsghdr *n) {
		copy_attrs(n, build_sid_new(req, 33, as_entry(), false, 1));
		mnl_attr_put_u64(n, SFCPROXY_SID_A_PACKETS, 10);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_BYTES, 5000000000ULL);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_ERRORS, 2);
		mnl_attr_put_u32(n, 200, 1); // from the future
	});
	SidEntry want = as_entry();
	want.dev.clear(); // resolved by the caller
	EXPECT_EQ(e, want);
	EXPECT_EQ(e.ifindex, 8u);
	EXPECT_EQ(e.packets, 10u);
	EXPECT_EQ(e.bytes, 5000000000ULL);
	EXPECT_EQ(e.errors, 2u);
}

TEST(SidReplies, EndAdWithoutCounters)
{
	MsgBuf req;
	SidEntry e = parse_reply(SFCPROXY_CMD_SID_GET, parse_sid_entry, [&](nlmsghdr *n) {
		copy_attrs(n, build_sid_new(req, 33, ad_entry(), false, 1));
	});
	EXPECT_EQ(e.sid, (SidPrefix{fc00(0x100), 128}));
	EXPECT_EQ(e.behavior, SFCPROXY_SID_END_AD);
	EXPECT_EQ(e.ifindex, 7u);
	EXPECT_TRUE(e.dev.empty());
	EXPECT_FALSE(e.src);
	EXPECT_TRUE(e.segs.empty());
	EXPECT_FALSE(e.packets);
	EXPECT_FALSE(e.bytes);
	EXPECT_FALSE(e.errors);
	// No length: the default /128.
	e = parse_reply(SFCPROXY_CMD_SID_GET, parse_sid_entry, [](nlmsghdr *n) {
		Ipv6Addr a = fc00(5);
		mnl_attr_put(n, SFCPROXY_SID_A_ADDR, a.size(), a.data());
	});
	EXPECT_EQ(e.sid, (SidPrefix{fc00(5), 128}));
}

TEST(SidReplies, EndVnfWithCounters)
{
	MsgBuf req;
	SidEntry e = parse_reply(SFCPROXY_CMD_SID_GET, parse_sid_entry, [&](nlmsghdr *n) {
		copy_attrs(n, build_sid_new(req, 33, vnf_entry(), false, 1));
		mnl_attr_put_u64(n, SFCPROXY_SID_A_PACKETS, 10);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_BYTES, 1500);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_ERRORS, 0);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_FLOWS, 3);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_FLOWS_FULL, 1);
		mnl_attr_put_u32(n, SFCPROXY_SID_A_FLOWS_ACTIVE, 5);
		mnl_attr_put_u32(n, SFCPROXY_SID_A_FLOWS_HALF_OPEN, 2);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_FLOWS_TOO_BIG, 4);
		mnl_attr_put_u64(n, SFCPROXY_SID_A_FLOWS_UNANSWERED, 5000000000ULL);
	});
	SidEntry want = vnf_entry();
	want.dev.clear();
	EXPECT_EQ(e, want);
	EXPECT_EQ(e.proto, IPPROTO_TCP);
	EXPECT_EQ(e.retpath_tlv, 124);
	EXPECT_EQ(e.flow_timeout, 60000u);
	EXPECT_EQ(e.flows, 3u);
	EXPECT_EQ(e.flows_full, 1u);
	EXPECT_EQ(e.flow_limit, 16384u);
	EXPECT_EQ(e.flows_active, 5u);
	EXPECT_EQ(e.flows_half_open, 2u);
	EXPECT_EQ(e.flows_too_big, 4u);
	EXPECT_EQ(e.flows_unanswered, 5000000000ULL);
	EXPECT_EQ(e.errors, 0u);
	// the proxies have none of these
	e = parse_reply(SFCPROXY_CMD_SID_GET, parse_sid_entry, [&](nlmsghdr *n) {
		copy_attrs(n, build_sid_new(req, 33, ad_entry(), false, 1));
	});
	EXPECT_FALSE(e.proto || e.retpath_tlv || e.flow_timeout || e.flows || e.flows_full);
	EXPECT_FALSE(e.flow_limit || e.flows_active || e.flows_half_open || e.flows_too_big ||
		     e.flows_unanswered);
}

TEST(SidReplies, WrongSizes)
{
	auto with = [](auto put) { return parse_reply(SFCPROXY_CMD_SID_GET, parse_sid_entry, put); };
	auto put_bytes = [](nlmsghdr *n, uint16_t type, size_t len) {
		Bytes b(len, 0);
		mnl_attr_put(n, type, b.size(), b.data());
	};
	EXPECT_THROW(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_SID_A_ADDR, 15); }), Error);
	EXPECT_THROW(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_SID_A_ADDR, 4); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_SID_A_PREFIX_LEN, 64); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_SID_A_PREFIX_LEN, 0); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_SID_A_PREFIX_LEN, 129); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_SID_A_BEHAVIOR, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_SID_A_IFINDEX, 1); }),
		     Error);
	EXPECT_THROW(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_SID_A_SRC, 4); }), Error);
	EXPECT_THROW(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_SID_A_SEGS, 17); }), Error);
	EXPECT_THROW(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_SID_A_SEGS, 0); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_SID_A_ERRORS, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_SID_A_PROTO, 6); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_SID_A_RETPATH_TLV, 6); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_SID_A_FLOW_TIMEOUT, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_SID_A_FLOWS_FULL, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_SID_A_FLOW_LIMIT, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u64(n, SFCPROXY_SID_A_FLOW_LIMIT, 1); }),
		     Error);
	// how many records there are now is a u32, not a counter that widens
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u64(n, SFCPROXY_SID_A_FLOWS_ACTIVE, 1); }),
		     Error);
	EXPECT_THROW(
		with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_SID_A_FLOWS_HALF_OPEN, 1); }),
		Error);
	EXPECT_THROW(
		with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_SID_A_FLOWS_TOO_BIG, 1); }),
		Error);
	EXPECT_THROW(
		with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_SID_A_FLOWS_UNANSWERED, 1); }),
		Error);
	auto odd_segs = [&] { with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_SID_A_SEGS, 24); }); };
	EXPECT_EQ(error_text<Error>(odd_segs, EXIT_KERNEL),
		  "Error: malformed SID attribute 6 in kernel reply");
	// A u32 counter from an older module widens.
	EXPECT_EQ(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_SID_A_PACKETS, 7); }).packets,
		  7u);
	EXPECT_EQ(with([](nlmsghdr *n) {
			  mnl_attr_put_u32(n, SFCPROXY_SID_A_FLOWS_TOO_BIG, 8);
		  }).flows_too_big,
		  8u);
	EXPECT_EQ(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_SID_A_SEGS, 48); }).segs.size(),
		  3u);
}

// Output.

TEST(SidOutput, Text)
{
	SidEntry am = ad_entry();
	am.sid = {fc00(0x102), 128};
	am.behavior = SFCPROXY_SID_END_AM;
	EXPECT_EQ(render_text([&](Printer &p) {
			  print_sid_entry(p, ad_entry(), false);
			  print_sid_entry(p, as_entry(), false);
			  print_sid_entry(p, am, false);
		  }),
		  "fc00::100/128 behavior End.AD dev sfp0\n"
		  "fc00::/64 behavior End.AS dev sfp1 src fc00::1 segs fc00::200,fc00::300\n"
		  "fc00::102/128 behavior End.AM dev sfp0\n");
	EXPECT_EQ(render_text([&](Printer &p) {
			  print_sid_entry(p, with_counters(ad_entry()), true);
		  }),
		  "fc00::100/128 behavior End.AD dev sfp0 packets 10 bytes 1500 errors 2\n");
	// Counters only with -s.
	EXPECT_EQ(render_text([&](Printer &p) {
			  print_sid_entry(p, with_counters(ad_entry()), false);
		  }),
		  "fc00::100/128 behavior End.AD dev sfp0\n");
	// A device that is gone, a behaviour from a newer module.
	SidEntry odd = ad_entry();
	odd.dev.clear();
	odd.behavior = 9;
	EXPECT_EQ(render_text([&](Printer &p) { print_sid_entry(p, odd, false); }),
		  "fc00::100/128 behavior 9 dev if7\n");
}

TEST(SidOutput, EndVnfText)
{
	EXPECT_EQ(render_text([](Printer &p) { print_sid_entry(p, vnf_entry(), false); }),
		  "fc00:2::/80 behavior End.VNF dev nfv0 proto tcp retpath-tlv 124 "
		  "flow-timeout 60000 flow-limit 16384\n");
	SidEntry e = with_counters(vnf_entry());
	e.flows = 3;
	e.flows_full = 0;
	e.flows_active = 2;
	e.flows_half_open = 1;
	e.flows_too_big = 4;
	e.flows_unanswered = 5;
	EXPECT_EQ(render_text([&](Printer &p) { print_sid_entry(p, e, true); }),
		  "fc00:2::/80 behavior End.VNF dev nfv0 proto tcp retpath-tlv 124 "
		  "flow-timeout 60000 flow-limit 16384 packets 10 bytes 1500 errors 2 flows 3 "
		  "flows_full 0 flows_active 2 flows_half_open 1 flows_too_big 4 "
		  "flows_unanswered 5\n");
	EXPECT_EQ(render_text([&](Printer &p) { print_sid_entry(p, e, false); }),
		  "fc00:2::/80 behavior End.VNF dev nfv0 proto tcp retpath-tlv 124 "
		  "flow-timeout 60000 flow-limit 16384\n");
	// a module without the limit reports none of its words
	e.flow_limit.reset();
	e.flows_active.reset();
	e.flows_half_open.reset();
	e.flows_too_big.reset();
	e.flows_unanswered.reset();
	EXPECT_EQ(render_text([&](Printer &p) { print_sid_entry(p, e, true); }),
		  "fc00:2::/80 behavior End.VNF dev nfv0 proto tcp retpath-tlv 124 "
		  "flow-timeout 60000 packets 10 bytes 1500 errors 2 flows 3 flows_full 0\n");
	// another protocol, from a newer module, by its name
	e.proto = 17;
	std::string text = render_text([&](Printer &p) { print_sid_entry(p, e, false); });
	EXPECT_NE(text.find(" proto udp "), std::string::npos) << text;
}

TEST(SidOutput, EndVnfJson)
{
	SidEntry e = with_counters(vnf_entry());
	e.flows = 3;
	e.flows_full = 1;
	e.flows_active = 2;
	e.flows_half_open = 1;
	e.flows_too_big = 4;
	e.flows_unanswered = 5;
	json j = json::parse(render_json([&](Printer &p) {
		print_sid_entry(p, e, true);
		print_sid_entry(p, vnf_entry(), false);
	}));
	EXPECT_EQ(j, json::parse(R"([
		{"sid":"fc00:2::/80","behavior":"End.VNF","dev":"nfv0","proto":"tcp",
		 "retpath_tlv":124,"flow_timeout":60000,"flow_limit":16384,"packets":10,
		 "bytes":1500,"errors":2,"flows":3,"flows_full":1,"flows_active":2,
		 "flows_half_open":1,"flows_too_big":4,"flows_unanswered":5},
		{"sid":"fc00:2::/80","behavior":"End.VNF","dev":"nfv0","proto":"tcp",
		 "retpath_tlv":124,"flow_timeout":60000,"flow_limit":16384}])"));
	// text keywords are the JSON keys with - for _
	std::string text = render_text([&](Printer &p) { print_sid_entry(p, e, true); });
	std::set<std::string> text_keys = {"sid"};
	auto w = words_of(text);
	for (size_t i = 1; i < w.size(); i += 2) {
		std::string k = w[i];
		std::replace(k.begin(), k.end(), '-', '_');
		text_keys.insert(k);
	}
	std::set<std::string> json_keys;
	for (auto &[k, v] : j[0].items())
		json_keys.insert(k);
	EXPECT_EQ(text_keys, json_keys);
}

TEST(SidOutput, TextIsTheCommandLine)
{
	SidEntry am = ad_entry();
	am.behavior = SFCPROXY_SID_END_AM;
	for (const SidEntry &e : {ad_entry(), as_entry(), am, vnf_entry()}) {
		std::string text = render_text([&](Printer &p) { print_sid_entry(p, e, false); });
		EXPECT_EQ(parse_sid_args(words_of(text), "sid add"), e) << text;
	}
}

TEST(SidOutput, Json)
{
	json j = json::parse(render_json([&](Printer &p) {
		print_sid_entry(p, with_counters(as_entry()), true);
		print_sid_entry(p, ad_entry(), false);
	}));
	EXPECT_EQ(j, json::parse(R"([
		{"sid":"fc00::/64","behavior":"End.AS","dev":"sfp1","src":"fc00::1",
		 "segs":["fc00::200","fc00::300"],"packets":10,"bytes":1500,"errors":2},
		{"sid":"fc00::100/128","behavior":"End.AD","dev":"sfp0"}])"));
	SidEntry odd = ad_entry();
	odd.behavior = 0;
	j = json::parse(render_json([&](Printer &p) { print_sid_entry(p, odd, false); }));
	EXPECT_EQ(j[0]["behavior"], "0");
	EXPECT_EQ(json::parse(render_json([](Printer &) {})), json::array());
}

TEST(SidOutput, TextAndJsonHaveTheSameFields)
{
	SidEntry e = with_counters(as_entry());
	std::string text = render_text([&](Printer &p) { print_sid_entry(p, e, true); });
	json j = json::parse(render_json([&](Printer &p) { print_sid_entry(p, e, true); }));
	std::set<std::string> json_keys;
	for (auto &[k, v] : j[0].items())
		json_keys.insert(k);
	std::set<std::string> text_keys = {"sid"}; // the first word, without a keyword
	auto w = words_of(text);
	for (size_t i = 1; i < w.size(); i += 2)
		text_keys.insert(w[i]);
	EXPECT_EQ(text_keys, json_keys);
}

// Kernel errors and the command table.

TEST(SidErrors, Wording)
{
	const std::string table = "SRv6 SID table";
	auto err = [&](int e, const std::string &extack) {
		return error_text<Error>(
			[&] {
				throw_table_error(KernelError(e, extack), table,
						  "SID fc00::100/128 already exists (\"sid replace\" "
						  "changes it)",
						  "no SID fc00::100/128");
			},
			EXIT_KERNEL);
	};
	EXPECT_EQ(err(EEXIST, "SID exists (SFCPROXY_SID_A_REPLACE replaces it)"),
		  "Error: SID fc00::100/128 already exists (\"sid replace\" changes it)");
	EXPECT_EQ(err(ENOENT, ""), "Error: no SID fc00::100/128");
	EXPECT_EQ(err(EOPNOTSUPP, ""),
		  "Error: the loaded sfcproxy module has no SRv6 SID table (it is older than this "
		  "tool)");
	EXPECT_EQ(err(EINVAL, "not an srv6 proxy device"), "Error: not an srv6 proxy device.");
}

TEST(SidCommands, InTheTableAndTheUsage)
{
	std::set<std::string> names;
	for (const auto &c : command_table())
		if (std::string(c.object) == "sid")
			names.insert(c.name);
	EXPECT_EQ(names, (std::set<std::string>{"add", "replace", "del", "flush", "show"}));
	std::ostringstream out;
	print_usage(out, "sid");
	EXPECT_NE(out.str().find("sfcproxy [ OPTIONS ] sid add SID[/LEN] behavior SID-BEHAVIOR"),
		  std::string::npos);
	EXPECT_NE(out.str().find("End.AS dev PROXYDEV src ADDR segs S1[,S2]..."),
		  std::string::npos);
	EXPECT_NE(out.str().find("End.VNF dev DEV [ proto tcp ] [ retpath-tlv TYPE ]"),
		  std::string::npos);
	EXPECT_NE(out.str().find("[ flow-timeout MS ] [ flow-limit N ]"), std::string::npos);
	EXPECT_NE(out.str().find("flow-limit N      End.VNF: records the SID holds at most, "
				 "1..65536"),
		  std::string::npos);
	EXPECT_EQ(out.str().find("FWD-ACTION"), std::string::npos);
}
