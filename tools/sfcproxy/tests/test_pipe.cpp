// SPDX-License-Identifier: GPL-2.0
//
// End.VNF flow records: the `pipe flows` grammar, the FLOW_GET request and
// replies, SRH decoding, and text and JSON output.

#include <algorithm>
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

std::string flow_error(const Words &w)
{
	return usage_error([&] { parse_flow_filter(w, "pipe flows"); });
}

std::string bad(const std::string &arg, const std::string &why)
{
	return "Error: argument \"" + arg + "\" is wrong: " + why;
}

FlowKey sample_key()
{
	return {ipv6("fc00:1::1"), 40000, ipv6("fc00:3::1"), 8080};
}

// The record of put_flow_attrs(), as `pipe flows` has it: device nfv0.
FlowRecord sample_flow(const std::optional<Bytes> &retpath = sample_retpath())
{
	FlowRecord f = parse_reply(SFCPROXY_CMD_FLOW_GET, parse_flow_record,
				   [&](nlmsghdr *n) { put_flow_attrs(n, 9, retpath); });
	f.dev = "nfv0";
	return f;
}

const std::string kPathLines = "    srh sl 1 segs fc00:3::1,fc00:2::7:0:2a tlv 124 len 32\n"
			       "    retpath fc00:2::9,fc00:1::1\n";

const std::string kRetpathHex = "fc000002000000000000000000000009"
				"fc000001000000000000000000000001";

// What `pipe flows -j` prints for sample_flow(), key for key.
const std::string kFlowJson =
	R"({"client":"fc00:1::1","sport":40000,"server":"fc00:3::1","dport":8080,)"
	R"("sid":"fc00:2::7:0:2a","sid_prefix_len":80,"function":7,"args":42,"dev":"nfv0",)"
	R"("age_ms":123,"packets":5,"srh":{"segments_left":1,"last_entry":1,)"
	R"("segments":["fc00:3::1","fc00:2::7:0:2a"],"tlvs":[{"type":124,"value":")" +
	kRetpathHex + R"("}]},"retpath":["fc00:2::9","fc00:1::1"]})";

} // namespace

// Grammar.

TEST(FlowArgs, NothingSomeOrAll)
{
	FlowFilter none = parse_flow_filter(Words{}, "pipe flows");
	EXPECT_FALSE(none.client || none.sport || none.server || none.dport);
	EXPECT_FALSE(none.key());

	FlowFilter all = parse_flow_filter(Words{"dport", "8080", "server", "fc00:3::1", "sport",
						 "40000", "client", "fc00:1::1"},
					   "pipe flows");
	ASSERT_TRUE(all.key());
	EXPECT_EQ(*all.key(), sample_key());

	FlowFilter some = parse_flow_filter(Words{"server", "fc00:3::1", "dport", "0x1f90"},
					    "pipe flows");
	EXPECT_FALSE(some.key());
	EXPECT_FALSE(some.client);
	EXPECT_FALSE(some.sport);
	EXPECT_EQ(some.server, ipv6("fc00:3::1"));
	EXPECT_EQ(some.dport, 8080);
	// The ends of the port range.
	EXPECT_EQ(parse_flow_filter(Words{"sport", "0"}, "pipe flows").sport, 0);
	EXPECT_EQ(parse_flow_filter(Words{"sport", "65535"}, "pipe flows").sport, 65535);
}

TEST(FlowArgs, Errors)
{
	for (const char *port : {"65536", "-1", "http", "", "80x", "1e3"})
		EXPECT_EQ(flow_error({"sport", port}), bad(port, "\"sport\" must be in 0..65535"))
			<< port;
	EXPECT_EQ(flow_error({"dport", "70000"}), bad("70000", "\"dport\" must be in 0..65535"));
	const std::string ipv6_only = " must be an IPv6 address";
	for (const char *addr : {"10.0.0.1", "fc00::/64", "fc00::g", "", "[fc00::1]"})
		EXPECT_EQ(flow_error({"client", addr}), bad(addr, "\"client\"" + ipv6_only)) << addr;
	EXPECT_EQ(flow_error({"server", "host"}), bad("host", "\"server\"" + ipv6_only));
	EXPECT_EQ(flow_error({"client", "fc00::1", "client", "fc00::2"}),
		  "Error: duplicate \"client\": \"fc00::2\" is the second value");
	EXPECT_EQ(flow_error({"sport"}), "Error: \"sport\" needs a value for \"pipe flows\"");
	EXPECT_EQ(flow_error({"fc00::1"}), "Error: unknown keyword \"fc00::1\" for \"pipe flows\"");
	EXPECT_EQ(flow_error({"dev", "nfv0"}), "Error: unknown keyword \"dev\" for \"pipe flows\"");
	EXPECT_NE(flow_error({"-j"}).find("global options go before"), std::string::npos);
}

TEST(FlowFilter, MatchesWhatWasGiven)
{
	FlowKey k = sample_key();
	EXPECT_TRUE(FlowFilter{}.matches(k));
	FlowFilter f;
	f.client = k.client;
	f.dport = 8080;
	EXPECT_TRUE(f.matches(k));
	f.dport = 8081;
	EXPECT_FALSE(f.matches(k));
	f = {};
	f.server = k.client;
	EXPECT_FALSE(f.matches(k));
	f = {};
	f.sport = 40001;
	EXPECT_FALSE(f.matches(k));
}

TEST(FlowFilter, OrderIsClientSportServerDport)
{
	FlowKey a = sample_key();
	FlowKey b = a;
	b.sport = 1; // a lower port of the same client sorts first
	EXPECT_LT(b, a);
	b = a;
	b.client = ipv6("fc00:1::2");
	b.sport = 1;
	EXPECT_LT(a, b);
	b = a;
	b.server = ipv6("fc00:3::0");
	b.dport = 9000;
	EXPECT_LT(b, a);
	b = a;
	b.dport = 8079;
	EXPECT_LT(b, a);
	EXPECT_EQ(a, sample_key());
}

// Requests.

TEST(FlowMessages, GetOneRecordByItsKey)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_flow_get(buf, 0x1234, sample_key(), 5);
	expect_request(nlh, 0x1234, 5, SFCPROXY_CMD_FLOW_GET, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_FLOW_A_SADDR)), ipv6_bytes({"fc00:1::1"}));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_FLOW_A_DADDR)), ipv6_bytes({"fc00:3::1"}));
	// u16 in host order, as nla_get_u16() reads them
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_FLOW_A_SPORT)), 2u);
	EXPECT_EQ(mnl_attr_get_u16(one(a, SFCPROXY_FLOW_A_SPORT)), 40000);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_FLOW_A_DPORT)), 2u);
	EXPECT_EQ(mnl_attr_get_u16(one(a, SFCPROXY_FLOW_A_DPORT)), 8080);
	EXPECT_EQ(a.size(), 4u);
}

TEST(FlowMessages, DumpWithoutKey)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_flow_get(buf, 20, std::nullopt, 6);
	expect_request(nlh, 20, 6, SFCPROXY_CMD_FLOW_GET, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());
}

// Replies.

TEST(FlowReplies, EveryAttribute)
{
	FlowRecord f = parse_reply(SFCPROXY_CMD_FLOW_GET, parse_flow_record, [](nlmsghdr *n) {
		put_flow_attrs(n);
		mnl_attr_put_u32(n, 200, 1); // from the future
	});
	EXPECT_EQ(f.key, sample_key());
	EXPECT_EQ(f.sid, ipv6("fc00:2::7:0:2a"));
	EXPECT_EQ(f.sid_prefix_len, 80);
	EXPECT_EQ(f.function, 7);
	EXPECT_EQ(f.args, 42u);
	EXPECT_EQ(f.srh, sample_srh());
	EXPECT_EQ(f.retpath, sample_retpath());
	EXPECT_EQ(f.ifindex, 9u);
	EXPECT_TRUE(f.dev.empty()); // resolved by the caller
	EXPECT_EQ(f.age_ms, 123u);
	EXPECT_EQ(f.packets, 5u);
}

TEST(FlowReplies, ReturnPathAbsentOrEmpty)
{
	EXPECT_FALSE(sample_flow(std::nullopt).retpath);
	// a TLV of length 0 is a return path too, an empty one
	FlowRecord f = sample_flow(Bytes{});
	ASSERT_TRUE(f.retpath);
	EXPECT_TRUE(f.retpath->empty());
}

TEST(FlowReplies, WrongSizes)
{
	auto with = [](auto put) {
		return parse_reply(SFCPROXY_CMD_FLOW_NEW, parse_flow_record, put);
	};
	auto put_bytes = [](nlmsghdr *n, uint16_t type, size_t len) {
		Bytes b(len, 0);
		mnl_attr_put(n, type, b.size(), b.data());
	};
	for (uint16_t type : {SFCPROXY_FLOW_A_SADDR, SFCPROXY_FLOW_A_DADDR, SFCPROXY_FLOW_A_SID})
		EXPECT_THROW(with([&](nlmsghdr *n) { put_bytes(n, type, 4); }), Error) << type;
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_FLOW_A_SPORT, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_FLOW_A_DPORT, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_FLOW_A_SID_PREFIX_LEN,
							   129); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_FLOW_A_FUNCTION, 7); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_FLOW_A_IFINDEX, 9); }),
		     Error);
	auto bad_age = [&] {
		with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_FLOW_A_AGE, 1); });
	};
	EXPECT_EQ(error_text<Error>(bad_age, EXIT_KERNEL),
		  "Error: malformed flow record attribute 12 in kernel reply");
	// SRH and return path of any size: decoding them is the printer's
	EXPECT_EQ(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_FLOW_A_SRH, 3); }).srh.size(), 3u);
	EXPECT_EQ(with([&](nlmsghdr *n) { put_bytes(n, SFCPROXY_FLOW_A_RETPATH, 5); })
			  .retpath->size(),
		  5u);
}

// SRH decoding.

TEST(SrhDecode, SegmentsInSrhOrder)
{
	auto srh = srh_decode(srh_bytes(2, 2, {"fc00:3::1", "fc00:2::1", "fc00:5::1"}));
	ASSERT_TRUE(srh);
	EXPECT_EQ(srh->next_header, 6);
	EXPECT_EQ(srh->segments_left, 2);
	EXPECT_EQ(srh->last_entry, 2);
	EXPECT_EQ(srh->flags, 0);
	EXPECT_EQ(srh->tag, 0x0102);
	EXPECT_EQ(srh->segments, (std::vector<Ipv6Addr>{ipv6("fc00:3::1"), ipv6("fc00:2::1"),
							ipv6("fc00:5::1")}));
	EXPECT_TRUE(srh->tlvs.empty());
}

TEST(SrhDecode, PaddingSkippedOtherTlvsKept)
{
	auto srh = srh_decode(sample_srh());
	ASSERT_TRUE(srh);
	EXPECT_EQ(srh->segments_left, 1);
	EXPECT_EQ(srh->last_entry, 1);
	EXPECT_EQ(srh->segments.size(), 2u);
	EXPECT_EQ(srh->tlvs, (std::vector<SrhTlv>{{124, sample_retpath()}}));

	// Pad1 (one byte), a TLV, PadN, an empty TLV, Pad1s to the end
	Bytes tlvs = {0, 6, 3, 0xaa, 0xbb, 0xcc, 4, 2, 0, 0, 130, 0, 0, 0, 0, 0};
	srh = srh_decode(srh_bytes(0, 0, {"fc00::1"}, tlvs));
	ASSERT_TRUE(srh);
	EXPECT_EQ(srh->tlvs, (std::vector<SrhTlv>{{6, {0xaa, 0xbb, 0xcc}}, {130, {}}}));
	// nothing but padding
	srh = srh_decode(srh_bytes(0, 0, {"fc00::1"}, {4, 6, 0, 0, 0, 0, 0, 0}));
	ASSERT_TRUE(srh);
	EXPECT_TRUE(srh->tlvs.empty());
}

TEST(SrhDecode, LengthsThatDisagree)
{
	// shorter than the fixed part, or not an SRH at all
	EXPECT_FALSE(srh_decode(Bytes{}));
	EXPECT_FALSE(srh_decode(Bytes{6, 0, 4, 0, 0, 0, 0}));
	Bytes not_srh = srh_bytes(0, 0, {"fc00::1"});
	not_srh[2] = 3;
	EXPECT_FALSE(srh_decode(not_srh));
	// Hdr Ext Len and the size disagree
	EXPECT_FALSE(srh_decode(srh_bytes(0, 0, {"fc00::1"}, {}, 3)));
	EXPECT_FALSE(srh_decode(srh_bytes(0, 0, {"fc00::1"}, {}, 1)));
	Bytes extra = srh_bytes(0, 0, {"fc00::1"});
	extra.push_back(0);
	EXPECT_FALSE(srh_decode(extra));
	// more segments than there are bytes
	EXPECT_FALSE(srh_decode(srh_bytes(1, 2, {"fc00::1", "fc00::2"})));
	// a TLV running past the end, or its length byte missing
	EXPECT_FALSE(srh_decode(srh_bytes(0, 0, {"fc00::1"}, {124, 7, 0, 0, 0, 0, 0, 0})));
	EXPECT_FALSE(srh_decode(srh_bytes(0, 0, {"fc00::1"}, {4, 7, 0, 0, 0, 0, 0, 0})));
	EXPECT_FALSE(srh_decode(srh_bytes(0, 0, {"fc00::1"}, {0, 0, 0, 0, 0, 0, 0, 124})));
	// the same bytes with the lengths right decode
	EXPECT_TRUE(srh_decode(srh_bytes(0, 0, {"fc00::1"}, {124, 6, 0, 0, 0, 0, 0, 0})));
}

TEST(Ipv6List, SixteenBytesEach)
{
	EXPECT_EQ(ipv6_list(ipv6_bytes({"fc00::1", "fc00::2"})),
		  (std::vector<Ipv6Addr>{ipv6("fc00::1"), ipv6("fc00::2")}));
	EXPECT_EQ(ipv6_list(Bytes{}), std::vector<Ipv6Addr>{});
	EXPECT_FALSE(ipv6_list(Bytes(17)));
	EXPECT_FALSE(ipv6_list(Bytes(8)));
}

// Output.

TEST(FlowOutput, Text)
{
	EXPECT_EQ(render_text([](Printer &p) { print_flow_record(p, sample_flow()); }),
		  kFlowLine + "\n" + kPathLines);
	// no return-path TLV: no retpath line
	EXPECT_EQ(render_text([](Printer &p) { print_flow_record(p, sample_flow(std::nullopt)); }),
		  kFlowLine + "\n" + kPathLines.substr(0, kPathLines.find("    retpath")));
}

TEST(FlowOutput, Json)
{
	std::string out = render_json([](Printer &p) { print_flow_record(p, sample_flow()); });
	// exactly these keys, in this order: scripts and the VM tests read them
	EXPECT_EQ(out, "[" + kFlowJson + "]\n");
	json j = json::parse(render_json([](Printer &p) {
		print_flow_record(p, sample_flow(std::nullopt));
	}));
	EXPECT_FALSE(j[0].contains("retpath"));
	EXPECT_EQ(j[0].size(), 12u);
}

TEST(FlowOutput, ReturnPathForms)
{
	auto both = [](const Bytes &retpath) {
		FlowRecord f = sample_flow(retpath);
		return std::pair{render_text([&](Printer &p) { print_flow_record(p, f); }),
				 json::parse(render_json([&](Printer &p) {
					 print_flow_record(p, f);
				 }))[0]["retpath"]};
	};
	// empty: a list without addresses
	auto [text, j] = both({});
	EXPECT_NE(text.find("\n    retpath none\n"), std::string::npos) << text;
	EXPECT_EQ(j, json::array());
	// not 16 bytes per address: hex
	std::tie(text, j) = both({0x01, 0x02, 0xab});
	EXPECT_NE(text.find("\n    retpath 0102ab\n"), std::string::npos) << text;
	EXPECT_EQ(j, "0102ab");
	std::tie(text, j) = both(ipv6_bytes({"fc00::1"}));
	EXPECT_NE(text.find("\n    retpath fc00::1\n"), std::string::npos) << text;
	EXPECT_EQ(j, json::array({"fc00::1"}));
}

TEST(FlowOutput, SrhThatDoesNotDecodeIsHex)
{
	FlowRecord f = sample_flow();
	f.srh = {6, 9, 4, 1}; // truncated
	EXPECT_EQ(render_text([&](Printer &p) { print_flow_record(p, f); }),
		  kFlowLine + "\n    srh 06090401\n    retpath fc00:2::9,fc00:1::1\n");
	json j = json::parse(render_json([&](Printer &p) { print_flow_record(p, f); }));
	EXPECT_EQ(j[0]["srh"], "06090401");
	EXPECT_EQ(j[0]["retpath"], json::array({"fc00:2::9", "fc00:1::1"}));
}

TEST(FlowOutput, SeveralTlvsAndNone)
{
	FlowRecord f = sample_flow(std::nullopt);
	f.srh = srh_bytes(0, 0, {"fc00:3::1"}, {6, 2, 0xaa, 0xbb, 130, 0, 4, 0});
	std::string text = render_text([&](Printer &p) { print_flow_record(p, f); });
	EXPECT_NE(text.find("\n    srh sl 0 segs fc00:3::1 tlv 6 len 2 tlv 130 len 0\n"),
		  std::string::npos)
		<< text;
	json j = json::parse(render_json([&](Printer &p) { print_flow_record(p, f); }));
	EXPECT_EQ(j[0]["srh"]["tlvs"],
		  json::parse(R"([{"type":6,"value":"aabb"},{"type":130,"value":""}])"));
	// no TLVs: nothing in text, an empty list in JSON
	f.srh = srh_bytes(0, 0, {"fc00:3::1"});
	text = render_text([&](Printer &p) { print_flow_record(p, f); });
	EXPECT_NE(text.find("\n    srh sl 0 segs fc00:3::1\n"), std::string::npos) << text;
	j = json::parse(render_json([&](Printer &p) { print_flow_record(p, f); }));
	EXPECT_EQ(j[0]["srh"]["tlvs"], json::array());
}

TEST(FlowOutput, AgeAndDevice)
{
	FlowRecord f = sample_flow();
	auto first_line = [&] {
		std::string text = render_text([&](Printer &p) { print_flow_record(p, f); });
		return text.substr(0, text.find('\n'));
	};
	for (auto [ms, age] : std::vector<std::pair<uint32_t, std::string>>{
		     {0, "0.00s"}, {9, "0.00s"}, {10, "0.01s"}, {1999, "1.99s"}, {60000, "60.00s"},
		     {3600000, "3600.00s"}}) {
		f.age_ms = ms;
		EXPECT_NE(first_line().find(" age " + age + " "), std::string::npos) << ms;
	}
	// a device that is gone by now
	f.dev.clear();
	EXPECT_NE(first_line().find(" dev if9 "), std::string::npos);
	json j = json::parse(render_json([&](Printer &p) { print_flow_record(p, f); }));
	EXPECT_EQ(j[0]["dev"], "if9");
}

// Kernel errors and the command table.

TEST(FlowErrors, Wording)
{
	const std::string key = flow_key_to_string(sample_key());
	EXPECT_EQ(key, "from [fc00:1::1]:40000 to [fc00:3::1]:8080");
	// as `pipe flows` words a kernel error
	auto err = [&](int e, const std::string &extack) {
		return error_text<Error>(
			[&] {
				throw_table_error(KernelError(e, extack), "End.VNF flow table", {},
						  "no End.VNF flow " + key);
			},
			EXIT_KERNEL);
	};
	EXPECT_EQ(err(ENOENT, "no such End.VNF flow"), "Error: no End.VNF flow " + key);
	EXPECT_EQ(err(EOPNOTSUPP, ""), "Error: the loaded sfcproxy module has no End.VNF flow "
				       "table (it is older than this tool)");
	EXPECT_EQ(err(EPERM, ""), "Error: Operation not permitted (CAP_NET_ADMIN required)");
}

TEST(PipeCommands, InTheTableAndTheUsage)
{
	const Command *flows = nullptr;
	for (const auto &c : command_table())
		if (std::string(c.object) == "pipe") {
			EXPECT_EQ(flows, nullptr) << "one command";
			flows = &c;
		}
	ASSERT_NE(flows, nullptr);
	EXPECT_STREQ(flows->name, "flows");
	EXPECT_EQ(std::set<std::string>(flows->aliases.begin(), flows->aliases.end()),
		  (std::set<std::string>{"show", "list"}));
	auto obj = std::find_if(object_table().begin(), object_table().end(),
				[](const Object &o) { return std::string(o.name) == "pipe"; });
	ASSERT_NE(obj, object_table().end());
	EXPECT_STREQ(obj->default_command, "flows");

	std::ostringstream out;
	print_usage(out, "pipe");
	EXPECT_NE(out.str().find("sfcproxy [ OPTIONS ] pipe flows [ client ADDR ] [ sport PORT ] "
				 "[ server ADDR ] [ dport PORT ]"),
		  std::string::npos);
	EXPECT_EQ(out.str().find("SID-BEHAVIOR"), std::string::npos);
}
