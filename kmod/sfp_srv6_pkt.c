// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: SRH validation and the SR proxies' header rewrites.
 *
 * IPv6 header (40 bytes): Ver(4) TC(8) Flow(20) PayloadLen(16) NH(8) HL(8)
 * Src(128) Dst(128). SRH: NH(8) HdrExtLen(8, 8-byte units after the first
 * 8) Type(8) = 4, SL(8), LastEntry(8), Flags(8), Tag(16), then LastEntry+1
 * segments of 16 bytes (Segment List[0] is the last one visited), then
 * TLVs: Pad1 is a single zero byte, every other TLV is type, length and
 * length bytes of value.
 */
#include "sfp_srv6_pkt.h"

#define SFP_SRH_OFF		SFP_IPV6_HLEN
#define SFP_SRH_TLV_PAD1	0

/* TLVs must tile the space after the segment list exactly. */
static bool sfp_srh_tlvs_ok(const u8 *p, unsigned int len)
{
	unsigned int off = 0;

	while (off < len) {
		if (p[off] == SFP_SRH_TLV_PAD1) {
			off++;
			continue;
		}
		if (len - off < 2)
			return false;
		off += 2 + p[off + 1];
		if (off > len)
			return false;
	}
	return true;
}

/**
 * sfp_srh_parse() - validate an IPv6 header followed by an SRH
 * @p: first byte of the IPv6 header
 * @len: bytes readable from @p (at least the whole SRH for a verdict)
 * @info: result, meaningful only when SFP_SRH_OK is returned
 *
 * Return: SFP_SRH_OK, SFP_SRH_NOT_SRH, or SFP_SRH_MALFORMED.
 */
enum sfp_srh_result sfp_srh_parse(const u8 *p, unsigned int len,
				  struct sfp_srh_info *info)
{
	const u8 *srh = p + SFP_SRH_OFF;
	unsigned int srh_len, segs_len;

	if (len < SFP_IPV6_HLEN || p[0] >> 4 != 6)
		return SFP_SRH_MALFORMED;
	if (p[6] != SFP_NEXTHDR_ROUTING)
		return SFP_SRH_NOT_SRH;
	if (len < SFP_SRH_OFF + SFP_SRH_FIXED_LEN)
		return SFP_SRH_MALFORMED;
	if (srh[2] != SFP_SRH_TYPE)
		return SFP_SRH_NOT_SRH;
	srh_len = (srh[1] + 1) * 8;
	segs_len = (srh[4] + 1) * SFP_SRV6_SEG_LEN;
	if (SFP_SRH_OFF + srh_len > len ||
	    srh_len > sfp_get_be16(p + 4) ||
	    SFP_SRH_FIXED_LEN + segs_len > srh_len || srh[3] > srh[4] ||
	    !sfp_srh_tlvs_ok(srh + SFP_SRH_FIXED_LEN + segs_len,
			     srh_len - SFP_SRH_FIXED_LEN - segs_len))
		return SFP_SRH_MALFORMED;

	info->hdr_len = SFP_SRH_OFF + srh_len;
	info->nexthdr = srh[0];
	info->sl = srh[3];
	info->last_entry = srh[4];
	return SFP_SRH_OK;
}

static u8 *sfp_srh_segment(u8 *hdr, unsigned int i)
{
	return hdr + SFP_SRH_OFF + SFP_SRH_FIXED_LEN + i * SFP_SRV6_SEG_LEN;
}

/**
 * sfp_srh_is_masqueraded() - whether DA is Segment List[0], as End.AM's
 *	rewrite left it
 * @hdr: an IPv6 header and SRH that sfp_srh_parse() accepted
 *
 * An SR-aware function behind End.AM returns the packet it was given; one
 * whose DA is anything else was not masqueraded by us, and advancing it
 * would send an arbitrary packet along the SRH it brought.
 *
 * Return: true when the destination is the last segment.
 */
bool sfp_srh_is_masqueraded(const u8 *hdr)
{
	return !memcmp(hdr + 24, hdr + SFP_SRH_OFF + SFP_SRH_FIXED_LEN,
		       SFP_SRV6_SEG_LEN);
}

/**
 * sfp_srh_cached_ok() - whether a cached End.AD header can be put back
 * @hdr: the header as the cache holds it
 * @len: its length: the IPv6 header and SRH, and for next header 143 the
 *	Ethernet header that followed them
 *
 * The egress trusts nothing it did not check: an entry made under another
 * encapsulation (or by a bug) is a few bytes of anything, and
 * sfp_srh_advance() reads Segment List[SL - 1] from wherever SL points. The
 * header must be an SRH that sfp_srh_parse() accepts within @len bytes,
 * fill them exactly, and have a segment left to go to.
 *
 * Return: true when sfp_srh_advance() may be applied to @hdr.
 */
bool sfp_srh_cached_ok(const u8 *hdr, unsigned int len)
{
	struct sfp_srh_info si;

	if (sfp_srh_parse(hdr, len, &si) != SFP_SRH_OK || !si.sl)
		return false;
	return si.hdr_len == len ||
	       (si.nexthdr == SFP_NEXTHDR_ETH && si.hdr_len + SFP_ETH_HLEN == len);
}

/**
 * sfp_srh_advance() - End's rewrite: go to the next segment
 * @hdr: an IPv6 header and SRH that sfp_srh_parse() accepted
 *
 * SL - 1, DA = Segment List[SL], hop limit - 1.
 *
 * Return: 0, -EINVAL when SL is already 0, -ETIME when the hop limit runs
 * out; @hdr is unchanged on error.
 */
int sfp_srh_advance(u8 *hdr)
{
	if (!hdr[SFP_SRH_OFF + 3])
		return -EINVAL;
	if (hdr[7] <= 1)
		return -ETIME;
	hdr[7]--;
	return sfp_srh_next_segment(hdr);
}

/**
 * sfp_srh_next_segment() - End without the hop limit: SL - 1, DA = the next
 *	segment, for a packet the stack forwards afterwards (which decrements
 *	the hop limit itself)
 * @hdr: an IPv6 header and SRH that sfp_srh_parse() accepted
 *
 * Return: 0, or -EINVAL when SL is already 0 (@hdr unchanged).
 */
int sfp_srh_next_segment(u8 *hdr)
{
	u8 *sl = hdr + SFP_SRH_OFF + 3;

	if (!*sl)
		return -EINVAL;
	(*sl)--;
	memcpy(hdr + 24, sfp_srh_segment(hdr, *sl), SFP_SRV6_SEG_LEN);
	return 0;
}

/**
 * sfp_srh_to_final() - End.VNF's rewrite: DA = the final destination
 *	(Segment List[0]), SL = 0, so the local stack takes the packet as its
 *	own instead of forwarding it along the remaining segments
 * @hdr: an IPv6 header and SRH that sfp_srh_parse() accepted
 */
void sfp_srh_to_final(u8 *hdr)
{
	sfp_srh_masquerade(hdr);
	hdr[SFP_SRH_OFF + 3] = 0;
}

/**
 * sfp_srh_find_tlv() - the first TLV of a type in an accepted SRH
 * @p: first byte of the IPv6 header
 * @info: what sfp_srh_parse() said about @p
 * @type: TLV type wanted (not Pad1)
 * @val_off: offset of the TLV's value from @p, when found
 * @val_len: length of the value, when found
 *
 * Return: true when a TLV of @type is present.
 */
bool sfp_srh_find_tlv(const u8 *p, const struct sfp_srh_info *info, u8 type,
		      unsigned int *val_off, unsigned int *val_len)
{
	unsigned int off = SFP_SRH_OFF + SFP_SRH_FIXED_LEN +
			   (info->last_entry + 1) * SFP_SRV6_SEG_LEN;

	/* sfp_srh_parse() checked that the TLVs tile up to hdr_len */
	while (off < info->hdr_len) {
		if (p[off] == SFP_SRH_TLV_PAD1) {
			off++;
			continue;
		}
		if (p[off] == type) {
			*val_off = off + 2;
			*val_len = p[off + 1];
			return true;
		}
		off += 2 + p[off + 1];
	}
	return false;
}

/**
 * sfp_sid_func_args() - the function and parameter bits of a SID instance
 *	(SRv6Pipes Fig. 2: locator, then 16 bits of function, then the
 *	parameters in the low-order bits)
 * @addr: the destination address the packet carried (16 bytes)
 * @plen: the locator's length: the SID's prefix length, 80..128
 * @func: the up to 16 bits after the locator
 * @args: the bits after those, at most 32 when @plen >= 80
 */
void sfp_sid_func_args(const u8 *addr, unsigned int plen, u32 *func,
		       u32 *args)
{
	unsigned int fbits = 128 - plen > 16 ? 16 : 128 - plen;
	unsigned int abits = 128 - plen - fbits, i;
	u64 low = 0;

	/* everything past the locator fits in the low 48 bits */
	for (i = 10; i < 16; i++)
		low = low << 8 | addr[i];
	*args = abits ? (u32)(low & ((1ULL << abits) - 1)) : 0;
	*func = fbits ? (u32)((low >> abits) & ((1U << fbits) - 1)) : 0;
}

/**
 * sfp_srh_masquerade() - End.AM: DA = the last segment (Segment List[0])
 * @hdr: an IPv6 header and SRH that sfp_srh_parse() accepted
 */
void sfp_srh_masquerade(u8 *hdr)
{
	memcpy(hdr + 24, sfp_srh_segment(hdr, 0), SFP_SRV6_SEG_LEN);
}

/**
 * sfp_srh_build() - End.AS: a configured outer header for a payload
 * @buf: room for SFP_IPV6_HLEN + SFP_SRH_FIXED_LEN + 16 * @n_segs bytes
 * @src: outer source address
 * @segs: @n_segs segments in the order they are visited
 * @n_segs: 1..255
 * @nexthdr: the payload's protocol
 * @payload_len: the payload's bytes
 *
 * DA is the first segment, SL = @n_segs - 1, hop limit 64.
 *
 * Return: bytes written.
 */
unsigned int sfp_srh_build(u8 *buf, const u8 *src, const u8 *segs,
			   unsigned int n_segs, u8 nexthdr,
			   unsigned int payload_len)
{
	unsigned int srh_len = SFP_SRH_FIXED_LEN + n_segs * SFP_SRV6_SEG_LEN;
	unsigned int plen = srh_len + payload_len, i;
	u8 *srh = buf + SFP_SRH_OFF;

	memset(buf, 0, SFP_SRH_OFF + srh_len);
	buf[0] = 0x60;
	buf[4] = plen >> 8;
	buf[5] = plen;
	buf[6] = SFP_NEXTHDR_ROUTING;
	buf[7] = 64;
	memcpy(buf + 8, src, SFP_SRV6_SEG_LEN);
	memcpy(buf + 24, segs, SFP_SRV6_SEG_LEN);
	srh[0] = nexthdr;
	srh[1] = srh_len / 8 - 1;
	srh[2] = SFP_SRH_TYPE;
	srh[3] = n_segs - 1;
	srh[4] = n_segs - 1;
	/* Segment List[0] is the last segment visited */
	for (i = 0; i < n_segs; i++)
		memcpy(sfp_srh_segment(buf, n_segs - 1 - i),
		       segs + i * SFP_SRV6_SEG_LEN, SFP_SRV6_SEG_LEN);
	return SFP_SRH_OFF + srh_len;
}
