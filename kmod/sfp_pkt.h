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

static inline u32 sfp_lse_ttl(u32 lse_host)
{
	return lse_host & 0xff;
}

enum sfp_parse_result sfp_mpls_parse(const u8 *p, unsigned int len,
				     unsigned int depth,
				     struct sfp_mpls_stack *st);
int sfp_mpls_rewrite(u8 *hdr, unsigned int n_lse, unsigned int pop,
		     bool dec_ttl);
bool sfp_key_from_ip(const u8 *ip, unsigned int len, struct sfp_key *key);
void sfp_key_from_id(u32 id, struct sfp_key *key);
u32 sfp_pkt_digest(const u8 *p, unsigned int len);

#endif /* _SFP_PKT_H */
