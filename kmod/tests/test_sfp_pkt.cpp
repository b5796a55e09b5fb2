// SPDX-License-Identifier: GPL-2.0
// Unit tests of the kernel module's packet code (kmod/sfp_pkt.c), built in
// user space: label stack parsing, stack rewriting, header-mode keys.
#include <gtest/gtest.h>

#include <cstring>
#include <string_view>
#include <vector>

extern "C" {
#include "sfp_pkt.h"
}

namespace {

using Bytes = std::vector<u8>;

void put32(Bytes &b, u32 v)
{
	b.push_back(v >> 24);
	b.push_back(v >> 16);
	b.push_back(v >> 8);
	b.push_back(v);
}

// label, traffic class 0, bottom-of-stack bit, TTL
u32 lse(u32 label, bool bos, u8 ttl = 64)
{
	return label << 12 | (bos ? 0x100 : 0) | ttl;
}

Bytes ipv4_udp(u16 id, u16 sport, std::string_view payload, u8 ihl_words = 5)
{
	Bytes p(ihl_words * 4, 0);
	size_t plen = payload.size();
	u16 tot = ihl_words * 4 + 8 + plen;

	p[0] = 0x40 | ihl_words;
	p[2] = tot >> 8;
	p[3] = tot;
	p[4] = id >> 8;
	p[5] = id;
	p[8] = 64;	// TTL
	p[9] = 17;
	const u8 addrs[8] = {10, 0, 1, 1, 10, 0, 2, 1};
	memcpy(&p[12], addrs, 8);
	const u8 udp[8] = {(u8)(sport >> 8), (u8)sport, 0x1b, 0x58,
			   (u8)((8 + plen) >> 8), (u8)(8 + plen), 0, 0};
	p.insert(p.end(), udp, udp + 8);
	p.insert(p.end(), payload.begin(), payload.end());
	return p;
}

Bytes stack(std::initializer_list<u32> labels)
{
	Bytes b;
	size_t i = 0;

	for (u32 l : labels)
		put32(b, lse(l, ++i == labels.size()));
	return b;
}

Bytes cat(Bytes a, const Bytes &b)
{
	a.insert(a.end(), b.begin(), b.end());
	return a;
}

TEST(MplsParse, FindsBottomOfStackAndInnerVersion)
{
	Bytes f = cat(stack({100, 200, 300}), ipv4_udp(1, 5000, "x"));
	sfp_mpls_stack st{};

	ASSERT_EQ(sfp_mpls_parse(f.data(), f.size(), 16, &st), SFP_PARSE_OK);
	EXPECT_EQ(st.n_lse, 3u);
	EXPECT_EQ(st.inner_version, 4u);
}

TEST(MplsParse, DepthLimitIsTooBigButTruncationIsMalformed)
{
	Bytes f = cat(stack({1, 2, 3, 4, 5}), ipv4_udp(1, 5000, "x"));
	sfp_mpls_stack st{};

	EXPECT_EQ(sfp_mpls_parse(f.data(), f.size(), 4, &st), SFP_PARSE_TOO_BIG);
	EXPECT_EQ(sfp_mpls_parse(f.data(), f.size(), 5, &st), SFP_PARSE_OK);
	Bytes no_bos;
	put32(no_bos, lse(100, false));
	EXPECT_EQ(sfp_mpls_parse(no_bos.data(), no_bos.size(), 16, &st),
		  SFP_PARSE_MALFORMED);
	Bytes runt = {0x00, 0x06};
	EXPECT_EQ(sfp_mpls_parse(runt.data(), runt.size(), 16, &st),
		  SFP_PARSE_MALFORMED);
}

TEST(MplsParse, PayloadMustBeIp)
{
	sfp_mpls_stack st{};
	Bytes not_ip = cat(stack({100}), Bytes(40, 0));
	EXPECT_EQ(sfp_mpls_parse(not_ip.data(), not_ip.size(), 16, &st),
		  SFP_PARSE_MALFORMED);
	Bytes short_v4 = cat(stack({100}), Bytes{0x45, 0, 0, 0});
	EXPECT_EQ(sfp_mpls_parse(short_v4.data(), short_v4.size(), 16, &st),
		  SFP_PARSE_MALFORMED);
	Bytes v6 = cat(stack({100}), Bytes(40, 0));
	v6[4] = 0x60;
	EXPECT_EQ(sfp_mpls_parse(v6.data(), v6.size(), 16, &st), SFP_PARSE_OK);
	EXPECT_EQ(st.inner_version, 6u);
}

TEST(MplsRewrite, DecrementsOnlyTheNewTop)
{
	Bytes s = stack({100, 200, 300});
	s[3] = 9;	// TTLs: 9, 64, 64
	ASSERT_EQ(sfp_mpls_rewrite(s.data(), 3, 1, true), 0);
	EXPECT_EQ(s[3], 9);
	EXPECT_EQ(s[7], 63);
	EXPECT_EQ(s[11], 64);
}

TEST(MplsRewrite, TtlRunsOutOrIsCopied)
{
	Bytes s = stack({100, 200});
	s[7] = 1;
	EXPECT_EQ(sfp_mpls_rewrite(s.data(), 2, 1, true), -1);
	EXPECT_EQ(sfp_mpls_rewrite(s.data(), 2, 1, false), 0);
	EXPECT_EQ(s[7], 1);
	// popping everything leaves nothing to rewrite
	EXPECT_EQ(sfp_mpls_rewrite(s.data(), 2, 2, true), 0);
}

TEST(HeaderKey, IgnoresTtlAndChecksumButNotTheId)
{
	Bytes a = ipv4_udp(7, 5000, "hello"), b = a, c = ipv4_udp(8, 5000, "hello");
	b[8] = 3;	// TTL
	b[10] = 0xab;	// IP checksum
	b[a.size() - 5 - 2] = 0x12;	// UDP checksum
	sfp_key ka, kb, kc;

	ASSERT_TRUE(sfp_key_from_ip(a.data(), a.size(), &ka));
	ASSERT_TRUE(sfp_key_from_ip(b.data(), b.size(), &kb));
	ASSERT_TRUE(sfp_key_from_ip(c.data(), c.size(), &kc));
	EXPECT_EQ(memcmp(&ka, &kb, sizeof(ka)), 0);
	EXPECT_NE(memcmp(&ka, &kc, sizeof(ka)), 0);
}

TEST(HeaderKey, HonoursIhlAndIgnoresEthernetPadding)
{
	Bytes opt = ipv4_udp(7, 5000, "hello", 6), plain = ipv4_udp(7, 5000, "hello");
	Bytes padded = plain;
	padded.resize(plain.size() + 10, 0);
	sfp_key k1, k2, k3;

	ASSERT_TRUE(sfp_key_from_ip(opt.data(), opt.size(), &k1));
	ASSERT_TRUE(sfp_key_from_ip(plain.data(), plain.size(), &k2));
	ASSERT_TRUE(sfp_key_from_ip(padded.data(), padded.size(), &k3));
	// the options do not shift where ports and payload are read
	EXPECT_EQ(memcmp(&k1.w[3], &k2.w[3], sizeof(u32) * 4), 0);
	EXPECT_EQ(memcmp(&k2, &k3, sizeof(k2)), 0);
}

TEST(HeaderKey, RtpPacketsOfOneFrameDiffer)
{
	// RTP v2, same timestamp (one video frame), sequence 1 and 2
	const char p1[] = "\x80\x60\x00\x01TTTTSSSSpayload";
	const char p2[] = "\x80\x60\x00\x02TTTTSSSSpayload";
	Bytes a = ipv4_udp(0, 5004, {p1, sizeof(p1) - 1});
	Bytes b = ipv4_udp(0, 5004, {p2, sizeof(p2) - 1});
	sfp_key ka, kb;

	ASSERT_TRUE(sfp_key_from_ip(a.data(), a.size(), &ka));
	ASSERT_TRUE(sfp_key_from_ip(b.data(), b.size(), &kb));
	EXPECT_NE(memcmp(&ka, &kb, sizeof(ka)), 0);
}

TEST(HeaderKey, TcpTimestampsSeparateDuplicateAcks)
{
	Bytes ip(40, 0);
	ip[0] = 0x60;
	ip[5] = 32;	// payload length: TCP header with 12 bytes of options
	ip[6] = 6;
	ip[7] = 64;
	Bytes tcp(32, 0);
	tcp[12] = 8 << 4;	// data offset 32
	tcp[13] = 0x10;		// ACK
	tcp[20] = 1;
	tcp[21] = 1;
	tcp[22] = 8;		// timestamp option
	tcp[23] = 10;
	Bytes a = cat(ip, tcp), b = a;
	b[40 + 27] = 1;		// another TSval
	sfp_key ka, kb;

	ASSERT_TRUE(sfp_key_from_ip(a.data(), a.size(), &ka));
	ASSERT_TRUE(sfp_key_from_ip(b.data(), b.size(), &kb));
	EXPECT_NE(memcmp(&ka, &kb, sizeof(ka)), 0);
	b[7] = 3;		// hop limit is not part of the key
	b[40 + 27] = 0;
	ASSERT_TRUE(sfp_key_from_ip(b.data(), b.size(), &kb));
	EXPECT_EQ(memcmp(&ka, &kb, sizeof(ka)), 0);
}

// The kernel reads keys from the linear part of an skb, whose size differs
// between ingress and egress (a forwarded TCP segment is pulled to another
// length than it arrived with): the key must depend only on the headers and
// the first 32 payload bytes, never on how much of the rest is readable.
TEST(HeaderKey, SameWhateverPartOfThePacketIsLinear)
{
	const std::string payload(1400, 'p');
	Bytes udp = ipv4_udp(7, 5000, payload);
	Bytes tcp(20 + 20, 0);
	tcp[0] = 0x45;
	tcp[2] = (20 + 20 + 1400) >> 8;
	tcp[3] = (u8)(20 + 20 + 1400);
	tcp[9] = 6;
	tcp[20 + 12] = 5 << 4;	// data offset 20
	tcp[20 + 13] = 0x18;	// PSH, ACK
	tcp.insert(tcp.end(), payload.begin(), payload.end());
	sfp_key full, part;

	for (const Bytes *p : {&udp, &tcp}) {
		ASSERT_TRUE(sfp_key_from_ip(p->data(), p->size(), &full));
		for (size_t n = 20 + 20 + 32; n < p->size(); n += 97) {
			ASSERT_TRUE(sfp_key_from_ip(p->data(), n, &part));
			EXPECT_EQ(memcmp(&full, &part, sizeof(full)), 0) << n;
		}
	}
}

TEST(HeaderKey, RejectsWhatIsNotIp)
{
	sfp_key k;
	Bytes junk(40, 0);

	EXPECT_FALSE(sfp_key_from_ip(junk.data(), junk.size(), &k));
	EXPECT_FALSE(sfp_key_from_ip(junk.data(), 0, &k));
	Bytes v4 = ipv4_udp(1, 1, "x");
	v4[2] = 0;
	v4[3] = 10;	// total length below the header length
	EXPECT_FALSE(sfp_key_from_ip(v4.data(), v4.size(), &k));
}

TEST(IdKey, SeparateFromHeaderKeys)
{
	sfp_key a, b;

	sfp_key_from_id(5, &a);
	sfp_key_from_id(6, &b);
	EXPECT_NE(memcmp(&a, &b, sizeof(a)), 0);
	EXPECT_EQ(a.w[0], SFP_KEY_TAG_ID);
}

} // namespace
