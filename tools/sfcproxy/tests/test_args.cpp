// SPDX-License-Identifier: GPL-2.0
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "args.hpp"
#include "errors.hpp"
#include "test_util.hpp"

using namespace sfcproxy;

namespace {

using Words = std::vector<std::string>;

// Prepends the mandatory part of `dev add` so each test states only what
// it is about.
Words add_words(const Words &extra)
{
	Words w = {"sfp0", "link", "eth0", "encap", "mpls"};
	w.insert(w.end(), extra.begin(), extra.end());
	return w;
}

using test::usage_error;

std::string add_error(const Words &w)
{
	return usage_error([&] { parse_dev_add(w); });
}

std::string set_error(const Words &w)
{
	return usage_error([&] { parse_dev_set(w); });
}

bool add_ok(const Words &extra)
{
	return add_error(add_words(extra)) == "<no error>";
}

} // namespace

TEST(Args, AddMinimal)
{
	DevConfig c = parse_dev_add(add_words({}));
	EXPECT_EQ(c.name, "sfp0");
	EXPECT_EQ(c.link, "eth0");
	EXPECT_EQ(c.encap, SFCPROXY_ENCAP_MPLS);
	// Nothing else given, nothing else sent: the kernel owns defaults.
	EXPECT_FALSE(c.labels);
	EXPECT_FALSE(c.pop);
	EXPECT_FALSE(c.key_mode);
	EXPECT_FALSE(c.id_mask);
	EXPECT_FALSE(c.cache_size);
	EXPECT_FALSE(c.cache_timeout);
	EXPECT_FALSE(c.miss);
	EXPECT_FALSE(c.depth);
	EXPECT_FALSE(c.ttl);
	EXPECT_FALSE(c.cache_bytes);
}

TEST(Args, AddEveryKeyword)
{
	DevConfig c = parse_dev_add(Words{
		"sfp1", "link", "veth0", "encap", "nsh", "label", "100", "label", "200",
		"pop", "2", "key", "header", "id-mask", "0xff00", "cache-size", "128",
		"cache-timeout", "250", "miss", "pass", "depth", "8", "ttl", "copy",
		"cache-bytes", "65536"});
	EXPECT_EQ(c.name, "sfp1");
	EXPECT_EQ(c.link, "veth0");
	EXPECT_EQ(c.encap, SFCPROXY_ENCAP_NSH);
	EXPECT_EQ(c.labels, (std::vector<uint32_t>{100, 200}));
	EXPECT_EQ(c.pop, 2);
	EXPECT_EQ(c.key_mode, SFCPROXY_KEY_HEADER);
	EXPECT_EQ(c.id_mask, 0xff00u);
	EXPECT_EQ(c.cache_size, 128u);
	EXPECT_EQ(c.cache_timeout, 250u);
	EXPECT_EQ(c.miss, SFCPROXY_MISS_PASS);
	EXPECT_EQ(c.depth, 8);
	EXPECT_EQ(c.ttl, SFCPROXY_TTL_COPY);
	EXPECT_EQ(c.cache_bytes, 65536u);
}

TEST(Args, EnumNames)
{
	EXPECT_EQ(parse_dev_add(Words{"a", "link", "b", "encap", "srv6"}).encap, SFCPROXY_ENCAP_SRV6);
	EXPECT_EQ(parse_dev_add(add_words({"key", "id"})).key_mode, SFCPROXY_KEY_ID);
	EXPECT_EQ(parse_dev_add(add_words({"key", "auto"})).key_mode, SFCPROXY_KEY_AUTO);
	EXPECT_EQ(parse_dev_add(add_words({"miss", "drop"})).miss, SFCPROXY_MISS_DROP);
	EXPECT_EQ(parse_dev_add(add_words({"ttl", "dec"})).ttl, SFCPROXY_TTL_DEC);
}

TEST(Args, BadEnumNames)
{
	EXPECT_EQ(add_error({"a", "link", "b", "encap", "vxlan"}),
		  "Error: argument \"vxlan\" is wrong: \"encap\" must be one of mpls, nsh, srv6");
	EXPECT_EQ(add_error(add_words({"key", "mark"})),
		  "Error: argument \"mark\" is wrong: \"key\" must be one of id, header, auto");
	EXPECT_EQ(add_error(add_words({"miss", "forward"})),
		  "Error: argument \"forward\" is wrong: \"miss\" must be one of drop, pass");
	EXPECT_EQ(add_error(add_words({"ttl", "keep"})),
		  "Error: argument \"keep\" is wrong: \"ttl\" must be one of dec, copy");
	// Names are exact, as in iproute2 keywords.
	EXPECT_FALSE(add_ok({"key", "ID"}));
}

TEST(Args, LabelRange)
{
	EXPECT_TRUE(add_ok({"label", "0"}));
	EXPECT_TRUE(add_ok({"label", "1048575"}));
	EXPECT_EQ(add_error(add_words({"label", "1048576"})),
		  "Error: argument \"1048576\" is wrong: \"label\" must be an MPLS label in "
		  "0..1048575 or \"none\"");
	EXPECT_FALSE(add_ok({"label", "-1"}));
	EXPECT_FALSE(add_ok({"label", "12abc"}));
	EXPECT_FALSE(add_ok({"label", ""}));
	EXPECT_FALSE(add_ok({"label", "99999999999999999999999"}));
}

TEST(Args, LabelsCollectedInOrder)
{
	DevConfig c = parse_dev_add(add_words({"label", "3", "label", "1", "label", "2"}));
	EXPECT_EQ(c.labels, (std::vector<uint32_t>{3, 1, 2}));
}

TEST(Args, LabelLimits)
{
	Words w;
	for (int i = 0; i < 16; i++) {
		w.push_back("label");
		w.push_back(std::to_string(100 + i));
	}
	EXPECT_EQ(parse_dev_add(add_words(w)).labels->size(), 16u);
	w.push_back("label");
	w.push_back("999");
	EXPECT_EQ(add_error(add_words(w)),
		  "Error: argument \"999\" is wrong: at most 16 labels are allowed");
	EXPECT_EQ(add_error(add_words({"label", "5", "label", "5"})),
		  "Error: argument \"5\" is wrong: \"label\" given twice");
}

TEST(Args, LabelNone)
{
	DevConfig c = parse_dev_set(Words{"sfp0", "label", "none"});
	ASSERT_TRUE(c.labels);
	EXPECT_TRUE(c.labels->empty());
	EXPECT_NE(set_error({"sfp0", "label", "none", "label", "1"}), "<no error>");
	EXPECT_NE(set_error({"sfp0", "label", "1", "label", "none"}), "<no error>");
	EXPECT_NE(set_error({"sfp0", "label", "none", "label", "none"}), "<no error>");
}

TEST(Args, PopRange)
{
	EXPECT_TRUE(add_ok({"pop", "0"}));
	EXPECT_TRUE(add_ok({"pop", "16"}));
	EXPECT_EQ(add_error(add_words({"pop", "17"})),
		  "Error: argument \"17\" is wrong: \"pop\" must be in 0..16");
}

TEST(Args, DepthRange)
{
	EXPECT_FALSE(add_ok({"depth", "0"}));
	EXPECT_TRUE(add_ok({"depth", "1"}));
	EXPECT_TRUE(add_ok({"depth", "16"}));
	EXPECT_EQ(add_error(add_words({"depth", "17"})),
		  "Error: argument \"17\" is wrong: \"depth\" must be in 1..16");
}

TEST(Args, CacheSizeRange)
{
	EXPECT_EQ(add_error(add_words({"cache-size", "0"})),
		  "Error: argument \"0\" is wrong: \"cache-size\" must be in 1..4194304 entries");
	EXPECT_TRUE(add_ok({"cache-size", "1"}));
	EXPECT_TRUE(add_ok({"cache-size", "4194304"}));
	EXPECT_FALSE(add_ok({"cache-size", "4194305"}));
}

TEST(Args, CacheTimeoutRange)
{
	EXPECT_FALSE(add_ok({"cache-timeout", "0"}));
	EXPECT_TRUE(add_ok({"cache-timeout", "1"}));
	EXPECT_TRUE(add_ok({"cache-timeout", "3600000"}));
	EXPECT_EQ(add_error(add_words({"cache-timeout", "3600001"})),
		  "Error: argument \"3600001\" is wrong: \"cache-timeout\" must be in "
		  "1..3600000 milliseconds");
}

TEST(Args, CacheBytesRange)
{
	EXPECT_EQ(parse_dev_add(add_words({"cache-bytes", "0"})).cache_bytes, 0u);
	EXPECT_EQ(parse_dev_add(add_words({"cache-bytes", "4294967295"})).cache_bytes,
		  4294967295u);
	EXPECT_FALSE(add_ok({"cache-bytes", "4294967296"}));
}

TEST(Args, IdMask)
{
	EXPECT_EQ(parse_dev_add(add_words({"id-mask", "0xffff0000"})).id_mask, 0xffff0000u);
	EXPECT_EQ(parse_dev_add(add_words({"id-mask", "0XFF"})).id_mask, 0xffu);
	EXPECT_EQ(parse_dev_add(add_words({"id-mask", "4294901760"})).id_mask, 0xffff0000u);
	EXPECT_EQ(parse_dev_add(add_words({"id-mask", "0xffffffff"})).id_mask, 0xffffffffu);
	EXPECT_EQ(add_error(add_words({"id-mask", "0"})),
		  "Error: argument \"0\" is wrong: \"id-mask\" must be a non-zero 32-bit mask "
		  "(0x... or decimal)");
	EXPECT_FALSE(add_ok({"id-mask", "0x0"}));
	EXPECT_FALSE(add_ok({"id-mask", "0x100000000"}));
	EXPECT_FALSE(add_ok({"id-mask", "4294967296"}));
	EXPECT_FALSE(add_ok({"id-mask", "0x"}));
	EXPECT_FALSE(add_ok({"id-mask", "0xfg"}));
}

TEST(Args, RequiredForAdd)
{
	EXPECT_EQ(add_error({"x"}), "Error: \"link\" is required for \"dev add\"");
	EXPECT_EQ(add_error({"x", "encap", "mpls"}), "Error: \"link\" is required for \"dev add\"");
	EXPECT_EQ(add_error({"x", "link", "eth0"}), "Error: \"encap\" is required for \"dev add\"");
	EXPECT_EQ(add_error({}), "Error: device name is required for \"dev add\"");
	EXPECT_NE(add_error({"link", "eth0", "encap", "mpls"}), "<no error>");
}

TEST(Args, UnknownKeyword)
{
	EXPECT_EQ(add_error(add_words({"colour", "blue"})),
		  "Error: unknown keyword \"colour\" for \"dev add\"");
	EXPECT_EQ(set_error({"sfp0", "colour", "blue"}),
		  "Error: unknown keyword \"colour\" for \"dev set\"");
	EXPECT_NE(add_error(add_words({"-j"})).find("global options go before"), std::string::npos);
}

TEST(Args, MissingValueAndDuplicates)
{
	EXPECT_EQ(add_error(add_words({"pop"})), "Error: \"pop\" needs a value for \"dev add\"");
	EXPECT_EQ(add_error(add_words({"pop", "1", "pop", "2"})),
		  "Error: duplicate \"pop\": \"2\" is the second value");
	EXPECT_NE(add_error({"x", "link", "a", "link", "b", "encap", "mpls"}), "<no error>");
}

TEST(Args, SetRefusesLink)
{
	EXPECT_EQ(set_error({"sfp0", "link", "eth1"}),
		  "Error: \"link\" cannot be changed by \"dev set\"; delete and re-add the device");
}

TEST(Args, SetTakesAnySubset)
{
	DevConfig c = parse_dev_set(Words{"sfp0"});
	EXPECT_EQ(c.name, "sfp0");
	EXPECT_FALSE(c.encap);
	c = parse_dev_set(Words{"sfp0", "cache-size", "4194304", "encap", "srv6"});
	EXPECT_EQ(c.cache_size, 4194304u);
	EXPECT_EQ(c.encap, SFCPROXY_ENCAP_SRV6);
	EXPECT_FALSE(c.link);
}

TEST(Args, DeviceNames)
{
	EXPECT_TRUE(valid_ifname("sfp0"));
	EXPECT_TRUE(valid_ifname("abcdefghijklmno")); // 15 chars
	EXPECT_FALSE(valid_ifname("abcdefghijklmnop"));
	EXPECT_FALSE(valid_ifname("a/b"));
	EXPECT_FALSE(valid_ifname("a b"));
	EXPECT_FALSE(valid_ifname(".."));
	EXPECT_FALSE(valid_ifname(""));
	EXPECT_NE(add_error({"bad/name", "link", "eth0", "encap", "mpls"}), "<no error>");
}

TEST(Args, DelAndShow)
{
	EXPECT_EQ(parse_dev_name(Words{"sfp0"}, "dev del"), "sfp0");
	EXPECT_EQ(usage_error([] { parse_dev_name(Words{"sfp0", "now"}, "dev del"); }),
		  "Error: unexpected argument \"now\" for \"dev del\"");
	EXPECT_EQ(usage_error([] { parse_dev_name(Words{}, "dev del"); }),
		  "Error: device name is required for \"dev del\"");
	EXPECT_FALSE(parse_opt_dev_name(Words{}, "dev show"));
	EXPECT_NE(usage_error([] { parse_opt_dev_name(Words{"-s"}, "dev show"); })
			  .find("global options go before"),
		  std::string::npos);
	EXPECT_EQ(parse_opt_dev_name(Words{"sfp0"}, "dev show"), "sfp0");
}

TEST(Args, DevFilter)
{
	EXPECT_FALSE(parse_dev_filter(Words{}, "stats show"));
	EXPECT_EQ(parse_dev_filter(Words{"dev", "sfp0"}, "stats show"), "sfp0");
	// the dev keyword is optional, as in iproute2
	EXPECT_EQ(parse_dev_filter(Words{"sfp0"}, "stats show"), "sfp0");
	EXPECT_EQ(parse_opt_dev_name(Words{"dev", "sfp0"}, "dev show"), "sfp0");
	EXPECT_NE(usage_error([] { parse_dev_filter(Words{"sfp0", "x"}, "stats show"); }),
		  "<no error>");
	EXPECT_EQ(usage_error([] { parse_dev_filter(Words{"dev"}, "cache flush"); }),
		  "Error: \"dev\" needs a value for \"cache flush\"");
	EXPECT_NE(usage_error([] { parse_dev_filter(Words{"dev", "a", "b"}, "cache show"); }),
		  "<no error>");
}

TEST(Args, ParseUnsigned)
{
	EXPECT_EQ(parse_unsigned("0"), 0u);
	EXPECT_EQ(parse_unsigned("010"), 10u); // never octal
	EXPECT_EQ(parse_unsigned("0x10"), 16u);
	EXPECT_EQ(parse_unsigned("18446744073709551615"), UINT64_MAX);
	EXPECT_FALSE(parse_unsigned("18446744073709551616"));
	EXPECT_FALSE(parse_unsigned("+1"));
	EXPECT_FALSE(parse_unsigned(" 1"));
	EXPECT_FALSE(parse_unsigned("1.5"));
}

TEST(Args, HelpWords)
{
	EXPECT_TRUE(wants_help(Words{"sfp0", "help"}));
	EXPECT_TRUE(wants_help(Words{"--help"}));
	EXPECT_TRUE(wants_help(Words{"-h"}));
	EXPECT_FALSE(wants_help(Words{"sfp0"}));
}
