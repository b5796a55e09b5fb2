/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfcproxy: IPv6 + Segment Routing Header (RFC 8754) validation and the
 * rewrites of the SR proxy behaviours, on plain byte buffers (see sfp_pkt.h
 * for why). The 6.1 kernel exports neither seg6_get_srh() nor
 * seg6_validate_srh(), so this is our own.
 */
#ifndef _SFP_SRV6_PKT_H
#define _SFP_SRV6_PKT_H

#ifdef __KERNEL__
#include <linux/errno.h>
#endif
#include "sfp_pkt.h"

#define SFP_IPV6_HLEN		40
#define SFP_SRH_FIXED_LEN	8
#define SFP_SRV6_SEG_LEN	16
#define SFP_NEXTHDR_IPIP	4
#define SFP_NEXTHDR_ROUTING	43
#define SFP_NEXTHDR_IPV6	41
#define SFP_NEXTHDR_ETH		143	/* RFC 8986: Ethernet payload */
#define SFP_SRH_TYPE		4
#define SFP_ETH_HLEN		14

enum sfp_srh_result {
	SFP_SRH_OK,
	SFP_SRH_MALFORMED,	/* truncated, lengths disagree, SL past the
				 * last entry, a TLV overruns, not IPv6
				 */
	SFP_SRH_NOT_SRH,	/* no routing header of type 4 right after the
				 * IPv6 header
				 */
};

/**
 * struct sfp_srh_info - what sfp_srh_parse() found
 * @hdr_len: IPv6 header plus SRH, in bytes: where the payload starts
 * @nexthdr: the SRH's next header (the payload's protocol)
 * @sl: segments left
 * @last_entry: index of the last segment list entry
 */
struct sfp_srh_info {
	unsigned int hdr_len;
	u8 nexthdr;
	u8 sl;
	u8 last_entry;
};

enum sfp_srh_result sfp_srh_parse(const u8 *p, unsigned int len,
				  struct sfp_srh_info *info);
int sfp_srh_advance(u8 *hdr);
int sfp_srh_next_segment(u8 *hdr);
void sfp_srh_to_final(u8 *hdr);
bool sfp_srh_find_tlv(const u8 *p, const struct sfp_srh_info *info, u8 type,
		      unsigned int *val_off, unsigned int *val_len);
void sfp_sid_func_args(const u8 *addr, unsigned int plen, u32 *func,
		       u32 *args);
void sfp_srh_masquerade(u8 *hdr);
bool sfp_srh_is_masqueraded(const u8 *hdr);
bool sfp_srh_cached_ok(const u8 *hdr, unsigned int len);
unsigned int sfp_srh_build(u8 *buf, const u8 *src, const u8 *segs,
			   unsigned int n_segs, u8 nexthdr,
			   unsigned int payload_len);

#endif /* _SFP_SRV6_PKT_H */
