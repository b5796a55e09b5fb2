/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfcproxy: NSH (RFC 8300) parsing, rewriting, building and header-mode keys
 * on plain byte buffers, in the same way and for the same reasons as
 * sfp_pkt.h: no sk_buff, so it also builds in user space for tests and
 * fuzzing.
 */
#ifndef _SFP_NSH_PKT_H
#define _SFP_NSH_PKT_H

#ifdef __KERNEL__
#include <linux/errno.h>
#endif
#include "sfp_pkt.h"

/* Base header (4 bytes) plus service path header (4 bytes). */
#define SFP_NSH_BASE_LEN	8
/* MD type 1: the base and service path headers and 16 bytes of context. */
#define SFP_NSH_MD1_LEN		24
#define SFP_NSH_MD1_CTX_WORDS	4
/* MD type 2 context header: class (16), type (8), U (1), length (7). */
#define SFP_NSH_TLV_HDR_LEN	4
#define SFP_NSH_TLV_MAX_VALUE	127

/*
 * The length field has 6 bits and counts 4-byte words, so no NSH header is
 * longer than 63 * 4 = 252 bytes. Caching that much lets every valid header
 * through; 252 also still fits the cache entry's u8 hdr_len, which 256 would
 * not.
 */
#define SFP_NSH_MAX_HDR		252

/* RFC 8300 section 2.2: the initial TTL when nothing else is configured. */
#define SFP_NSH_TTL_DEFAULT	63
#define SFP_NSH_TTL_MAX		63
#define SFP_NSH_SPI_MAX		0xffffffU

#define SFP_NSH_MD_TYPE1	1
#define SFP_NSH_MD_TYPE2	2

#define SFP_NSH_NP_IPV4		1
#define SFP_NSH_NP_IPV6		2
#define SFP_NSH_NP_ETH		3

/* Why a frame is refused; the module counts each separately. */
enum sfp_nsh_result {
	SFP_NSH_OK,
	SFP_NSH_MALFORMED,	/* truncated, length inconsistent with MD
				 * type, a TLV overruns the header, payload
				 * not what next protocol says
				 */
	SFP_NSH_BAD_VERSION,	/* version is not 0 */
	SFP_NSH_BAD_MDTYPE,	/* MD type other than 1 and 2 */
	SFP_NSH_BAD_NEXT_PROTO,	/* next protocol other than IPv4/IPv6/Eth */
	SFP_NSH_TOO_BIG,	/* longer than the configured header cap */
};

/**
 * struct sfp_nsh_hdr - what sfp_nsh_parse() found
 * @hdr_len: header bytes, the payload starts there (multiple of 4, 8..252)
 * @md_type: SFP_NSH_MD_TYPE1 or SFP_NSH_MD_TYPE2
 * @next_proto: SFP_NSH_NP_IPV4, SFP_NSH_NP_IPV6 or SFP_NSH_NP_ETH
 * @oam: the O bit: the packet carries OAM data
 * @ttl: 6-bit service plane TTL, as it arrived
 * @si: service index, as it arrived
 * @spi: 24-bit service path identifier
 * @n_tlv: MD type 2 context headers (0 for MD type 1)
 */
struct sfp_nsh_hdr {
	unsigned int hdr_len;
	u8 md_type;
	u8 next_proto;
	bool oam;
	u8 ttl;
	u8 si;
	u32 spi;
	unsigned int n_tlv;
};

/**
 * struct sfp_nsh_tlv - one MD type 2 context header to build
 * @md_class: metadata class
 * @type: type within @md_class; its top bit is the critical bit
 * @len: bytes at @value, at most SFP_NSH_TLV_MAX_VALUE
 * @value: the metadata, written as is and zero padded to 4 bytes
 */
struct sfp_nsh_tlv {
	u16 md_class;
	u8 type;
	u8 len;
	const u8 *value;
};

/**
 * struct sfp_nsh_spec - an NSH header to build (for the classifier)
 * @spi: service path identifier, at most SFP_NSH_SPI_MAX
 * @si: service index, 1..255
 * @ttl: 1..63; 0 means SFP_NSH_TTL_DEFAULT
 * @next_proto: SFP_NSH_NP_IPV4, SFP_NSH_NP_IPV6 or SFP_NSH_NP_ETH
 * @md_type: SFP_NSH_MD_TYPE1 or SFP_NSH_MD_TYPE2
 * @md1_ctx: MD type 1 fixed context, host order, written big-endian
 * @tlv: MD type 2 context headers, in order
 * @n_tlv: entries at @tlv
 */
struct sfp_nsh_spec {
	u32 spi;
	u8 si;
	u8 ttl;
	u8 next_proto;
	u8 md_type;
	u32 md1_ctx[SFP_NSH_MD1_CTX_WORDS];
	const struct sfp_nsh_tlv *tlv;
	unsigned int n_tlv;
};

/* What egress does with a cached header; anything but OK means drop. */
enum sfp_nsh_rewrite_result {
	SFP_NSH_REWRITE_OK,
	SFP_NSH_SI_EXPIRED,	/* SI would become 0 */
	SFP_NSH_TTL_EXPIRED,	/* TTL would become 0 */
};

/**
 * sfp_nsh_path_key() - (SPI, SI) packed into one word, for hashing
 * @spi: service path identifier (24 bits; higher bits are dropped)
 * @si: service index
 *
 * This is also the second header word read big-endian, so a parsed header's
 * path key can be compared with a configured one directly.
 *
 * Return: @spi << 8 | @si.
 */
static inline u32 sfp_nsh_path_key(u32 spi, u8 si)
{
	return (spi & SFP_NSH_SPI_MAX) << 8 | si;
}

/**
 * sfp_nsh_path_spi() - the SPI of a packed (SPI, SI)
 * @path_key: from sfp_nsh_path_key()
 *
 * Return: the 24-bit SPI.
 */
static inline u32 sfp_nsh_path_spi(u32 path_key)
{
	return path_key >> 8;
}

/**
 * sfp_nsh_path_si() - the SI of a packed (SPI, SI)
 * @path_key: from sfp_nsh_path_key()
 *
 * Return: the SI.
 */
static inline u8 sfp_nsh_path_si(u32 path_key)
{
	return path_key & 0xff;
}

enum sfp_nsh_result sfp_nsh_parse(const u8 *p, unsigned int len,
				  unsigned int max_hdr, struct sfp_nsh_hdr *h);
enum sfp_nsh_rewrite_result sfp_nsh_rewrite(u8 *hdr, bool dec_ttl);
bool sfp_nsh_dec_ttl(u8 *hdr);
int sfp_nsh_build(u8 *buf, unsigned int size,
		  const struct sfp_nsh_spec *spec);
bool sfp_nsh_key_from_payload(u8 next_proto, const u8 *p, unsigned int len,
			      struct sfp_key *key);

#endif /* _SFP_NSH_PKT_H */
