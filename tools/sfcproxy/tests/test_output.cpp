// SPDX-License-Identifier: GPL-2.0
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include "args.hpp"
#include "output.hpp"
#include "printer.hpp"
#include "test_util.hpp"

using namespace sfcproxy;
using namespace sfcproxy::test;
using json = nlohmann::ordered_json;

namespace {

DevInfo sample_dev()
{
	DevInfo d;
	d.ifindex = 12;
	d.name = "sfp0";
	d.link = 3;
	d.link_name = "veth0";
	d.encap = SFCPROXY_ENCAP_MPLS;
	d.labels = std::vector<uint32_t>{100, 200};
	d.pop = 1;
	d.key_mode = SFCPROXY_KEY_AUTO;
	d.id_mask = 0xffff0000;
	d.cache_size = 4096;
	d.cache_timeout = 1000;
	d.miss = SFCPROXY_MISS_DROP;
	d.depth = 16;
	d.ttl = SFCPROXY_TTL_DEC;
	d.cache_bytes = 0;
	d.has_stats = true;
	uint64_t v = 1;
	for (const auto &s : stat_names)
		d.stats[s.attr] = v++;
	return d;
}

const std::string kDevLine =
	"sfp0: link veth0 encap mpls labels 100,200 pop 1 key auto id-mask 0xffff0000 "
	"cache-size 4096 cache-timeout 1000 miss drop depth 16 ttl dec cache-bytes 0\n";

const std::string kStatsLine =
	"    rx_ignored 1 rx_success 2 rx_malformed 3 rx_too_big 4 rx_duplicate 5 "
	"tx_ignored 6 tx_not_cached 7 tx_success 8 evicted 9 expired 10 alloc_fail 11 "
	"tx_ttl_expired 12 tx_no_route 13 tx_too_big 14 rx_dup_limit 15 cache_entries 16 cache_bytes 17\n";

// Text keywords use '-', JSON keys '_'.
std::string snake(std::string s)
{
	for (auto &c : s)
		if (c == '-')
			c = '_';
	return s;
}

} // namespace

TEST(Output, DevText)
{
	DevInfo d = sample_dev();
	EXPECT_EQ(render_text([&](Printer &p) { print_dev(p, d, false); }), kDevLine);
}

TEST(Output, DevTextWithStats)
{
	DevInfo d = sample_dev();
	EXPECT_EQ(render_text([&](Printer &p) { print_dev(p, d, true); }),
		  kDevLine.substr(0, kDevLine.size() - 1) + "\n" + kStatsLine);
}

TEST(Output, DevTextFallbacks)
{
	DevInfo d = sample_dev();
	d.link_name.clear();
	d.labels->clear();
	std::string text = render_text([&](Printer &p) { print_dev(p, d, false); });
	EXPECT_NE(text.find(" link if3 "), std::string::npos);
	EXPECT_NE(text.find(" labels none "), std::string::npos);
}

TEST(Output, NshDevLeavesOutMplsFields)
{
	DevInfo d = sample_dev();
	d.encap = SFCPROXY_ENCAP_NSH;
	std::string text = render_text([&](Printer &p) { print_dev(p, d, false); });
	EXPECT_NE(text.find(" encap nsh "), std::string::npos);
	EXPECT_EQ(text.find(" labels "), std::string::npos);
	EXPECT_EQ(text.find(" pop "), std::string::npos);
	EXPECT_EQ(text.find(" depth "), std::string::npos);
	json j = json::parse(render_json([&](Printer &p) { print_dev(p, d, false); }));
	EXPECT_FALSE(j[0].contains("labels"));
	EXPECT_EQ(j[0]["key"], "auto");
}

TEST(Output, DevJson)
{
	DevInfo d = sample_dev();
	json j = json::parse(render_json([&](Printer &p) { print_dev(p, d, false); }));
	ASSERT_TRUE(j.is_array());
	ASSERT_EQ(j.size(), 1u);
	const json &o = j[0];
	EXPECT_EQ(o["ifname"], "sfp0");
	EXPECT_EQ(o["ifindex"], 12);
	EXPECT_EQ(o["link"], "veth0");
	EXPECT_EQ(o["encap"], "mpls");
	EXPECT_EQ(o["labels"], json::array({100, 200}));
	EXPECT_EQ(o["pop"], 1);
	EXPECT_EQ(o["key"], "auto");
	EXPECT_EQ(o["id_mask"], 0xffff0000u);
	EXPECT_EQ(o["cache_size"], 4096);
	EXPECT_EQ(o["cache_timeout"], 1000);
	EXPECT_EQ(o["miss"], "drop");
	EXPECT_EQ(o["depth"], 16);
	EXPECT_EQ(o["ttl"], "dec");
	EXPECT_EQ(o["cache_bytes"], 0);
	EXPECT_FALSE(o.contains("stats"));
}

TEST(Output, DevJsonWithStats)
{
	DevInfo d = sample_dev();
	json j = json::parse(render_json([&](Printer &p) { print_dev(p, d, true); }));
	const json &st = j.at(0).at("stats");
	ASSERT_EQ(st.size(), stat_names.size());
	uint64_t v = 1;
	for (const auto &s : stat_names)
		EXPECT_EQ(st.at(s.name), v++) << s.name;
}

// The guarantee the Printer design exists for: every field shown in one
// form is shown in the other (ifindex is JSON-only, like in iproute2).
TEST(Output, TextAndJsonHaveTheSameFields)
{
	DevInfo d = sample_dev();
	std::string text = render_text([&](Printer &p) { print_dev(p, d, true); });
	json j = json::parse(render_json([&](Printer &p) { print_dev(p, d, true); }));

	std::set<std::string> json_keys;
	for (auto &[k, v] : j[0].items())
		if (k != "stats")
			json_keys.insert(k);
	for (auto &[k, v] : j[0]["stats"].items())
		json_keys.insert(k);

	std::set<std::string> text_keys = {"ifname", "ifindex"};
	std::istringstream words(text);
	std::string w;
	words >> w; // "sfp0:"
	while (words >> w) {
		text_keys.insert(snake(w));
		words >> w; // the value
	}
	EXPECT_EQ(text_keys, json_keys);
}

TEST(Output, StatsShow)
{
	DevInfo d = sample_dev();
	EXPECT_EQ(render_text([&](Printer &p) { print_dev_stats(p, d); }), "sfp0:\n" + kStatsLine);

	json j = json::parse(render_json([&](Printer &p) { print_dev_stats(p, d); }));
	const json &o = j.at(0);
	EXPECT_EQ(o.begin().key(), "ifname");
	EXPECT_EQ(o["ifname"], "sfp0");
	EXPECT_EQ(o["rx_ignored"], 1);
	EXPECT_EQ(o["tx_too_big"], 14);
	EXPECT_EQ(o["rx_dup_limit"], 15);
	EXPECT_EQ(o["cache_bytes"], 17);
	EXPECT_EQ(o.size(), stat_names.size() + 1);
}

TEST(Output, CacheEntry)
{
	CacheEntry e;
	e.ifindex = 12;
	e.ifname = "sfp0";
	e.key_mode = SFCPROXY_KEY_ID;
	e.key = {0x00, 0x01, 0x00, 0x00};
	e.header = {0x00, 0x06, 0x41, 0x40, 0xab};
	e.age_ms = 12;
	EXPECT_EQ(render_text([&](Printer &p) { print_cache_entry(p, e); }),
		  "sfp0 key-mode id key 00010000 header 00064140ab age 12ms\n");
	json j = json::parse(render_json([&](Printer &p) { print_cache_entry(p, e); }));
	EXPECT_EQ(j, json::parse(R"([{"ifname":"sfp0","key_mode":"id","key":"00010000",)"
				 R"("header":"00064140ab","age_ms":12}])"));
}

TEST(Output, EmptyJsonIsAnEmptyArray)
{
	EXPECT_EQ(render_json([](Printer &) {}), "[]\n");
	EXPECT_EQ(render_json([](Printer &) {}, true), "[]\n");
	EXPECT_EQ(render_text([](Printer &) {}), "");
}

TEST(Output, PrettyJsonIsIndentedAndEquivalent)
{
	DevInfo d = sample_dev();
	std::string pretty = render_json([&](Printer &p) { print_dev(p, d, true); }, true);
	std::string compact = render_json([&](Printer &p) { print_dev(p, d, true); }, false);
	EXPECT_NE(pretty.find("\n    {\n        \"ifname\": \"sfp0\""), std::string::npos);
	EXPECT_EQ(json::parse(pretty), json::parse(compact));
	EXPECT_EQ(compact.find('\n'), compact.size() - 1);
}

TEST(Output, UnknownEnumValuePrintsAsNumber)
{
	DevInfo d = sample_dev();
	d.encap = 42;
	EXPECT_NE(render_text([&](Printer &p) { print_dev(p, d, false); }).find(" encap 42 "),
		  std::string::npos);
}

namespace {

FwdEntry fwd(uint8_t si, uint8_t action)
{
	FwdEntry e;
	e.spi = 100;
	e.si = si;
	e.action = action;
	e.packets = 10;
	e.bytes = 840;
	return e;
}

ClsRule udp_rule()
{
	ClsRule r = test::sample_cls_rule();
	r.packets = 3;
	r.bytes = 300;
	return r;
}

} // namespace

TEST(NshOutput, FwdText)
{
	FwdEntry proxy = fwd(255, SFCPROXY_FWD_PROXY);
	proxy.dev = "sfp1";
	proxy.ifindex = 7;
	FwdEntry hop = fwd(254, SFCPROXY_FWD_NEXT_HOP);
	hop.ifindex = 3;
	hop.dev = "eth0";
	hop.mac = std::array<uint8_t, 6>{2, 0, 0, 0, 0, 0x2b};
	FwdEntry end = fwd(252, SFCPROXY_FWD_END);
	EXPECT_EQ(render_text([&](Printer &p) {
			  print_fwd_entry(p, proxy, false);
			  print_fwd_entry(p, hop, false);
			  print_fwd_entry(p, end, false);
		  }),
		  "spi 100 si 255 dev sfp1\n"
		  "spi 100 si 254 via 02:00:00:00:00:2b dev eth0\n"
		  "spi 100 si 252 end\n");
	EXPECT_EQ(render_text([&](Printer &p) { print_fwd_entry(p, hop, true); }),
		  "spi 100 si 254 via 02:00:00:00:00:2b dev eth0 packets 10 bytes 840\n");
	// A device that is gone, an action from a newer module.
	hop.dev.clear();
	end.action = 9;
	EXPECT_EQ(render_text([&](Printer &p) {
			  print_fwd_entry(p, hop, false);
			  print_fwd_entry(p, end, false);
		  }),
		  "spi 100 si 254 via 02:00:00:00:00:2b dev if3\n"
		  "spi 100 si 252 action 9\n");
}

TEST(NshOutput, FwdTextIsTheCommandLine)
{
	FwdEntry hop = fwd(254, SFCPROXY_FWD_NEXT_HOP);
	hop.dev = "eth0";
	hop.mac = std::array<uint8_t, 6>{2, 0, 0, 0, 0, 2};
	for (const FwdEntry &e : {hop, fwd(1, SFCPROXY_FWD_END)}) {
		std::string text = render_text([&](Printer &p) { print_fwd_entry(p, e, false); });
		EXPECT_EQ(parse_fwd_args(words_of(text), "fwd add"), e) << text;
	}
}

TEST(NshOutput, FwdJson)
{
	FwdEntry hop = fwd(254, SFCPROXY_FWD_NEXT_HOP);
	hop.dev = "eth0";
	hop.ifindex = 3;
	hop.mac = std::array<uint8_t, 6>{2, 0, 0, 0, 0, 2};
	FwdEntry proxy = fwd(255, SFCPROXY_FWD_PROXY);
	proxy.dev = "sfp1";
	json j = json::parse(render_json([&](Printer &p) {
		print_fwd_entry(p, hop, true);
		print_fwd_entry(p, proxy, false);
		print_fwd_entry(p, fwd(252, SFCPROXY_FWD_END), false);
	}));
	EXPECT_EQ(j, json::parse(R"([
		{"spi":100,"si":254,"action":"next_hop","mac":"02:00:00:00:00:02","dev":"eth0",
		 "packets":10,"bytes":840},
		{"spi":100,"si":255,"action":"proxy","dev":"sfp1"},
		{"spi":100,"si":252,"action":"end"}])"));
}

TEST(NshOutput, NshStats)
{
	NshStats s;
	uint64_t v = 1;
	for (const auto &n : nsh_stat_names)
		s[n.attr] = v++;
	EXPECT_EQ(render_text([&](Printer &p) { print_nsh_stats(p, s); }),
		  "nsh:\n    rx_malformed 1 rx_bad_version 2 rx_expired 3 no_path 4 no_route 5 "
		  "classified 6 tx_too_big 7\n");
	json j = json::parse(render_json([&](Printer &p) { print_nsh_stats(p, s); }));
	EXPECT_EQ(j, json::parse(R"({"entries":[],"stats":{"rx_malformed":1,"rx_bad_version":2,)"
				 R"("rx_expired":3,"no_path":4,"no_route":5,"classified":6,)"
				 R"("tx_too_big":7}})"));
}

// `fwd -s show`: the counters follow the entries; in JSON the entries
// move under "entries" so the counters can sit beside them.
TEST(NshOutput, NshStatsAfterEntries)
{
	auto emit = [](Printer &p) {
		print_fwd_entry(p, fwd(252, SFCPROXY_FWD_END), true);
		print_fwd_entry(p, fwd(251, SFCPROXY_FWD_END), true);
		print_nsh_stats(p, NshStats{{SFCPROXY_NSH_STATS_A_NO_PATH, 2}});
	};
	EXPECT_EQ(render_text(emit), "spi 100 si 252 end packets 10 bytes 840\n"
				     "spi 100 si 251 end packets 10 bytes 840\n"
				     "nsh:\n    no_path 2\n");
	json j = json::parse(render_json(emit));
	EXPECT_EQ(j.at("stats"), json::parse(R"({"no_path":2})"));
	ASSERT_EQ(j.at("entries").size(), 2u);
	EXPECT_EQ(j["entries"][1]["si"], 251);
	EXPECT_EQ(j.size(), 2u);
	std::string pretty = render_json(emit, true);
	EXPECT_EQ(json::parse(pretty), j);
}

TEST(NshOutput, ClsText)
{
	ClsRule r = udp_rule();
	EXPECT_EQ(render_text([&](Printer &p) { print_cls_rule(p, r, false); }),
		  "dst 10.0.3.0/24 proto udp dport 5001 spi 100 si 255 md2 0x0100:1:c0ffee\n");
	EXPECT_EQ(render_text([&](Printer &p) { print_cls_rule(p, r, true); }),
		  "dst 10.0.3.0/24 proto udp dport 5001 spi 100 si 255 md2 0x0100:1:c0ffee "
		  "packets 3 bytes 300\n");

	ClsRule all;
	all.match.family = AF_INET6;
	all.match.src = std::vector<uint8_t>{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					     0,    0,    0,	   0,	 0, 0, 0, 1};
	all.match.src_len = 128;
	all.match.proto = 47;
	all.match.sport = 7;
	all.spi = 1;
	all.si = 2;
	all.ttl = 63;
	all.md1 = std::array<uint8_t, 16>{0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff};
	EXPECT_EQ(render_text([&](Printer &p) { print_cls_rule(p, all, false); }),
		  "src 2001:db8::1 proto 47 sport 7 spi 1 si 2 md1 1:2:3:4294967295\n");
}

TEST(NshOutput, ClsDefaultsAreLeftOutOfText)
{
	// What the kernel reports for `classifier add dst ::/0 spi 1 si 2`:
	// the family alone, TTL 63 and a zero MD type 1 context.
	ClsRule r;
	r.match.family = AF_INET6;
	r.spi = 1;
	r.si = 2;
	r.ttl = 63;
	r.md1 = std::array<uint8_t, 16>{};
	std::string text = render_text([&](Printer &p) { print_cls_rule(p, r, false); });
	EXPECT_EQ(text, "dst ::/0 spi 1 si 2\n");
	ClsRule back = parse_cls_args(words_of(text), "classifier add");
	EXPECT_EQ(back.match, r.match);
	EXPECT_TRUE(back.same_action(r));
	json j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, r, false); }));
	EXPECT_EQ(j, json::parse(R"([{"dst":"::/0","spi":1,"si":2,"ttl":63,"md_type":1,)"
				 R"("md1":[0,0,0,0]}])"));
	r.match.family = AF_INET;
	r.ttl = 62;
	EXPECT_EQ(render_text([&](Printer &p) { print_cls_rule(p, r, false); }),
		  "dst 0.0.0.0/0 spi 1 si 2 ttl 62\n");
}

TEST(NshOutput, ClsMd2Forms)
{
	ClsRule r;
	r.spi = 1;
	r.si = 1;
	r.md2 = md2_encode({{0x0100, 1, {0xc0, 0xff, 0xee}}, {0xffff, 255, {}}});
	EXPECT_EQ(render_text([&](Printer &p) { print_cls_rule(p, r, false); }),
		  "spi 1 si 1 md2 0x0100:1:c0ffee md2 0xffff:255:\n");
	json j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, r, false); }));
	EXPECT_EQ(j[0]["md_type"], 2);
	EXPECT_EQ(j[0]["md2"], json::parse(R"([{"class":256,"type":1,"value":"c0ffee"},)"
					   R"({"class":65535,"type":255,"value":""}])"));

	r.md2.emplace();
	EXPECT_EQ(render_text([&](Printer &p) { print_cls_rule(p, r, false); }),
		  "spi 1 si 1 md2 none\n");
	j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, r, false); }));
	EXPECT_EQ(j[0]["md2"], json::array());

	// Bytes that are not whole context headers are shown, not hidden.
	r.md2 = std::vector<uint8_t>{0, 1, 2, 9};
	EXPECT_EQ(render_text([&](Printer &p) { print_cls_rule(p, r, false); }),
		  "spi 1 si 1 md2-raw 00010209\n");
	j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, r, false); }));
	EXPECT_EQ(j[0]["md2_raw"], "00010209");
}

TEST(NshOutput, ClsTextIsTheCommandLine)
{
	ClsRule r = udp_rule();
	r.packets.reset();
	r.bytes.reset();
	ClsRule md1 = r;
	md1.md2.reset();
	md1.ttl = 9;
	md1.md1 = std::array<uint8_t, 16>{0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
	ClsRule none = r;
	none.md2.emplace();
	for (const ClsRule &want : {r, md1, none}) {
		std::string text = render_text([&](Printer &p) { print_cls_rule(p, want, false); });
		ClsRule got = parse_cls_args(words_of(text), "classifier add");
		EXPECT_EQ(got.match, want.match) << text;
		EXPECT_TRUE(got.same_action(want)) << text;
	}
}

TEST(NshOutput, ClsJson)
{
	ClsRule r = udp_rule();
	r.ttl = 63;
	json j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, r, true); }));
	EXPECT_EQ(j, json::parse(R"([{"dst":"10.0.3.0/24","proto":"udp","dport":5001,)"
				 R"("spi":100,"si":255,"ttl":63,"md_type":2,)"
				 R"("md2":[{"class":256,"type":1,"value":"c0ffee"}],)"
				 R"("packets":3,"bytes":300}])"));

	ClsRule md1;
	md1.match.family = AF_INET;
	md1.match.src = std::vector<uint8_t>{192, 0, 2, 1};
	md1.match.src_len = 32;
	md1.match.proto = IPPROTO_TCP;
	md1.match.sport = 22;
	md1.spi = 7;
	md1.si = 8;
	md1.md1 = std::array<uint8_t, 16>{0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4};
	j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, md1, false); }));
	EXPECT_EQ(j, json::parse(R"([{"src":"192.0.2.1","proto":"tcp","sport":22,"spi":7,)"
				 R"("si":8,"md_type":1,"md1":[1,2,3,4]}])"));
	// The default metadata (no md1 reported) is still MD type 1.
	md1.md1.reset();
	j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, md1, false); }));
	EXPECT_EQ(j[0]["md_type"], 1);
	EXPECT_FALSE(j[0].contains("md1"));
}

TEST(NshOutput, ClsTextAndJsonHaveTheSameFields)
{
	ClsRule r = udp_rule();
	r.match.src = std::vector<uint8_t>{192, 0, 2, 0};
	r.match.src_len = 24;
	r.match.sport = 9;
	r.ttl = 5;
	std::string text = render_text([&](Printer &p) { print_cls_rule(p, r, true); });
	json j = json::parse(render_json([&](Printer &p) { print_cls_rule(p, r, true); }));
	std::set<std::string> json_keys;
	for (auto &[k, v] : j[0].items())
		json_keys.insert(k);
	std::set<std::string> text_keys = {"md_type"}; // JSON-only, like ifindex
	auto w = words_of(text);
	for (size_t i = 0; i < w.size(); i += 2)
		text_keys.insert(w[i]);
	EXPECT_EQ(text_keys, json_keys);
}

TEST(Printer, ListOfRecordsNestsInGroups)
{
	auto emit = [](Printer &p) {
		p.begin_record();
		p.str("name", "{}", "x");
		p.begin_group("g");
		p.begin_list("items", "item {}");
		for (int i = 1; i <= 2; i++) {
			p.begin_item();
			p.hex("a", "{}", static_cast<uint64_t>(i), 2);
			p.uint("b", "/{}", static_cast<uint64_t>(i * 10));
			p.end_item();
		}
		p.end_list();
		p.uint("after", "after {}", 1);
		p.end_group();
		p.end_record();
	};
	EXPECT_EQ(render_text(emit), "x\n    item 0x01/10 item 0x02/20 after 1\n");
	EXPECT_EQ(json::parse(render_json(emit)),
		  json::parse(R"([{"name":"x","g":{"items":[{"a":1,"b":10},{"a":2,"b":20}],)"
			      R"("after":1}}])"));
}
