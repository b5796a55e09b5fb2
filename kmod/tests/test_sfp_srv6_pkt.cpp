// SPDX-License-Identifier: GPL-2.0
// Unit tests of the module's SRH code (kmod/sfp_srv6_pkt.c), built in user
// space: what the parser accepts and every reason it refuses, and the
// rewrites of End.AD/End.AM (advance, masquerade) and End.AS (build).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include "sfp_srv6_pkt.h"
}

namespace {

using Bytes = std::vector<u8>;

Bytes addr(u8 last)
{
	Bytes a(16, 0);
	a[0] = 0xfc;
	a[15] = last;
	return a;
}

// IPv6 + SRH with segments (Segment List[0] first), SL, TLV bytes, and
// `payload` bytes of next header 4 after it.
Bytes srh_packet(const std::vector<Bytes> &segs, u8 sl, const Bytes &tlvs = {},
		 unsigned int payload = 20, u8 rtype = 4)
{
	unsigned int srh_len = 8 + 16 * segs.size() + tlvs.size();
	Bytes p(40, 0);

	p[0] = 0x60;
	p[4] = (srh_len + payload) >> 8;
	p[5] = srh_len + payload;
	p[6] = 43;
	p[7] = 64;
	Bytes da = segs[sl];
	std::memcpy(&p[24], da.data(), 16);
	Bytes srh = {4, (u8)(srh_len / 8 - 1), rtype, sl, (u8)(segs.size() - 1), 0, 0, 0};
	for (const auto &s : segs)
		srh.insert(srh.end(), s.begin(), s.end());
	srh.insert(srh.end(), tlvs.begin(), tlvs.end());
	p.insert(p.end(), srh.begin(), srh.end());
	p.resize(p.size() + payload, 0x45);
	return p;
}

TEST(Srh, GoodHeaderParses)
{
	Bytes p = srh_packet({addr(4), addr(1)}, 1);
	sfp_srh_info si;

	ASSERT_EQ(sfp_srh_parse(p.data(), p.size(), &si), SFP_SRH_OK);
	EXPECT_EQ(si.hdr_len, 40u + 8 + 32);
	EXPECT_EQ(si.nexthdr, 4);
	EXPECT_EQ(si.sl, 1);
	EXPECT_EQ(si.last_entry, 1);
}

TEST(Srh, TlvsMustTileTheRest)
{
	// PadN-like TLV of 6 bytes value: 8 bytes, the SRH stays 8-aligned
	Bytes good = srh_packet({addr(4), addr(1)}, 1, {0x81, 6, 1, 2, 3, 4, 5, 6});
	Bytes pad1 = srh_packet({addr(4), addr(1)}, 1, {0, 0, 0, 0, 0, 0, 0, 0});
	Bytes over = srh_packet({addr(4), addr(1)}, 1, {0x81, 9, 1, 2, 3, 4, 5, 6});
	Bytes half = srh_packet({addr(4), addr(1)}, 1, {0, 0, 0, 0, 0, 0, 0, 0x81});
	sfp_srh_info si;

	EXPECT_EQ(sfp_srh_parse(good.data(), good.size(), &si), SFP_SRH_OK);
	EXPECT_EQ(sfp_srh_parse(pad1.data(), pad1.size(), &si), SFP_SRH_OK);
	EXPECT_EQ(sfp_srh_parse(over.data(), over.size(), &si), SFP_SRH_MALFORMED);
	EXPECT_EQ(sfp_srh_parse(half.data(), half.size(), &si), SFP_SRH_MALFORMED);
}

TEST(Srh, EveryRefusal)
{
	sfp_srh_info si;
	Bytes p = srh_packet({addr(4), addr(1)}, 1);

	// truncated: fewer bytes than the SRH says
	EXPECT_EQ(sfp_srh_parse(p.data(), 40 + 24, &si), SFP_SRH_MALFORMED);
	EXPECT_EQ(sfp_srh_parse(p.data(), 30, &si), SFP_SRH_MALFORMED);
	// SL beyond the last entry
	Bytes sl = p;
	sl[40 + 3] = 2;
	EXPECT_EQ(sfp_srh_parse(sl.data(), sl.size(), &si), SFP_SRH_MALFORMED);
	// segment list longer than the SRH
	Bytes last = p;
	last[40 + 4] = 5;
	EXPECT_EQ(sfp_srh_parse(last.data(), last.size(), &si), SFP_SRH_MALFORMED);
	// payload length shorter than the SRH
	Bytes plen = p;
	plen[4] = 0;
	plen[5] = 16;
	EXPECT_EQ(sfp_srh_parse(plen.data(), plen.size(), &si), SFP_SRH_MALFORMED);
	// not IPv6
	Bytes v4 = p;
	v4[0] = 0x45;
	EXPECT_EQ(sfp_srh_parse(v4.data(), v4.size(), &si), SFP_SRH_MALFORMED);
	// another routing type, or no routing header at all
	Bytes rt3 = srh_packet({addr(4), addr(1)}, 1, {}, 20, 3);
	EXPECT_EQ(sfp_srh_parse(rt3.data(), rt3.size(), &si), SFP_SRH_NOT_SRH);
	Bytes udp = p;
	udp[6] = 17;
	EXPECT_EQ(sfp_srh_parse(udp.data(), udp.size(), &si), SFP_SRH_NOT_SRH);
}

TEST(Srh, AdvanceGoesToTheNextSegment)
{
	Bytes p = srh_packet({addr(4), addr(2), addr(1)}, 2);

	ASSERT_EQ(sfp_srh_advance(p.data()), 0);
	EXPECT_EQ(p[40 + 3], 1);
	EXPECT_EQ(std::memcmp(&p[24], addr(2).data(), 16), 0);
	EXPECT_EQ(p[7], 63);
	ASSERT_EQ(sfp_srh_advance(p.data()), 0);
	EXPECT_EQ(std::memcmp(&p[24], addr(4).data(), 16), 0);
	// SL 0: nothing to advance to, header unchanged
	Bytes before = p;
	EXPECT_EQ(sfp_srh_advance(p.data()), -EINVAL);
	EXPECT_EQ(p, before);
}

TEST(Srh, AdvanceStopsAtHopLimit)
{
	Bytes p = srh_packet({addr(4), addr(1)}, 1);
	p[7] = 1;
	Bytes before = p;
	EXPECT_EQ(sfp_srh_advance(p.data()), -ETIME);
	EXPECT_EQ(p, before);
}

TEST(Srh, MasqueradeSetsTheLastSegment)
{
	Bytes p = srh_packet({addr(4), addr(2), addr(1)}, 2);

	sfp_srh_masquerade(p.data());
	EXPECT_EQ(std::memcmp(&p[24], addr(4).data(), 16), 0);
	EXPECT_EQ(p[40 + 3], 2);	// SL untouched
}

TEST(Srh, BuiltHeaderParsesBack)
{
	Bytes src = addr(9), segs;
	for (u8 i : {7, 8, 9}) {
		Bytes a = addr(i);
		segs.insert(segs.end(), a.begin(), a.end());
	}
	Bytes buf(40 + 8 + 48 + 20, 0x45);
	unsigned int n = sfp_srh_build(buf.data(), src.data(), segs.data(), 3, 4, 20);
	sfp_srh_info si;

	ASSERT_EQ(n, 40u + 8 + 48);
	ASSERT_EQ(sfp_srh_parse(buf.data(), buf.size(), &si), SFP_SRH_OK);
	EXPECT_EQ(si.sl, 2);
	EXPECT_EQ(si.last_entry, 2);
	EXPECT_EQ(si.nexthdr, 4);
	EXPECT_EQ(buf[4] << 8 | buf[5], 8 + 48 + 20);
	// DA is the first segment visited; Segment List[0] the last
	EXPECT_EQ(std::memcmp(&buf[24], addr(7).data(), 16), 0);
	EXPECT_EQ(std::memcmp(&buf[48], addr(9).data(), 16), 0);
	EXPECT_EQ(std::memcmp(&buf[8], src.data(), 16), 0);
	// and End's advance walks them in order
	ASSERT_EQ(sfp_srh_advance(buf.data()), 0);
	EXPECT_EQ(std::memcmp(&buf[24], addr(8).data(), 16), 0);
}

TEST(Srh, NextSegmentLeavesTheHopLimit)
{
	Bytes p = srh_packet({addr(4), addr(2), addr(1)}, 2);

	ASSERT_EQ(sfp_srh_next_segment(p.data()), 0);
	EXPECT_EQ(p[40 + 3], 1);
	EXPECT_EQ(std::memcmp(&p[24], addr(2).data(), 16), 0);
	EXPECT_EQ(p[7], 64);	// the forwarding stack decrements it
	p[40 + 3] = 0;
	Bytes before = p;
	EXPECT_EQ(sfp_srh_next_segment(p.data()), -EINVAL);
	EXPECT_EQ(p, before);
}

TEST(Srh, ToFinalSkipsTheRemainingSegments)
{
	Bytes p = srh_packet({addr(4), addr(2), addr(1)}, 2);

	sfp_srh_to_final(p.data());
	EXPECT_EQ(std::memcmp(&p[24], addr(4).data(), 16), 0);
	EXPECT_EQ(p[40 + 3], 0);
	EXPECT_EQ(p[7], 64);
	sfp_srh_info si;
	EXPECT_EQ(sfp_srh_parse(p.data(), p.size(), &si), SFP_SRH_OK);
}

TEST(Srh, FindTlvSkipsPaddingAndOtherTypes)
{
	// Pad1, PadN of 2, then type 124 with 4 bytes of value: 1 + 4 + 6 = 11,
	// padded to 16 with a PadN of 3 value bytes
	Bytes tlvs = {0, 4, 2, 0, 0, 124, 4, 0xa, 0xb, 0xc, 0xd, 4, 3, 0, 0, 0};
	Bytes p = srh_packet({addr(4), addr(1)}, 1, tlvs);
	sfp_srh_info si;
	unsigned int off = 0, len = 0;

	ASSERT_EQ(sfp_srh_parse(p.data(), p.size(), &si), SFP_SRH_OK);
	ASSERT_TRUE(sfp_srh_find_tlv(p.data(), &si, 124, &off, &len));
	EXPECT_EQ(len, 4u);
	EXPECT_EQ(off, 40u + 8 + 32 + 7);
	EXPECT_EQ(p[off], 0xa);
	EXPECT_EQ(p[off + 3], 0xd);
	EXPECT_FALSE(sfp_srh_find_tlv(p.data(), &si, 6, &off, &len));
	// a header without TLVs has none
	Bytes bare = srh_packet({addr(4), addr(1)}, 1);
	ASSERT_EQ(sfp_srh_parse(bare.data(), bare.size(), &si), SFP_SRH_OK);
	EXPECT_FALSE(sfp_srh_find_tlv(bare.data(), &si, 124, &off, &len));
}

TEST(Srh, FunctionAndParameterBits)
{
	// SRv6Pipes Fig. 2: /80 locator, 16 bits of function, 32 of parameters
	Bytes a = addr(0);
	u32 func = 0, args = 0;

	a[10] = 0x12;
	a[11] = 0x34;
	a[12] = 0xde;
	a[13] = 0xad;
	a[14] = 0xbe;
	a[15] = 0xef;
	sfp_sid_func_args(a.data(), 80, &func, &args);
	EXPECT_EQ(func, 0x1234u);
	EXPECT_EQ(args, 0xdeadbeefu);
	// /96: 16 bits of function, 16 of parameters
	sfp_sid_func_args(a.data(), 96, &func, &args);
	EXPECT_EQ(func, 0xdeadu);
	EXPECT_EQ(args, 0xbeefu);
	// /120: 8 bits of function, none for parameters
	sfp_sid_func_args(a.data(), 120, &func, &args);
	EXPECT_EQ(func, 0xefu);
	EXPECT_EQ(args, 0u);
	// an exact SID has neither
	sfp_sid_func_args(a.data(), 128, &func, &args);
	EXPECT_EQ(func, 0u);
	EXPECT_EQ(args, 0u);
}

// End.AD egress: what it does with an entry the cache returns (the check,
// then the advance), on a heap copy of exactly the entry's length so that
// ASan sees any read past it.
bool restore(const Bytes &entry)
{
	u8 *hdr = new u8[entry.size()];
	bool ok;

	std::memcpy(hdr, entry.data(), entry.size());
	ok = sfp_srh_cached_ok(hdr, entry.size()) && sfp_srh_advance(hdr) == 0;
	delete[] hdr;
	return ok;
}

TEST(Srh, CachedHeaderIsCheckedBeforeTheAdvance)
{
	Bytes p = srh_packet({addr(4), addr(1)}, 1);
	Bytes hdr(p.begin(), p.begin() + 40 + 8 + 32);

	EXPECT_TRUE(sfp_srh_cached_ok(hdr.data(), hdr.size()));
	EXPECT_TRUE(restore(hdr));
	// next header 143: the Ethernet header is cached after the SRH
	Bytes eth = hdr;
	eth[40] = 143;
	eth.resize(eth.size() + 14, 0xee);
	EXPECT_TRUE(sfp_srh_cached_ok(eth.data(), eth.size()));
	// but not any 14 bytes after another payload's SRH
	Bytes tail = hdr;
	tail.resize(tail.size() + 14, 0xee);
	EXPECT_FALSE(sfp_srh_cached_ok(tail.data(), tail.size()));
	// SL 0: no segment to go to
	Bytes sl0 = hdr;
	sl0[40 + 3] = 0;
	EXPECT_FALSE(sfp_srh_cached_ok(sl0.data(), sl0.size()));
}

TEST(Srh, ShortOrForeignEntryIsRefused)
{
	// an entry made under encap mpls: two label stack entries
	Bytes mpls = {0x00, 0x06, 0x41, 0x40, 0x00, 0x06, 0x51, 0x3f};
	EXPECT_FALSE(restore(mpls));
	// 48 bytes that look like IPv6 and an SRH claiming SL 255: the
	// advance would copy Segment List[254], about 4 KiB past the entry
	Bytes p = srh_packet({addr(4), addr(1)}, 1);
	Bytes shortp(p.begin(), p.begin() + 48);
	shortp[40 + 1] = 0;
	shortp[40 + 3] = 255;
	shortp[40 + 4] = 255;
	EXPECT_FALSE(restore(shortp));
	// a whole SRH but a segment list longer than the entry
	Bytes cut(p.begin(), p.begin() + 40 + 8 + 16);
	EXPECT_FALSE(restore(cut));
}

TEST(Srh, MasqueradedMeansDaIsTheLastSegment)
{
	Bytes p = srh_packet({addr(4), addr(2), addr(1)}, 2);

	EXPECT_FALSE(sfp_srh_is_masqueraded(p.data()));
	sfp_srh_masquerade(p.data());
	EXPECT_TRUE(sfp_srh_is_masqueraded(p.data()));
	p[39] ^= 1;
	EXPECT_FALSE(sfp_srh_is_masqueraded(p.data()));
}

} // namespace
