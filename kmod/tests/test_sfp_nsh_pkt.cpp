// SPDX-License-Identifier: GPL-2.0
// Unit tests of the module's NSH packet code (kmod/sfp_nsh_pkt.c), built in
// user space: header building and parsing, every rejection reason, the
// egress SI/TTL rewrite, and header-mode keys of NSH payloads.
#include <gtest/gtest.h>

#include <cstring>
#include <string_view>
#include <vector>

extern "C" {
#include "sfp_nsh_pkt.h"
}

namespace {

using Bytes = std::vector<u8>;

Bytes cat(Bytes a, const Bytes &b)
{
	a.insert(a.end(), b.begin(), b.end());
	return a;
}

u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

// IPv4 + UDP with addresses 192.0.2.1 -> 198.51.100.1
Bytes ipv4_udp(u16 id, std::string_view payload, u8 ihl_words = 5)
{
	Bytes p(ihl_words * 4, 0);
	u16 tot = ihl_words * 4 + 8 + payload.size();

	p[0] = 0x40 | ihl_words;
	p[2] = tot >> 8;
	p[3] = tot;
	p[4] = id >> 8;
	p[5] = id;
	p[8] = 64;
	p[9] = 17;
	const u8 addrs[8] = {192, 0, 2, 1, 198, 51, 100, 1};
	memcpy(&p[12], addrs, 8);
	const u8 udp[8] = {0x13, 0x88, 0x1b, 0x58, 0, (u8)(8 + payload.size()),
			   0, 0};
	p.insert(p.end(), udp, udp + 8);
	p.insert(p.end(), payload.begin(), payload.end());
	return p;
}

// IPv6 + ICMPv6 echo request
Bytes ipv6_icmp(u16 seq)
{
	Bytes p(48, 0);

	p[0] = 0x60;
	p[5] = 8;
	p[6] = 58;
	p[7] = 64;
	p[8] = 0x20;
	p[9] = 0x01;
	p[23] = 1;
	p[24] = 0x20;
	p[25] = 0x01;
	p[39] = 2;
	p[40] = 128;
	p[46] = seq >> 8;
	p[47] = seq;
	return p;
}

Bytes eth(u16 type, const Bytes &payload, u8 mac_seed = 1)
{
	Bytes e(12, mac_seed);

	e.push_back(type >> 8);
	e.push_back(type);
	return cat(e, payload);
}

Bytes eth_vlan(u16 tpid, u16 vid, u16 type, const Bytes &payload)
{
	Bytes e(12, 0xaa);

	e.push_back(tpid >> 8);
	e.push_back(tpid);
	e.push_back(vid >> 8);
	e.push_back(vid);
	e.push_back(type >> 8);
	e.push_back(type);
	return cat(e, payload);
}

sfp_nsh_spec md1_spec(u32 spi = 0x123456, u8 si = 255,
		      u8 np = SFP_NSH_NP_IPV4)
{
	sfp_nsh_spec s{};

	s.spi = spi;
	s.si = si;
	s.next_proto = np;
	s.md_type = SFP_NSH_MD_TYPE1;
	s.md1_ctx[0] = 0x01020304;
	s.md1_ctx[1] = 0x05060708;
	s.md1_ctx[2] = 0x090a0b0c;
	s.md1_ctx[3] = 0x0d0e0f10;
	return s;
}

sfp_nsh_spec md2_spec(const std::vector<sfp_nsh_tlv> &tlvs,
		      u8 np = SFP_NSH_NP_IPV4)
{
	sfp_nsh_spec s{};

	s.spi = 42;
	s.si = 10;
	s.ttl = 5;
	s.next_proto = np;
	s.md_type = SFP_NSH_MD_TYPE2;
	s.tlv = tlvs.data();
	s.n_tlv = tlvs.size();
	return s;
}

Bytes build(const sfp_nsh_spec &s)
{
	Bytes b(SFP_NSH_MAX_HDR);
	int len = sfp_nsh_build(b.data(), b.size(), &s);

	EXPECT_GT(len, 0);
	b.resize(len > 0 ? len : 0);
	return b;
}

sfp_nsh_result parse(const Bytes &f, sfp_nsh_hdr *h = nullptr,
		     unsigned int max_hdr = SFP_NSH_MAX_HDR)
{
	sfp_nsh_hdr tmp{};

	return sfp_nsh_parse(f.data(), f.size(), max_hdr, h ? h : &tmp);
}

u8 ttl_of(const Bytes &h)
{
	return (h[0] & 0x0f) << 2 | h[1] >> 6;
}

// value bytes 0, 1, 2, ... offset by @seed
Bytes pattern(size_t n, u8 seed)
{
	Bytes v(n);

	for (size_t i = 0; i < n; i++)
		v[i] = seed + i;
	return v;
}

TEST(NshBuild, Md1WireFormat)
{
	Bytes h = build(md1_spec());

	ASSERT_EQ(h.size(), 24u);
	// version 0, O 0, TTL 63, length 6, MD type 1, next protocol IPv4
	EXPECT_EQ(be32(&h[0]), 0x0fc60101u);
	EXPECT_EQ(be32(&h[4]), 0x123456ffu);
	EXPECT_EQ(be32(&h[8]), 0x01020304u);
	EXPECT_EQ(be32(&h[20]), 0x0d0e0f10u);
}

TEST(NshBuild, Md1RoundTrip)
{
	for (u8 np : {SFP_NSH_NP_IPV4, SFP_NSH_NP_IPV6, SFP_NSH_NP_ETH}) {
		sfp_nsh_spec s = md1_spec(0xfedcba, 7, np);
		s.ttl = 33;
		Bytes payload = np == SFP_NSH_NP_IPV4 ? ipv4_udp(1, "x") :
				np == SFP_NSH_NP_IPV6 ? ipv6_icmp(1) :
				eth(0x0800, ipv4_udp(1, "x"));
		Bytes hdr = build(s), f = cat(hdr, payload);
		sfp_nsh_hdr h{};

		ASSERT_EQ(parse(f, &h), SFP_NSH_OK) << int(np);
		EXPECT_EQ(h.hdr_len, 24u);
		EXPECT_EQ(h.md_type, SFP_NSH_MD_TYPE1);
		EXPECT_EQ(h.next_proto, np);
		EXPECT_EQ(h.spi, 0xfedcbau);
		EXPECT_EQ(h.si, 7);
		EXPECT_EQ(h.ttl, 33);
		EXPECT_FALSE(h.oam);
		EXPECT_EQ(h.n_tlv, 0u);
	}
}

TEST(NshBuild, Md2TlvsPreservedByteForByte)
{
	// every padding case, the 7-bit maximum, a critical type, class 0xffff
	Bytes v[6] = {{}, pattern(1, 0x10), pattern(3, 0x20),
		      pattern(4, 0x30), pattern(5, 0x40), pattern(52, 0x50)};
	std::vector<sfp_nsh_tlv> tlvs;
	u8 types[6] = {0x00, 0x7f, 0x80, 0xff, 0x01, 0x02};
	u16 classes[6] = {0x0000, 0x0101, 0xffff, 0x0002, 0x1234, 0x0006};

	for (int i = 0; i < 6; i++)
		tlvs.push_back({classes[i], types[i], (u8)v[i].size(),
				v[i].data()});
	Bytes hdr = build(md2_spec(tlvs));
	// 8 + (4+0) + (4+4) + (4+4) + (4+4) + (4+8) + (4+52)
	ASSERT_EQ(hdr.size(), 104u);
	EXPECT_EQ(hdr[1] & 0x3f, 104 / 4);
	EXPECT_EQ(hdr[2], SFP_NSH_MD_TYPE2);

	size_t off = 8;
	for (int i = 0; i < 6; i++) {
		SCOPED_TRACE(i);
		EXPECT_EQ(hdr[off], classes[i] >> 8);
		EXPECT_EQ(hdr[off + 1], classes[i] & 0xff);
		EXPECT_EQ(hdr[off + 2], types[i]);
		EXPECT_EQ(hdr[off + 3], v[i].size());
		EXPECT_TRUE(std::equal(v[i].begin(), v[i].end(),
				       hdr.begin() + off + 4));
		size_t padded = (v[i].size() + 3) & ~3UL;
		for (size_t k = v[i].size(); k < padded; k++)
			EXPECT_EQ(hdr[off + 4 + k], 0) << "padding";
		off += 4 + padded;
	}
	EXPECT_EQ(off, hdr.size());

	Bytes f = cat(hdr, ipv6_icmp(3));
	f[3] = SFP_NSH_NP_IPV6;
	sfp_nsh_hdr h{};
	ASSERT_EQ(parse(f, &h), SFP_NSH_OK);
	EXPECT_EQ(h.hdr_len, 104u);
	EXPECT_EQ(h.n_tlv, 6u);
	EXPECT_EQ(h.spi, 42u);
	EXPECT_EQ(h.si, 10);
	EXPECT_EQ(h.ttl, 5);
}

TEST(NshBuild, Md2WithoutTlvsIsTwoWords)
{
	Bytes hdr = build(md2_spec({}));
	sfp_nsh_hdr h{};

	ASSERT_EQ(hdr.size(), 8u);
	ASSERT_EQ(parse(cat(hdr, ipv4_udp(1, "")), &h), SFP_NSH_OK);
	EXPECT_EQ(h.hdr_len, 8u);
	EXPECT_EQ(h.n_tlv, 0u);
}

TEST(NshBuild, LongestHeaderIs252Bytes)
{
	Bytes a(124, 0xa5), b(112, 0x5a);
	std::vector<sfp_nsh_tlv> tlvs = {{1, 1, 124, a.data()},
					 {2, 2, 112, b.data()}};
	Bytes hdr = build(md2_spec(tlvs));
	Bytes f = cat(hdr, ipv4_udp(1, "x"));

	ASSERT_EQ(hdr.size(), 252u);
	EXPECT_EQ(hdr[1] & 0x3f, 63);
	EXPECT_EQ(parse(f), SFP_NSH_OK);
	// a cap below it makes a complete header "too big", not malformed
	EXPECT_EQ(parse(f, nullptr, 248), SFP_NSH_TOO_BIG);
	EXPECT_EQ(parse(f, nullptr, 1000), SFP_NSH_OK);

	// one more value byte needs a 64th word, which the field cannot say
	tlvs[1].len = 113;
	Bytes buf(512);
	sfp_nsh_spec s = md2_spec(tlvs);
	EXPECT_EQ(sfp_nsh_build(buf.data(), buf.size(), &s), -EMSGSIZE);
}

TEST(NshBuild, RejectsFieldsOutOfRange)
{
	Bytes buf(SFP_NSH_MAX_HDR);
	auto try_build = [&](const sfp_nsh_spec &s) {
		return sfp_nsh_build(buf.data(), buf.size(), &s);
	};
	sfp_nsh_spec s;

	s = md1_spec();
	s.spi = 0x1000000;
	EXPECT_EQ(try_build(s), -EINVAL);
	s = md1_spec(SFP_NSH_SPI_MAX);
	EXPECT_EQ(try_build(s), 24);
	s = md1_spec(1, 0);
	EXPECT_EQ(try_build(s), -EINVAL) << "SI 0";
	s = md1_spec();
	s.ttl = 64;
	EXPECT_EQ(try_build(s), -EINVAL);
	s.ttl = 63;
	EXPECT_EQ(try_build(s), 24);
	for (u8 md : {0, 3, 0xf}) {
		s = md1_spec();
		s.md_type = md;
		EXPECT_EQ(try_build(s), -EINVAL) << int(md);
	}
	for (u8 np : {0, 4, 5, 0xfe, 0xff}) {
		s = md1_spec(1, 1, np);
		EXPECT_EQ(try_build(s), -EINVAL) << int(np);
	}
	Bytes v(128, 1);
	std::vector<sfp_nsh_tlv> tlvs = {{1, 1, 128, v.data()}};
	EXPECT_EQ(try_build(md2_spec(tlvs)), -EINVAL) << "TLV value > 127";
	tlvs[0].len = 127;
	EXPECT_EQ(try_build(md2_spec(tlvs)), 8 + 4 + 128);
}

TEST(NshBuild, DefaultTtlIs63)
{
	sfp_nsh_spec s = md1_spec();
	sfp_nsh_hdr h{};

	s.ttl = 0;
	ASSERT_EQ(parse(cat(build(s), ipv4_udp(1, "")), &h), SFP_NSH_OK);
	EXPECT_EQ(h.ttl, SFP_NSH_TTL_DEFAULT);
	EXPECT_EQ(SFP_NSH_TTL_DEFAULT, 63);
}

TEST(NshBuild, BufferTooSmallWritesNothing)
{
	Bytes v = pattern(9, 1);
	std::vector<sfp_nsh_tlv> tlvs = {{7, 7, 9, v.data()}};
	sfp_nsh_spec s = md2_spec(tlvs);
	Bytes buf(32, 0xee);

	// 8 + 4 + 12 = 24 bytes
	EXPECT_EQ(sfp_nsh_build(buf.data(), 23, &s), -ENOSPC);
	EXPECT_EQ(buf, Bytes(32, 0xee));
	EXPECT_EQ(sfp_nsh_build(buf.data(), 24, &s), 24);
	EXPECT_EQ(buf[24], 0xee);
	s = md1_spec();
	EXPECT_EQ(sfp_nsh_build(buf.data(), 0, &s), -ENOSPC);
}

TEST(NshParse, BadVersion)
{
	Bytes f = cat(build(md1_spec()), ipv4_udp(1, "x"));

	for (u8 ver = 1; ver < 4; ver++) {
		Bytes g = f;
		g[0] |= ver << 6;
		EXPECT_EQ(parse(g), SFP_NSH_BAD_VERSION) << int(ver);
	}
}

TEST(NshParse, UnknownMdTypes)
{
	Bytes f = cat(build(md1_spec()), ipv4_udp(1, "x"));

	for (u8 md = 0; md < 16; md++) {
		if (md == 1 || md == 2)
			continue;
		Bytes g = f;
		g[2] = md;
		EXPECT_EQ(parse(g), SFP_NSH_BAD_MDTYPE) << int(md);
	}
	// the unassigned bits above the MD type are ignored
	Bytes g = f;
	g[2] |= 0xf0;
	EXPECT_EQ(parse(g), SFP_NSH_OK);
}

TEST(NshParse, Md1LengthMustBeSixWords)
{
	// the frame is long enough for any of these lengths
	Bytes f = cat(build(md1_spec()), ipv4_udp(1, "xxxxxxxxxxxxxxxxxxxx"));

	for (u8 words = 0; words < 64; words++) {
		Bytes g = f;
		g[1] = (g[1] & 0xc0) | words;
		EXPECT_EQ(parse(g), words == 6 ? SFP_NSH_OK : SFP_NSH_MALFORMED)
			<< int(words);
	}
}

TEST(NshParse, Md2LengthAtLeastTwoWords)
{
	Bytes f = cat(build(md2_spec({})), ipv4_udp(1, "x"));

	for (u8 words : {0, 1}) {
		Bytes g = f;
		g[1] = (g[1] & 0xc0) | words;
		EXPECT_EQ(parse(g), SFP_NSH_MALFORMED) << int(words);
	}
}

TEST(NshParse, Md2TlvOverrunsHeader)
{
	Bytes v = pattern(8, 1);
	std::vector<sfp_nsh_tlv> tlvs = {{1, 1, 4, v.data()},
					 {2, 2, 8, v.data()}};
	Bytes hdr = build(md2_spec(tlvs));	// 8 + 8 + 12 = 28
	Bytes pl = ipv4_udp(1, "0123456789abcdef");

	ASSERT_EQ(parse(cat(hdr, pl)), SFP_NSH_OK);
	// the last TLV's value says 8 bytes, the header ends 4 bytes early
	Bytes g = cat(hdr, pl);
	g[1] = (g[1] & 0xc0) | 6;
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// a value length reaching into the padding word that is not there
	g = cat(hdr, pl);
	g[16 + 3] = 9;
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// only the 7 length bits count: the U bit above them is ignored
	g = cat(hdr, pl);
	g[16 + 3] |= 0x80;
	EXPECT_EQ(parse(g), SFP_NSH_OK);
	// a first TLV claiming the maximum runs over everything
	g = cat(hdr, pl);
	g[8 + 3] = 127;
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
}

TEST(NshParse, Md2TlvsMustFillHeaderExactly)
{
	Bytes v = pattern(5, 1);
	std::vector<sfp_nsh_tlv> tlvs = {{1, 1, 5, v.data()}};
	Bytes hdr = build(md2_spec(tlvs));	// 8 + 4 + 8 = 20
	Bytes pl = ipv4_udp(1, "0123456789abcdef0123");
	Bytes g;

	ASSERT_EQ(hdr.size(), 20u);
	// a length one word longer takes the next 4 payload bytes as a TLV
	// header ("0x45 0x00 ..", length 0x?? & 0x7f): they must not overrun
	g = cat(hdr, pl);
	g[1] = (g[1] & 0xc0) | 6;
	g[20 + 3] = 0x01;	// a TLV of one byte value needs 8 more bytes
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// a header ending inside the TLV's value
	g = cat(hdr, pl);
	g[1] = (g[1] & 0xc0) | 4;
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// a header ending right after a TLV header with a non-zero length
	g = cat(hdr, pl);
	g[1] = (g[1] & 0xc0) | 3;
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// and a word of zeros is a well-formed empty TLV, so it is accepted
	Bytes z = cat(hdr, Bytes(4, 0));
	z[1] = (z[1] & 0xc0) | 6;
	sfp_nsh_hdr h{};
	ASSERT_EQ(parse(cat(z, pl), &h), SFP_NSH_OK);
	EXPECT_EQ(h.n_tlv, 2u);
}

TEST(NshParse, TruncatedAtEveryLength)
{
	Bytes v = pattern(6, 1);
	std::vector<sfp_nsh_tlv> tlvs = {{1, 1, 6, v.data()}, {3, 3, 0, nullptr}};
	struct {
		Bytes hdr, payload;
		size_t min_payload;
	} cases[] = {
		{build(md1_spec()), ipv4_udp(1, "x", 6), 24},
		{build(md2_spec(tlvs, SFP_NSH_NP_IPV6)), ipv6_icmp(1), 40},
		{build(md2_spec(tlvs, SFP_NSH_NP_ETH)), eth(0x0806, Bytes(28, 1)),
		 14},
	};

	for (auto &c : cases) {
		Bytes f = cat(c.hdr, c.payload);
		size_t need = c.hdr.size() + c.min_payload;

		for (size_t len = 0; len <= f.size(); len++) {
			Bytes g(f.begin(), f.begin() + len);
			g.shrink_to_fit();	// so ASan sees every overread
			EXPECT_EQ(parse(g), len < need ? SFP_NSH_MALFORMED :
					    SFP_NSH_OK)
				<< "len " << len << " of " << f.size();
		}
	}
}

TEST(NshParse, TruncationBeatsTooBig)
{
	Bytes v(40, 1);
	std::vector<sfp_nsh_tlv> tlvs = {{1, 1, 40, v.data()}};
	Bytes f = cat(build(md2_spec(tlvs)), ipv4_udp(1, "x"));	// hdr 52

	EXPECT_EQ(parse(f, nullptr, 48), SFP_NSH_TOO_BIG);
	EXPECT_EQ(parse(f, nullptr, 52), SFP_NSH_OK);
	f.resize(51);
	EXPECT_EQ(parse(f, nullptr, 48), SFP_NSH_MALFORMED);
	// the cap is checked before the TLVs: a long header is refused even
	// when its TLVs are broken, as the cache could not hold it anyway
	f = cat(build(md2_spec(tlvs)), ipv4_udp(1, "x"));
	f[8 + 3] = 127;
	EXPECT_EQ(parse(f, nullptr, 48), SFP_NSH_TOO_BIG);
	EXPECT_EQ(parse(f, nullptr, 52), SFP_NSH_MALFORMED);
}

TEST(NshParse, BadNextProtocol)
{
	Bytes f = cat(build(md1_spec()), ipv4_udp(1, "x"));

	for (int np = 0; np < 256; np++) {
		if (np >= 1 && np <= 3)
			continue;
		Bytes g = f;
		g[3] = np;
		EXPECT_EQ(parse(g), SFP_NSH_BAD_NEXT_PROTO) << np;
	}
}

TEST(NshParse, PayloadMustBeWhatNextProtocolSays)
{
	Bytes hdr = build(md1_spec());
	Bytes g;

	for (u8 ihl = 0; ihl < 5; ihl++) {
		g = cat(hdr, ipv4_udp(1, "xxxxxxxxxxxxxxxxxxxx"));
		g[24] = 0x40 | ihl;
		EXPECT_EQ(parse(g), SFP_NSH_MALFORMED) << "IHL " << int(ihl);
	}
	// IHL 15 (60 bytes) but only 20 + 8 + 1 there
	g = cat(hdr, ipv4_udp(1, "x"));
	g[24] = 0x4f;
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// IPv6 where IPv4 is announced, and the other way round
	EXPECT_EQ(parse(cat(hdr, ipv6_icmp(1))), SFP_NSH_MALFORMED);
	g = cat(hdr, ipv4_udp(1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
	g[3] = SFP_NSH_NP_IPV6;
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// IPv6 needs its 40 bytes
	g = cat(hdr, ipv6_icmp(1));
	g[3] = SFP_NSH_NP_IPV6;
	EXPECT_EQ(parse(g), SFP_NSH_OK);
	g.resize(24 + 39);
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
	// Ethernet needs its 14
	g = cat(hdr, Bytes(14, 0));
	g[3] = SFP_NSH_NP_ETH;
	EXPECT_EQ(parse(g), SFP_NSH_OK);
	g.pop_back();
	EXPECT_EQ(parse(g), SFP_NSH_MALFORMED);
}

TEST(NshParse, OamAndUnassignedBitsAreIgnored)
{
	Bytes f = cat(build(md1_spec()), ipv4_udp(1, "x"));
	sfp_nsh_hdr h{};

	f[0] |= 0x20 | 0x10;	// O and U
	ASSERT_EQ(parse(f, &h), SFP_NSH_OK);
	EXPECT_TRUE(h.oam);
	EXPECT_EQ(h.ttl, 63);
}

TEST(NshRewrite, DecrementsSiAndTtlAndNothingElse)
{
	Bytes h = build(md1_spec(0xabcdef, 200));
	h[0] |= 0x30;		// O and U bits survive
	Bytes before = h;

	ASSERT_EQ(sfp_nsh_rewrite(h.data(), true), SFP_NSH_REWRITE_OK);
	EXPECT_EQ(h[7], 199);
	EXPECT_EQ(ttl_of(h), 62);
	EXPECT_EQ(h[0] & 0xf0, before[0] & 0xf0);
	EXPECT_EQ(h[1] & 0x3f, 6);
	for (size_t i = 2; i < 7; i++)
		EXPECT_EQ(h[i], before[i]) << i;
	for (size_t i = 8; i < h.size(); i++)
		EXPECT_EQ(h[i], before[i]) << i;
}

TEST(NshRewrite, EveryTtlValue)
{
	for (u8 ttl = 0; ttl < 64; ttl++) {
		sfp_nsh_spec s = md1_spec(1, 9);
		Bytes h = build(s);
		h[0] = (h[0] & 0xf0) | ttl >> 2;
		h[1] = (h[1] & 0x3f) | (ttl & 3) << 6;
		Bytes before = h;

		if (ttl <= 1) {
			EXPECT_EQ(sfp_nsh_rewrite(h.data(), true),
				  SFP_NSH_TTL_EXPIRED) << int(ttl);
			EXPECT_EQ(h, before) << "dropped headers stay as they are";
		} else {
			EXPECT_EQ(sfp_nsh_rewrite(h.data(), true),
				  SFP_NSH_REWRITE_OK);
			EXPECT_EQ(ttl_of(h), ttl - 1);
			EXPECT_EQ(h[1] & 0x3f, 6);
			EXPECT_EQ(h[7], 8);
		}
	}
}

TEST(NshRewrite, SiOneOrZeroIsDropped)
{
	for (u8 si : {0, 1}) {
		Bytes h = build(md1_spec(1, 2));
		h[7] = si;
		Bytes before = h;
		EXPECT_EQ(sfp_nsh_rewrite(h.data(), true), SFP_NSH_SI_EXPIRED);
		EXPECT_EQ(sfp_nsh_rewrite(h.data(), false), SFP_NSH_SI_EXPIRED);
		EXPECT_EQ(h, before);
	}
	Bytes h = build(md1_spec(1, 2));
	ASSERT_EQ(sfp_nsh_rewrite(h.data(), true), SFP_NSH_REWRITE_OK);
	EXPECT_EQ(h[7], 1);
	// and the next hop would drop it
	EXPECT_EQ(sfp_nsh_rewrite(h.data(), true), SFP_NSH_SI_EXPIRED);
}

TEST(NshRewrite, SiIsCheckedBeforeTtl)
{
	Bytes h = build(md1_spec(1, 1));

	h[0] &= 0xf0;
	h[1] = (h[1] & 0x3f) | 1 << 6;	// TTL 1
	EXPECT_EQ(sfp_nsh_rewrite(h.data(), true), SFP_NSH_SI_EXPIRED);
	h[7] = 2;
	EXPECT_EQ(sfp_nsh_rewrite(h.data(), true), SFP_NSH_TTL_EXPIRED);
}

TEST(NshRewrite, TtlLeftAloneWhenNotAsked)
{
	Bytes h = build(md1_spec(1, 5));

	h[0] &= 0xf0;
	h[1] = (h[1] & 0x3f) | 1 << 6;	// TTL 1
	ASSERT_EQ(sfp_nsh_rewrite(h.data(), false), SFP_NSH_REWRITE_OK);
	EXPECT_EQ(h[7], 4);
	EXPECT_EQ(ttl_of(h), 1);
}

TEST(NshRewrite, Md2TlvsUntouched)
{
	Bytes v = pattern(13, 0x61);
	std::vector<sfp_nsh_tlv> tlvs = {{0x0102, 3, 13, v.data()}};
	Bytes h = build(md2_spec(tlvs)), before = h;

	ASSERT_EQ(sfp_nsh_rewrite(h.data(), true), SFP_NSH_REWRITE_OK);
	EXPECT_TRUE(std::equal(h.begin() + 8, h.end(), before.begin() + 8));
	EXPECT_EQ(h[7], 9);
	EXPECT_EQ(ttl_of(h), 4);
}

TEST(NshDecTtl, EveryTtlValueAndNothingElse)
{
	for (u8 ttl = 0; ttl < 64; ttl++) {
		Bytes h = build(md1_spec(0x123456, 9));
		h[0] = (h[0] & 0xf0) | 0x30 | ttl >> 2;	// O and U set too
		h[1] = (h[1] & 0x3f) | (ttl & 3) << 6;
		Bytes before = h;

		if (ttl <= 1) {
			EXPECT_FALSE(sfp_nsh_dec_ttl(h.data())) << int(ttl);
			EXPECT_EQ(h, before) << "dropped headers stay as they are";
			continue;
		}
		ASSERT_TRUE(sfp_nsh_dec_ttl(h.data())) << int(ttl);
		EXPECT_EQ(ttl_of(h), ttl - 1);
		EXPECT_EQ(h[0] & 0xf0, before[0] & 0xf0);
		EXPECT_EQ(h[1] & 0x3f, before[1] & 0x3f);
		// the SI is the function's to decrement, not the forwarder's
		for (size_t i = 2; i < h.size(); i++)
			EXPECT_EQ(h[i], before[i]) << i;
	}
}

TEST(NshDecTtl, LoopEndsWithinTheInitialTtl)
{
	Bytes h = build(md1_spec(1, 9));
	int hops = 0;

	while (sfp_nsh_dec_ttl(h.data()))
		hops++;
	EXPECT_EQ(hops, 62);	// 63 down to 1, the next one would be 0
	EXPECT_EQ(ttl_of(h), 1);
}

TEST(NshPathKey, PacksSpiAndSiLikeTheWire)
{
	Bytes h = build(md1_spec(0x00abcd, 0x42));
	sfp_nsh_hdr p{};

	ASSERT_EQ(parse(cat(h, ipv4_udp(1, "")), &p), SFP_NSH_OK);
	EXPECT_EQ(sfp_nsh_path_key(p.spi, p.si), 0x00abcd42u);
	EXPECT_EQ(sfp_nsh_path_key(p.spi, p.si), be32(&h[4]));
	EXPECT_EQ(sfp_nsh_path_key(0xffffff, 255), 0xffffffffu);
	EXPECT_EQ(sfp_nsh_path_key(0x1000001, 1), 0x101u) << "SPI is 24 bits";
	EXPECT_EQ(sfp_nsh_path_spi(0x00abcd42), 0xabcdu);
	EXPECT_EQ(sfp_nsh_path_si(0x00abcd42), 0x42);
	EXPECT_NE(sfp_nsh_path_key(1, 2), sfp_nsh_path_key(2, 1));
}

bool same(const sfp_key &a, const sfp_key &b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

TEST(NshKey, IpPayloadsKeyLikeSfpKeyFromIp)
{
	Bytes v4 = ipv4_udp(77, "hello"), v6 = ipv6_icmp(9);
	sfp_key k, ref;

	ASSERT_TRUE(sfp_key_from_ip(v4.data(), v4.size(), &ref));
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_IPV4, v4.data(),
					     v4.size(), &k));
	EXPECT_TRUE(same(k, ref));
	ASSERT_TRUE(sfp_key_from_ip(v6.data(), v6.size(), &ref));
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_IPV6, v6.data(),
					     v6.size(), &k));
	EXPECT_TRUE(same(k, ref));
	// the version must match the next protocol
	EXPECT_FALSE(sfp_nsh_key_from_payload(SFP_NSH_NP_IPV4, v6.data(),
					      v6.size(), &k));
	EXPECT_FALSE(sfp_nsh_key_from_payload(SFP_NSH_NP_IPV6, v4.data(),
					      v4.size(), &k));
	EXPECT_FALSE(sfp_nsh_key_from_payload(SFP_NSH_NP_IPV4, v4.data(), 0,
					      &k));
	EXPECT_FALSE(sfp_nsh_key_from_payload(4, v4.data(), v4.size(), &k));
	EXPECT_FALSE(sfp_nsh_key_from_payload(0, v4.data(), v4.size(), &k));
}

TEST(NshKey, EthernetPayloadKeysLikeItsIpPacket)
{
	Bytes v4 = ipv4_udp(78, "hello"), v6 = ipv6_icmp(10);
	struct {
		Bytes frame, ip;
	} cases[] = {
		{eth(0x0800, v4), v4},
		{eth(0x86dd, v6), v6},
		{eth_vlan(0x8100, 100, 0x0800, v4), v4},
		{eth_vlan(0x8100, 4095, 0x86dd, v6), v6},
		{eth_vlan(0x88a8, 7, 0x0800, v4), v4},
	};

	for (auto &c : cases) {
		sfp_key k, ref;

		ASSERT_TRUE(sfp_key_from_ip(c.ip.data(), c.ip.size(), &ref));
		ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH,
						     c.frame.data(),
						     c.frame.size(), &k));
		EXPECT_TRUE(same(k, ref));
	}
	// MAC addresses (a routing function rewrites them) are not keyed
	sfp_key a, b;
	Bytes f1 = eth(0x0800, v4, 1), f2 = eth(0x0800, v4, 2);
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, f1.data(),
					     f1.size(), &a));
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, f2.data(),
					     f2.size(), &b));
	EXPECT_TRUE(same(a, b));
	// nor minimum-frame padding after the IPv4 packet
	Bytes padded = f1;
	padded.resize(60 + 20, 0);
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, padded.data(),
					     padded.size(), &b));
	EXPECT_TRUE(same(a, b));
}

TEST(NshKey, NonIpEthernetUsesEtherTypeAndDigest)
{
	Bytes arp1 = pattern(28, 1), arp2 = pattern(28, 2);
	Bytes f1 = eth(0x0806, arp1), f2 = eth(0x0806, arp2);
	sfp_key a, b;

	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, f1.data(),
					     f1.size(), &a));
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, f2.data(),
					     f2.size(), &b));
	EXPECT_EQ(a.w[0], SFP_KEY_TAG_ETH | 0x0806);
	EXPECT_FALSE(same(a, b));
	for (int i = 2; i < SFP_KEY_WORDS; i++)
		EXPECT_EQ(a.w[i], 0u);
	// padding to the Ethernet minimum does not change the key
	Bytes padded = f1;
	padded.resize(60, 0);
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, padded.data(),
					     padded.size(), &b));
	EXPECT_TRUE(same(a, b));
	// the same body under another EtherType, or behind a tag, is keyed
	// by its EtherType and body alike
	Bytes other = eth(0x88cc, arp1), tagged = eth_vlan(0x8100, 5, 0x0806,
							   arp1);
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, other.data(),
					     other.size(), &b));
	EXPECT_FALSE(same(a, b));
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, tagged.data(),
					     tagged.size(), &b));
	EXPECT_TRUE(same(a, b));
	// and no IP key space is entered
	EXPECT_NE(a.w[0] & 0xff000000, SFP_KEY_TAG_IPV4);
	EXPECT_NE(a.w[0] & 0xff000000, SFP_KEY_TAG_IPV6);
	EXPECT_NE(a.w[0] & 0xff000000, SFP_KEY_TAG_ID);
}

TEST(NshKey, BrokenOrShortEthernet)
{
	sfp_key k;
	Bytes hdr_only = eth(0x0800, {});

	EXPECT_FALSE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, hdr_only.data(),
					      13, &k));
	// an IP EtherType over a broken IP header still gets a key
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, hdr_only.data(),
					     hdr_only.size(), &k));
	EXPECT_EQ(k.w[0], SFP_KEY_TAG_ETH | 0x0800);
	Bytes bad = eth(0x0800, ipv6_icmp(1));
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, bad.data(),
					     bad.size(), &k));
	EXPECT_EQ(k.w[0], SFP_KEY_TAG_ETH | 0x0800);
	// a tag with nothing after it
	Bytes tag = eth(0x8100, {0, 1});
	ASSERT_TRUE(sfp_nsh_key_from_payload(SFP_NSH_NP_ETH, tag.data(),
					     tag.size(), &k));
	EXPECT_EQ(k.w[0], SFP_KEY_TAG_ETH | 0x8100);
}

TEST(NshKey, FromAParsedFrame)
{
	Bytes v4 = ipv4_udp(5, "data");
	Bytes f = cat(build(md1_spec(9, 9, SFP_NSH_NP_ETH)),
		      eth_vlan(0x8100, 3, 0x0800, v4));
	sfp_nsh_hdr h{};
	sfp_key k, ref;

	ASSERT_EQ(parse(f, &h), SFP_NSH_OK);
	ASSERT_TRUE(sfp_nsh_key_from_payload(h.next_proto, f.data() + h.hdr_len,
					     f.size() - h.hdr_len, &k));
	ASSERT_TRUE(sfp_key_from_ip(v4.data(), v4.size(), &ref));
	EXPECT_TRUE(same(k, ref));
}

} // namespace
