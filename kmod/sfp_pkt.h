/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfcproxy: packet parsing and key building on plain byte buffers.
 *
 * Nothing here touches an sk_buff, so the same file compiles in user space
 * (with kmod/tests/sfp_pkt_compat.h) for unit tests, fuzzing and instruction
 * counts; the kernel glue lives in sfp_mpls.c.
 */
#ifndef _SFP_PKT_H
#define _SFP_PKT_H

#ifdef __KERNEL__
#include <linux/string.h>
#include <linux/types.h>
#else
#include "sfp_pkt_compat.h"
#endif

#define SFP_LSE_LEN		4
#define SFP_MPLS_MAX_LSE	16
#define SFP_MPLS_MAX_HDR	(SFP_MPLS_MAX_LSE * SFP_LSE_LEN)

/* Header-mode keys are 64 bytes: enough for two IPv6 addresses plus the
 * protocol fields that tell the packets of one flow apart.
 */
#define SFP_KEY_WORDS		16

/**
 * struct sfp_key - what a returning packet is recognised by
 * @w: key words; unused words are zero so keys compare with memcmp
 *
 * Datapath functions declare their struct sfp_key __uninitialized: the
 * builders below set every word, and kernels built with
 * INIT_STACK_ALL_ZERO would clear it a second time for every packet.
 */
struct sfp_key {
	u32 w[SFP_KEY_WORDS];
};

/* Tags in w[0]'s top byte keep the key spaces apart. */
#define SFP_KEY_TAG_ID		0x01000000U
#define SFP_KEY_TAG_IPV4	0x04000000U
#define SFP_KEY_TAG_IPV6	0x06000000U
#define SFP_KEY_TAG_ETH		0x0e000000U	/* non-IP Ethernet in NSH */

enum sfp_parse_result {
	SFP_PARSE_OK,
	SFP_PARSE_MALFORMED,	/* truncated, no bottom of stack, not IP */
	SFP_PARSE_TOO_BIG,	/* deeper than the configured depth */
};

/**
 * struct sfp_mpls_stack - a parsed SR-MPLS label stack
 * @n_lse: label stack entries, bottom of stack included
 * @inner_version: 4 or 6, the IP version of the payload
 */
struct sfp_mpls_stack {
	unsigned int n_lse;
	unsigned int inner_version;
};

static inline u32 sfp_lse_label(u32 lse_host)
{
	return lse_host >> 12;
}

/* Big-endian fields of byte buffers, for the MPLS, NSH and SRv6 code. */
static inline u32 sfp_get_be16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static inline u32 sfp_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline void sfp_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/**
 * sfp_hdr_copy() - copy a cached header to or from a packet
 * @dst: destination
 * @src: source; the two do not overlap
 * @len: bytes, at most a few hundred (SFP_HDR_MAX)
 *
 * In eight-byte words, rather than by memcpy(): a copy of unknown length
 * becomes the string instruction, whose start-up costs tens of cycles on
 * real CPUs (and an emulator one step per byte), more than the few moves
 * a label stack needs. The last word (or, below eight bytes, the last four)
 * ends exactly at @len and may write again bytes the one before it wrote,
 * which leaves no tail to finish byte by byte: a stack of two labels is
 * one move, of one label two.
 */
static __always_inline void sfp_hdr_copy(u8 *dst, const u8 *src,
					 unsigned int len)
{
	unsigned int off;
	u64 w;
	u32 v;

	if (len >= 8) {
		for (off = 0; off + 8 < len; off += 8) {
			memcpy(&w, src + off, 8);
			memcpy(dst + off, &w, 8);
		}
		memcpy(&w, src + len - 8, 8);
		memcpy(dst + len - 8, &w, 8);
	} else if (len >= 4) {
		memcpy(&v, src, 4);
		memcpy(dst, &v, 4);
		memcpy(&v, src + len - 4, 4);
		memcpy(dst + len - 4, &v, 4);
	} else {
		while (len--)
			*dst++ = *src++;
	}
}

/*
 * The label stack's parsing and rewriting run for every packet: inline,
 * so that the receive and egress paths are one function each.
 */

/**
 * sfp_mpls_parse() - find the bottom of an MPLS label stack
 * @p: first label stack entry
 * @len: bytes available from @p
 * @depth: most entries accepted
 * @st: result: entries and the payload's IP version
 *
 * Return: SFP_PARSE_OK; SFP_PARSE_TOO_BIG when @depth entries carry no
 * bottom-of-stack bit and the frame goes on; SFP_PARSE_MALFORMED when the
 * frame ends first or the payload is not a plausible IPv4/IPv6 header.
 */
static __always_inline enum sfp_parse_result
sfp_mpls_parse(const u8 *p, unsigned int len, unsigned int depth,
	       struct sfp_mpls_stack *st)
{
	unsigned int n, max, off, ihl;

	/* entries that are both present and allowed; the S bit is the low
	 * bit of each entry's third byte
	 */
	max = len / SFP_LSE_LEN < depth ? len / SFP_LSE_LEN : depth;
	for (n = 0; n < max; n++)
		if (p[n * SFP_LSE_LEN + 2] & 1)
			break;
	if (n == max)	/* too deep only if the frame goes on */
		return max == depth && len >= (depth + 1) * SFP_LSE_LEN ?
			SFP_PARSE_TOO_BIG : SFP_PARSE_MALFORMED;
	st->n_lse = n + 1;
	off = st->n_lse * SFP_LSE_LEN;
	if (len <= off)
		return SFP_PARSE_MALFORMED;

	st->inner_version = p[off] >> 4;
	switch (st->inner_version) {
	case 4:
		ihl = (p[off] & 0x0f) * 4;
		if (ihl < 20 || len < off + ihl)
			return SFP_PARSE_MALFORMED;
		break;
	case 6:
		if (len < off + 40)
			return SFP_PARSE_MALFORMED;
		break;
	default:
		return SFP_PARSE_MALFORMED;
	}
	return SFP_PARSE_OK;
}

/**
 * sfp_mpls_rewrite() - prepare a cached stack for the next hop
 * @hdr: the cached stack, rewritten in place
 * @n_lse: entries in @hdr
 * @pop: entries consumed here; the result starts at @hdr + @pop * 4
 * @dec_ttl: decrement the new top entry's TTL
 *
 * Return: 0, or -1 when the TTL runs out and the packet must be dropped.
 */
static __always_inline int sfp_mpls_rewrite(u8 *hdr, unsigned int n_lse,
					    unsigned int pop, bool dec_ttl)
{
	/* the TTL is the entry's last byte: no need to assemble the word */
	u8 *ttl = hdr + pop * SFP_LSE_LEN + 3;

	if (!dec_ttl || pop >= n_lse)
		return 0;
	if (*ttl <= 1)
		return -1;
	(*ttl)--;
	return 0;
}

bool sfp_key_from_ip(const u8 *ip, unsigned int len, struct sfp_key *key);
void sfp_key_from_id(u32 id, struct sfp_key *key);
u32 sfp_pkt_digest(const u8 *p, unsigned int len);

#endif /* _SFP_PKT_H */
