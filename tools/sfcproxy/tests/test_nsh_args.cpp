// SPDX-License-Identifier: GPL-2.0
//
// The fwd and classifier grammars, and the MD type 2 context header codec
// the classifier's "md2" keyword and its show output rely on.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "args.hpp"
#include "errors.hpp"
#include "test_util.hpp"

using namespace sfcproxy;

namespace {

using Words = std::vector<std::string>;
using Bytes = std::vector<uint8_t>;

using test::usage_error;

std::string fwd_error(const Words &w)
{
	return usage_error([&] { parse_fwd_args(w, "fwd add"); });
}

// Prepends the mandatory action part of `classifier add`.
Words cls_words(const Words &extra)
{
	Words w = {"spi", "100", "si", "255"};
	w.insert(w.end(), extra.begin(), extra.end());
	return w;
}

std::string cls_error(const Words &w)
{
	return usage_error([&] { parse_cls_args(w, "classifier add"); });
}

bool cls_ok(const Words &extra)
{
	return cls_error(cls_words(extra)) == "<no error>";
}

} // namespace

TEST(FwdArgs, NextHop)
{
	FwdEntry e = parse_fwd_args(
		Words{"spi", "100", "si", "254", "via", "02:00:00:00:00:02", "dev", "eth0"}, "fwd add");
	EXPECT_EQ(e.spi, 100u);
	EXPECT_EQ(e.si, 254);
	EXPECT_EQ(e.action, SFCPROXY_FWD_NEXT_HOP);
	EXPECT_EQ(e.dev, "eth0");
	EXPECT_EQ(e.mac, (std::array<uint8_t, 6>{2, 0, 0, 0, 0, 2}));
	EXPECT_FALSE(e.packets);
	// Keywords in any order, as everywhere in the grammar.
	EXPECT_EQ(parse_fwd_args(Words{"dev", "eth0", "via", "02:00:00:00:00:02", "si", "254",
				       "spi", "100"},
				 "fwd add"),
		  e);
}

TEST(FwdArgs, ProxyAndEnd)
{
	FwdEntry e = parse_fwd_args(Words{"spi", "0", "si", "255", "dev", "sfp1"}, "fwd add");
	EXPECT_EQ(e.spi, 0u);
	EXPECT_EQ(e.action, SFCPROXY_FWD_PROXY);
	EXPECT_EQ(e.dev, "sfp1");
	EXPECT_FALSE(e.mac);

	e = parse_fwd_args(Words{"spi", "0xffffff", "si", "1", "end"}, "fwd replace");
	EXPECT_EQ(e.spi, 0xffffffu);
	EXPECT_EQ(e.si, 1);
	EXPECT_EQ(e.action, SFCPROXY_FWD_END);
	EXPECT_TRUE(e.dev.empty());
	EXPECT_FALSE(e.mac);
}

TEST(FwdArgs, Ranges)
{
	EXPECT_EQ(fwd_error({"spi", "16777216", "si", "1", "end"}),
		  "Error: argument \"16777216\" is wrong: \"spi\" must be in 0..16777215");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "0", "end"}),
		  "Error: argument \"0\" is wrong: \"si\" must be in 1..255");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "256", "end"}),
		  "Error: argument \"256\" is wrong: \"si\" must be in 1..255");
	EXPECT_NE(fwd_error({"spi", "-1", "si", "1", "end"}), "<no error>");
	EXPECT_NE(fwd_error({"spi", "one", "si", "1", "end"}), "<no error>");
}

TEST(FwdArgs, MissingParts)
{
	EXPECT_EQ(fwd_error({}), "Error: \"spi\" is required for \"fwd add\"");
	EXPECT_EQ(fwd_error({"si", "1", "end"}), "Error: \"spi\" is required for \"fwd add\"");
	EXPECT_EQ(fwd_error({"spi", "1", "end"}), "Error: \"si\" is required for \"fwd add\"");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2"}),
		  "Error: one of \"via MAC dev DEV\", \"dev PROXYDEV\" or \"end\" is required "
		  "for \"fwd add\"");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "via", "02:00:00:00:00:02"}),
		  "Error: \"via\" needs \"dev\", the device the next hop is on, for \"fwd add\"");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "dev"}),
		  "Error: \"dev\" needs a value for \"fwd add\"");
	EXPECT_EQ(usage_error([] { parse_fwd_args(Words{"spi", "1"}, "fwd replace"); }),
		  "Error: \"si\" is required for \"fwd replace\"");
}

TEST(FwdArgs, ConflictsAndRepeats)
{
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "end", "dev", "sfp1"}),
		  "Error: \"end\" cannot be combined with \"via\" or \"dev\" for \"fwd add\"");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "via", "02:00:00:00:00:02", "dev", "eth0",
			     "end"}),
		  "Error: \"end\" cannot be combined with \"via\" or \"dev\" for \"fwd add\"");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "end", "end"}), "Error: duplicate \"end\"");
	EXPECT_EQ(fwd_error({"spi", "1", "spi", "2", "si", "2", "end"}),
		  "Error: duplicate \"spi\": \"2\" is the second value");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "dev", "a", "dev", "b"}),
		  "Error: duplicate \"dev\": \"b\" is the second value");
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "end", "colour", "blue"}),
		  "Error: unknown keyword \"colour\" for \"fwd add\"");
	EXPECT_NE(fwd_error({"spi", "1", "si", "2", "end", "-j"}).find("global options go before"),
		  std::string::npos);
}

TEST(FwdArgs, DeviceAndMac)
{
	EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "dev", "a/b"}),
		  "Error: argument \"a/b\" is wrong: \"dev\" must name a network device");
	const std::string bad_mac = "\"via\" must be a MAC address, six hex bytes separated by \":\"";
	for (const char *mac : {"02:00:00:00:00", "02:00:00:00:00:02:03", "02:00:00:00:00:0g",
				"02:00:00:00:00:002", "02-00-00-00-00-02", "", "02:00:00::00:02"})
		EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "via", mac, "dev", "eth0"}),
			  "Error: argument \"" + std::string(mac) + "\" is wrong: " + bad_mac);
	EXPECT_EQ(parse_mac("2:0:a:B:c:ff"), (std::array<uint8_t, 6>{2, 0, 0xa, 0xb, 0xc, 0xff}));
	// A next hop is one station, as the kernel insists.
	const std::string unicast = "\"via\" must be a unicast MAC address (not multicast, "
				    "broadcast or all zeros)";
	for (const char *mac : {"ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "00:00:00:00:00:00"})
		EXPECT_EQ(fwd_error({"spi", "1", "si", "2", "via", mac, "dev", "eth0"}),
			  "Error: argument \"" + std::string(mac) + "\" is wrong: " + unicast);
}

TEST(FwdArgs, PathForDel)
{
	NshPath p = parse_fwd_path(Words{"spi", "7", "si", "9"}, "fwd del");
	EXPECT_EQ(p, (NshPath{7, 9}));
	auto del_error = [](const Words &w) {
		return usage_error([&] { parse_fwd_path(w, "fwd del"); });
	};
	EXPECT_EQ(del_error({}), "Error: \"spi\" is required for \"fwd del\"");
	EXPECT_EQ(del_error({"spi", "7"}), "Error: \"si\" is required for \"fwd del\"");
	EXPECT_EQ(del_error({"si", "7"}), "Error: \"spi\" is required for \"fwd del\"");
	// The action is not part of the key.
	EXPECT_EQ(del_error({"spi", "7", "si", "9", "end"}),
		  "Error: unknown keyword \"end\" for \"fwd del\"");
}

TEST(FwdArgs, FilterForShow)
{
	FwdFilter f = parse_fwd_filter(Words{}, "fwd show");
	EXPECT_FALSE(f.spi);
	EXPECT_FALSE(f.si);
	f = parse_fwd_filter(Words{"spi", "7"}, "fwd show");
	EXPECT_EQ(f.spi, 7u);
	EXPECT_FALSE(f.si);
	f = parse_fwd_filter(Words{"spi", "7", "si", "3"}, "fwd show");
	EXPECT_EQ(f.si, 3);
	EXPECT_EQ(usage_error([] { parse_fwd_filter(Words{"si", "3"}, "fwd show"); }),
		  "Error: \"si\" needs \"spi\" for \"fwd show\"");
	EXPECT_EQ(usage_error([] { parse_fwd_filter(Words{"dev", "x"}, "fwd show"); }),
		  "Error: unknown keyword \"dev\" for \"fwd show\"");
}

TEST(FwdArgs, NoArguments)
{
	parse_no_args(Words{}, "fwd flush");
	EXPECT_EQ(usage_error([] { parse_no_args(Words{"all"}, "fwd flush"); }),
		  "Error: unknown keyword \"all\" for \"fwd flush\"");
}

TEST(ClsArgs, ActionOnly)
{
	ClsRule r = parse_cls_args(cls_words({}), "classifier add");
	EXPECT_EQ(r.match, ClsMatch{});
	EXPECT_EQ(r.spi, 100u);
	EXPECT_EQ(r.si, 255);
	// The kernel owns the defaults (TTL 63, MD type 1 with zero context).
	EXPECT_FALSE(r.ttl);
	EXPECT_FALSE(r.md1);
	EXPECT_FALSE(r.md2);
}

TEST(ClsArgs, FullIpv4Match)
{
	ClsRule r = parse_cls_args(cls_words({"src", "192.0.2.0/24", "dst", "10.0.3.7", "proto",
					      "udp", "sport", "1000", "dport", "5001", "ttl",
					      "17"}),
				   "classifier add");
	const ClsMatch &m = r.match;
	EXPECT_EQ(m.family, AF_INET);
	EXPECT_EQ(m.src, (Bytes{192, 0, 2, 0}));
	EXPECT_EQ(m.src_len, 24);
	EXPECT_EQ(m.dst, (Bytes{10, 0, 3, 7}));
	EXPECT_EQ(m.dst_len, 32); // no /LEN: the whole address
	EXPECT_EQ(m.proto, IPPROTO_UDP);
	EXPECT_EQ(m.sport, 1000);
	EXPECT_EQ(m.dport, 5001);
	EXPECT_EQ(r.ttl, 17);
}

TEST(ClsArgs, Ipv6Prefixes)
{
	ClsMatch m = parse_cls_args(cls_words({"dst", "2001:db8::/32", "src", "::1"}),
				    "classifier add")
			     .match;
	EXPECT_EQ(m.family, AF_INET6);
	ASSERT_TRUE(m.dst);
	EXPECT_EQ(m.dst->size(), 16u);
	EXPECT_EQ((*m.dst)[0], 0x20);
	EXPECT_EQ((*m.dst)[1], 0x01);
	EXPECT_EQ((*m.dst)[2], 0x0d);
	EXPECT_EQ((*m.dst)[3], 0xb8);
	EXPECT_EQ(m.dst_len, 32);
	EXPECT_EQ(m.src_len, 128);
}

TEST(ClsArgs, ZeroLengthPrefixIsTheFamily)
{
	// The kernel stores "every address of the family" as the family
	// alone, and refuses prefix length 0.
	ClsMatch m = parse_cls_args(cls_words({"dst", "::/0"}), "classifier add").match;
	EXPECT_EQ(m.family, AF_INET6);
	EXPECT_FALSE(m.dst);
	EXPECT_EQ(m.dst_len, 0);
	m = parse_cls_args(cls_words({"src", "0.0.0.0/0", "dst", "10.0.0.0/8"}), "classifier add")
		    .match;
	EXPECT_EQ(m.family, AF_INET);
	EXPECT_FALSE(m.src);
	EXPECT_EQ(m.dst_len, 8);
	EXPECT_EQ(cls_error(cls_words({"src", "0.0.0.0/0", "dst", "::/0"})),
		  "Error: \"src\" and \"dst\" must be of one family (both IPv4 or both IPv6) for "
		  "\"classifier add\"");
	EXPECT_EQ(cls_error(cls_words({"dst", "10.0.0.1/0"})),
		  "Error: argument \"10.0.0.1/0\" is wrong: \"dst\" has host bits set beyond /0 "
		  "(did you mean 0.0.0.0/0?)");
}

TEST(ClsArgs, BadPrefixes)
{
	EXPECT_EQ(cls_error(cls_words({"dst", "10.0.3.1/24"})),
		  "Error: argument \"10.0.3.1/24\" is wrong: \"dst\" has host bits set beyond /24 "
		  "(did you mean 10.0.3.0/24?)");
	EXPECT_EQ(cls_error(cls_words({"src", "2001:db8::1/64"})),
		  "Error: argument \"2001:db8::1/64\" is wrong: \"src\" has host bits set beyond "
		  "/64 (did you mean 2001:db8::/64?)");
	EXPECT_EQ(cls_error(cls_words({"dst", "10.0.0.0/33"})),
		  "Error: argument \"10.0.0.0/33\" is wrong: \"dst\" prefix length must be in 0..32");
	EXPECT_EQ(cls_error(cls_words({"dst", "::/129"})),
		  "Error: argument \"::/129\" is wrong: \"dst\" prefix length must be in 0..128");
	const std::string not_prefix = "\"dst\" must be an IPv4 or IPv6 prefix, ADDRESS[/LEN]";
	for (const char *p : {"10.0.3", "10.0.3.256", "host.example", "", "/24", "10.0.0.0/24/1"})
		EXPECT_NE(cls_error(cls_words({"dst", p})), "<no error>") << p;
	EXPECT_EQ(cls_error(cls_words({"dst", "10.0.3"})),
		  "Error: argument \"10.0.3\" is wrong: " + not_prefix);
	for (const char *p : {"10.0.0.0/", "10.0.0.0/0x8", "10.0.0.0/+8", "10.0.0.0/a"})
		EXPECT_EQ(cls_error(cls_words({"dst", p})),
			  "Error: argument \"" + std::string(p) +
				  "\" is wrong: \"dst\" prefix length must be in 0..32");
	EXPECT_EQ(cls_error(cls_words({"src", "10.0.0.0/8", "dst", "2001:db8::/32"})),
		  "Error: \"src\" and \"dst\" must be of one family (both IPv4 or both IPv6) for "
		  "\"classifier add\"");
}

TEST(ClsArgs, Protocols)
{
	auto proto = [](const std::string &p) {
		return parse_cls_args(cls_words({"proto", p}), "classifier add").match.proto;
	};
	EXPECT_EQ(proto("tcp"), IPPROTO_TCP);
	EXPECT_EQ(proto("udp"), IPPROTO_UDP);
	EXPECT_EQ(proto("sctp"), IPPROTO_SCTP);
	EXPECT_EQ(proto("icmp"), IPPROTO_ICMP);
	EXPECT_EQ(proto("ipv6-icmp"), IPPROTO_ICMPV6);
	EXPECT_EQ(proto("47"), 47);
	EXPECT_EQ(proto("255"), 255);
	// 0 is "any" to the kernel: one spelling, one rule identity.
	EXPECT_FALSE(proto("0"));
	EXPECT_EQ(cls_error(cls_words({"proto", "256"})),
		  "Error: argument \"256\" is wrong: \"proto\" must be one of icmp, tcp, udp, "
		  "ipv6-icmp, sctp or a number in 0..255");
	EXPECT_FALSE(cls_ok({"proto", "gre"}));
	EXPECT_FALSE(cls_ok({"proto", "TCP"}));
}

TEST(ClsArgs, PortsNeedAPortProtocol)
{
	EXPECT_TRUE(cls_ok({"proto", "tcp", "dport", "0"}));
	EXPECT_TRUE(cls_ok({"proto", "sctp", "sport", "65535"}));
	EXPECT_EQ(cls_error(cls_words({"proto", "udp", "dport", "65536"})),
		  "Error: argument \"65536\" is wrong: \"dport\" must be in 0..65535");
	EXPECT_EQ(cls_error(cls_words({"dport", "80"})),
		  "Error: \"dport\" needs \"proto tcp\", \"proto udp\" or \"proto sctp\" for "
		  "\"classifier add\"");
	EXPECT_EQ(cls_error(cls_words({"proto", "icmp", "sport", "80"})),
		  "Error: \"sport\" needs \"proto tcp\", \"proto udp\" or \"proto sctp\" for "
		  "\"classifier add\"");
	EXPECT_FALSE(cls_ok({"proto", "0", "sport", "80"}));
}

TEST(ClsArgs, ActionRanges)
{
	EXPECT_EQ(cls_error({"si", "1"}), "Error: \"spi\" is required for \"classifier add\"");
	EXPECT_EQ(cls_error({"spi", "1"}), "Error: \"si\" is required for \"classifier add\"");
	EXPECT_EQ(cls_error({"spi", "16777216", "si", "1"}),
		  "Error: argument \"16777216\" is wrong: \"spi\" must be in 0..16777215");
	EXPECT_EQ(cls_error({"spi", "1", "si", "0"}),
		  "Error: argument \"0\" is wrong: \"si\" must be in 1..255");
	EXPECT_TRUE(cls_ok({"ttl", "1"}));
	EXPECT_TRUE(cls_ok({"ttl", "63"}));
	EXPECT_EQ(cls_error(cls_words({"ttl", "0"})),
		  "Error: argument \"0\" is wrong: \"ttl\" must be in 1..63");
	EXPECT_FALSE(cls_ok({"ttl", "64"}));
	EXPECT_EQ(cls_error(cls_words({"ttl", "1", "ttl", "2"})),
		  "Error: duplicate \"ttl\": \"2\" is the second value");
	EXPECT_EQ(cls_error(cls_words({"dst", "10.0.0.0/8", "dst", "10.0.0.0/8"})),
		  "Error: duplicate \"dst\": \"10.0.0.0/8\" is the second value");
	EXPECT_EQ(cls_error(cls_words({"via", "x"})),
		  "Error: unknown keyword \"via\" for \"classifier add\"");
	EXPECT_EQ(cls_error(cls_words({"ttl"})), "Error: \"ttl\" needs a value for \"classifier add\"");
}

TEST(ClsArgs, Md1IsBigEndian)
{
	ClsRule r = parse_cls_args(cls_words({"md1", "0x01020304:5:0xffffffff:0"}),
				   "classifier replace");
	ASSERT_TRUE(r.md1);
	EXPECT_EQ(*r.md1, (std::array<uint8_t, 16>{1, 2, 3, 4, 0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff,
						   0, 0, 0, 0}));
	EXPECT_FALSE(r.md2);
	const std::string why = "\"md1\" must be four 32-bit values C1:C2:C3:C4 (0x... or decimal)";
	for (const char *v : {"1:2:3", "1:2:3:4:5", "1:2:3:0x100000000", "1:2::4", "a:b:c:d", ""})
		EXPECT_EQ(cls_error(cls_words({"md1", v})),
			  "Error: argument \"" + std::string(v) + "\" is wrong: " + why);
}

TEST(ClsArgs, Md2Encoding)
{
	ClsRule r = parse_cls_args(cls_words({"md2", "0x0100:1:c0ffee", "md2", "65535:255:",
					      "md2", "2:3:0102030405"}),
				   "classifier add");
	ASSERT_TRUE(r.md2);
	EXPECT_EQ(*r.md2, (Bytes{
				  0x01, 0x00, 0x01, 0x03, 0xc0, 0xff, 0xee, 0x00, // padded to 4
				  0xff, 0xff, 0xff, 0x00,			    // no value
				  0x00, 0x02, 0x03, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00,
				  0x00, 0x00,
			  }));
	EXPECT_FALSE(r.md1);
}

TEST(ClsArgs, Md2None)
{
	ClsRule r = parse_cls_args(cls_words({"md2", "none"}), "classifier add");
	ASSERT_TRUE(r.md2);
	EXPECT_TRUE(r.md2->empty());
	const std::string why = "\"md2 none\" cannot be combined with other context headers";
	EXPECT_EQ(cls_error(cls_words({"md2", "none", "md2", "1:1:"})),
		  "Error: argument \"1:1:\" is wrong: " + why);
	EXPECT_EQ(cls_error(cls_words({"md2", "1:1:", "md2", "none"})),
		  "Error: argument \"none\" is wrong: " + why);
	EXPECT_EQ(cls_error(cls_words({"md2", "none", "md2", "none"})),
		  "Error: argument \"none\" is wrong: " + why);
}

TEST(ClsArgs, BadMd2)
{
	EXPECT_EQ(cls_error(cls_words({"md2", "1:2"})),
		  "Error: argument \"1:2\" is wrong: \"md2\" must be CLASS:TYPE:HEX (the value may "
		  "be empty)");
	EXPECT_EQ(cls_error(cls_words({"md2", "1:2:00:00"})),
		  "Error: argument \"1:2:00:00\" is wrong: \"md2\" must be CLASS:TYPE:HEX (the value "
		  "may be empty)");
	EXPECT_EQ(cls_error(cls_words({"md2", "0x10000:1:"})),
		  "Error: argument \"0x10000:1:\" is wrong: \"md2\" class must be in 0..65535 (0x... "
		  "or decimal)");
	EXPECT_FALSE(cls_ok({"md2", ":1:"}));
	EXPECT_EQ(cls_error(cls_words({"md2", "1:256:"})),
		  "Error: argument \"1:256:\" is wrong: \"md2\" type must be in 0..255");
	EXPECT_FALSE(cls_ok({"md2", "1::"}));
	EXPECT_EQ(cls_error(cls_words({"md2", "1:2:abc"})),
		  "Error: argument \"1:2:abc\" is wrong: \"md2\" value must be an even number of hex "
		  "digits");
	EXPECT_FALSE(cls_ok({"md2", "1:2:0x00"}));
	EXPECT_FALSE(cls_ok({"md2", "1:2:zz"}));
	EXPECT_TRUE(cls_ok({"md2", "1:2:" + std::string(254, 'a')}));
	EXPECT_EQ(cls_error(cls_words({"md2", "1:2:" + std::string(256, 'a')})),
		  "Error: argument \"1:2:" + std::string(256, 'a') +
			  "\" is wrong: \"md2\" value must be at most 127 bytes");
	EXPECT_EQ(cls_error(cls_words({"md1", "1:2:3:4", "md2", "1:2:"})),
		  "Error: \"md1\" and \"md2\" cannot be combined for \"classifier add\"");
	EXPECT_EQ(cls_error(cls_words({"md2", "none", "md1", "1:2:3:4"})),
		  "Error: \"md1\" and \"md2\" cannot be combined for \"classifier add\"");
}

TEST(ClsArgs, Md2TotalLimit)
{
	// 127-byte values take 4 + 128 bytes each: one fits, two do not.
	const std::string big = "1:2:" + std::string(254, 'a');
	EXPECT_TRUE(cls_ok({"md2", big}));
	EXPECT_EQ(cls_error(cls_words({"md2", big, "md2", big})),
		  "Error: \"md2\" context headers take 264 bytes, at most 244 are allowed");
	// 61 empty headers are exactly 244 bytes.
	Words w;
	for (int i = 0; i < 61; i++) {
		w.push_back("md2");
		w.push_back(std::to_string(i) + ":0:");
	}
	EXPECT_EQ(parse_cls_args(cls_words(w), "classifier add").md2->size(), 244u);
	w.push_back("md2");
	w.push_back("99:0:");
	EXPECT_EQ(cls_error(cls_words(w)),
		  "Error: \"md2\" context headers take 248 bytes, at most 244 are allowed");
}

TEST(ClsArgs, MatchForDel)
{
	ClsMatch m = parse_cls_match(Words{"dst", "10.0.3.0/24", "proto", "udp", "dport", "5001"},
				     "classifier del");
	EXPECT_EQ(m, parse_cls_args(cls_words({"dst", "10.0.3.0/24", "proto", "udp", "dport",
					       "5001", "md2", "1:1:"}),
				    "classifier add")
			     .match);
	auto del_error = [](const Words &w) {
		return usage_error([&] { parse_cls_match(w, "classifier del"); });
	};
	EXPECT_EQ(del_error({}),
		  "Error: \"classifier del\" needs a match (src, dst, proto, sport, dport); "
		  "\"classifier flush\" deletes every rule");
	EXPECT_EQ(del_error({"dst", "10.0.3.0/24", "spi", "100"}),
		  "Error: \"spi\" is not part of a match: \"classifier del\" takes src, dst, proto, "
		  "sport and dport");
	EXPECT_EQ(del_error({"dport", "80"}),
		  "Error: \"dport\" needs \"proto tcp\", \"proto udp\" or \"proto sctp\" for "
		  "\"classifier del\"");
	EXPECT_EQ(del_error({"dst", "10.0.3.1/24"}),
		  "Error: argument \"10.0.3.1/24\" is wrong: \"dst\" has host bits set beyond /24 "
		  "(did you mean 10.0.3.0/24?)");
}

TEST(Md2, RoundTrip)
{
	std::vector<Md2Tlv> tlvs = {
		{0x0100, 1, {0xc0, 0xff, 0xee}},
		{0xffff, 0, {}},
		{0x0002, 0x80, Bytes(127, 0x5a)},
		{0x1234, 7, {1, 2, 3, 4}},
	};
	Bytes wire = md2_encode(tlvs);
	EXPECT_EQ(wire.size(), 8u + 4u + 132u + 8u);
	EXPECT_EQ(wire.size() % 4, 0u);
	auto back = md2_decode(wire);
	ASSERT_TRUE(back);
	EXPECT_EQ(*back, tlvs);

	EXPECT_EQ(md2_encode({}), Bytes{});
	ASSERT_TRUE(md2_decode({}));
	EXPECT_TRUE(md2_decode({})->empty());
}

TEST(Md2, DecodeIgnoresReservedBitAndRefusesTruncation)
{
	// RFC 8300: the reserved bit is ignored on receipt.
	auto t = md2_decode(Bytes{0x00, 0x01, 0x02, 0x81, 0xaa, 0, 0, 0});
	ASSERT_TRUE(t);
	EXPECT_EQ(*t, (std::vector<Md2Tlv>{{1, 2, {0xaa}}}));
	EXPECT_FALSE(md2_decode(Bytes{0x00, 0x01, 0x02}));		      // short header
	EXPECT_FALSE(md2_decode(Bytes{0x00, 0x01, 0x02, 0x01}));	      // value missing
	EXPECT_FALSE(md2_decode(Bytes{0x00, 0x01, 0x02, 0x05, 1, 2, 3, 4, 5})); // padding missing
}
