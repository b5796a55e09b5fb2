// SPDX-License-Identifier: GPL-2.0
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "output.hpp"
#include "printer.hpp"

using namespace sfcproxy;
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

template <typename F>
std::string render_text(F &&f)
{
	std::ostringstream os;
	auto p = make_text_printer(os);
	f(*p);
	p->finish();
	return os.str();
}

template <typename F>
std::string render_json(F &&f, bool pretty = false)
{
	std::ostringstream os;
	auto p = make_json_printer(os, pretty);
	f(*p);
	p->finish();
	return os.str();
}

const std::string kDevLine =
	"sfp0: link veth0 encap mpls labels 100,200 pop 1 key auto id-mask 0xffff0000 "
	"cache-size 4096 cache-timeout 1000 miss drop depth 16 ttl dec cache-bytes 0\n";

const std::string kStatsLine =
	"    rx_ignored 1 rx_success 2 rx_malformed 3 rx_too_big 4 rx_duplicate 5 "
	"tx_ignored 6 tx_not_cached 7 tx_success 8 evicted 9 expired 10 alloc_fail 11 "
	"tx_ttl_expired 12 tx_no_route 13 cache_entries 14 cache_bytes 15\n";

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
	EXPECT_EQ(o["cache_bytes"], 15);
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
