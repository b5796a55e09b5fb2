// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: NSH (RFC 8300) header parsing, egress rewriting, building and
 * header-mode keys of NSH payloads, on plain byte buffers (see sfp_pkt.h for
 * why).
 *
 * Layout of the first two words:
 *   Ver(2) O(1) U(1) TTL(6) Length(6) U(4) MDType(4) NextProto(8)
 *   SPI(24) SI(8)
 * followed by 16 bytes of fixed context (MD type 1) or by context headers
 * (MD type 2): Class(16) Type(8) U(1) Len(7), then Len bytes of value padded
 * to 4. Unassigned (U) bits are ignored on receipt and written as zero, as
 * RFC 8300 asks.
 */
#include "sfp_nsh_pkt.h"

#define SFP_ETH_HLEN		14
#define SFP_VLAN_HLEN		4
#define SFP_ETH_P_IP		0x0800
#define SFP_ETH_P_IPV6		0x86dd
#define SFP_ETH_P_8021Q		0x8100
#define SFP_ETH_P_8021AD	0x88a8

/*
 * A non-IP Ethernet payload shorter than 46 bytes may come back from the
 * function zero padded to the Ethernet minimum (a NIC on the way does that),
 * so its key only covers the first 28 bytes: all of an IPv4 ARP body, the
 * commonest non-IP payload, and nothing a pad could add to it.
 */
#define SFP_NSH_ETH_DIGEST_LEN	28

static void sfp_nsh_put_be16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static u8 sfp_nsh_get_ttl(const u8 *hdr)
{
	return (hdr[0] & 0x0f) << 2 | hdr[1] >> 6;
}

/* The TTL straddles the first two bytes; the bits around it are kept. */
static void sfp_nsh_set_ttl(u8 *hdr, u8 ttl)
{
	hdr[0] = (hdr[0] & 0xf0) | (ttl >> 2);
	hdr[1] = (hdr[1] & 0x3f) | (ttl & 0x03) << 6;
}

/* Context headers must tile @ctx exactly; returns their count or -1. */
static int sfp_nsh_walk_tlvs(const u8 *ctx, unsigned int len)
{
	unsigned int off = 0, vlen;
	int n = 0;

	while (off < len) {
		if (len - off < SFP_NSH_TLV_HDR_LEN)
			return -1;
		vlen = ctx[off + 3] & 0x7f;
		off += SFP_NSH_TLV_HDR_LEN + ((vlen + 3) & ~3U);
		if (off > len)
			return -1;
		n++;
	}
	return n;
}

/* Is @p plausibly the start of what @next_proto announces? */
static bool sfp_nsh_payload_ok(u8 next_proto, const u8 *p, unsigned int len)
{
	unsigned int ihl;

	switch (next_proto) {
	case SFP_NSH_NP_IPV4:
		if (len < 1 || p[0] >> 4 != 4)
			return false;
		ihl = (p[0] & 0x0f) * 4;
		return ihl >= 20 && len >= ihl;
	case SFP_NSH_NP_IPV6:
		return len >= 40 && p[0] >> 4 == 6;
	case SFP_NSH_NP_ETH:
		return len >= SFP_ETH_HLEN;
	}
	return false;
}

/**
 * sfp_nsh_parse() - validate an NSH header and the start of its payload
 * @p: first byte of the NSH base header
 * @len: bytes available from @p
 * @max_hdr: longest header accepted (the cache's cap); values above
 *	SFP_NSH_MAX_HDR accept every valid length
 * @h: result, meaningful only when SFP_NSH_OK is returned
 *
 * The checks run in this order, so one frame has one reason: the 8-byte
 * base and service path headers present, version, MD type, length against
 * MD type, header inside @len, @max_hdr, MD type 2 context headers, next
 * protocol, payload start.
 *
 * Return: SFP_NSH_OK, or why the frame must not be proxied: see
 * enum sfp_nsh_result.
 */
enum sfp_nsh_result sfp_nsh_parse(const u8 *p, unsigned int len,
				  unsigned int max_hdr, struct sfp_nsh_hdr *h)
{
	unsigned int hdr_len;
	int n_tlv = 0;
	u8 md_type;

	if (len < SFP_NSH_BASE_LEN)
		return SFP_NSH_MALFORMED;
	if (p[0] >> 6 != 0)
		return SFP_NSH_BAD_VERSION;

	/* 0 is reserved and 0xf experimental: neither can be understood */
	md_type = p[2] & 0x0f;
	hdr_len = (p[1] & 0x3f) * 4;
	switch (md_type) {
	case SFP_NSH_MD_TYPE1:
		if (hdr_len != SFP_NSH_MD1_LEN)
			return SFP_NSH_MALFORMED;
		break;
	case SFP_NSH_MD_TYPE2:
		if (hdr_len < SFP_NSH_BASE_LEN)
			return SFP_NSH_MALFORMED;
		break;
	default:
		return SFP_NSH_BAD_MDTYPE;
	}
	if (hdr_len > len)
		return SFP_NSH_MALFORMED;
	/* a long but complete header is "too big", not "malformed" */
	if (hdr_len > max_hdr)
		return SFP_NSH_TOO_BIG;
	if (md_type == SFP_NSH_MD_TYPE2) {
		n_tlv = sfp_nsh_walk_tlvs(p + SFP_NSH_BASE_LEN,
					  hdr_len - SFP_NSH_BASE_LEN);
		if (n_tlv < 0)
			return SFP_NSH_MALFORMED;
	}

	switch (p[3]) {
	case SFP_NSH_NP_IPV4:
	case SFP_NSH_NP_IPV6:
	case SFP_NSH_NP_ETH:
		break;
	default:
		return SFP_NSH_BAD_NEXT_PROTO;
	}
	if (!sfp_nsh_payload_ok(p[3], p + hdr_len, len - hdr_len))
		return SFP_NSH_MALFORMED;

	h->hdr_len = hdr_len;
	h->md_type = md_type;
	h->next_proto = p[3];
	h->oam = p[0] & 0x20;
	h->ttl = sfp_nsh_get_ttl(p);
	h->spi = sfp_get_be32(p + 4) >> 8;
	h->si = p[7];
	h->n_tlv = n_tlv;
	return SFP_NSH_OK;
}

/**
 * sfp_nsh_rewrite() - prepare a cached header for the next hop
 * @hdr: a header sfp_nsh_parse() accepted, rewritten in place
 * @dec_ttl: also decrement the TTL (the proxy forwards as an SFF would)
 *
 * The proxy stands in for the function, so it decrements the SI (RFC 8300
 * section 2.3); forwarding the result is an SFF's job, which decrements the
 * TTL and must not forward at TTL 0 (section 2.2). A path cannot go on at
 * SI 0 either. So the packet is dropped when either decremented value
 * would be 0, i.e. when it arrived with SI <= 1 or TTL <= 1 (0 included:
 * nothing wraps around). The SI is checked first, as the function's
 * decrement comes before the forwarding one.
 *
 * Return: SFP_NSH_REWRITE_OK with @hdr rewritten, or SFP_NSH_SI_EXPIRED /
 * SFP_NSH_TTL_EXPIRED with @hdr unchanged: drop and count the packet.
 */
enum sfp_nsh_rewrite_result sfp_nsh_rewrite(u8 *hdr, bool dec_ttl)
{
	u8 ttl = sfp_nsh_get_ttl(hdr);

	if (hdr[7] <= 1)
		return SFP_NSH_SI_EXPIRED;
	if (dec_ttl && ttl <= 1)
		return SFP_NSH_TTL_EXPIRED;
	hdr[7]--;
	if (dec_ttl)
		sfp_nsh_set_ttl(hdr, ttl - 1);
	return SFP_NSH_REWRITE_OK;
}

/**
 * sfp_nsh_dec_ttl() - the forwarder's TTL decrement (RFC 8300 section 2.2)
 * @hdr: a header sfp_nsh_parse() accepted, in writable memory
 *
 * For a frame that only passes through this SFF on its way to the next
 * one: without the decrement, two entries naming each other as next hop
 * would keep a frame going round for ever.
 *
 * Return: true with the TTL decremented, false with @hdr unchanged when it
 * would become 0 (drop the frame).
 */
bool sfp_nsh_dec_ttl(u8 *hdr)
{
	u8 ttl = sfp_nsh_get_ttl(hdr);

	if (ttl <= 1)
		return false;
	sfp_nsh_set_ttl(hdr, ttl - 1);
	return true;
}

/**
 * sfp_nsh_build() - write an NSH header (for the classifier)
 * @buf: where to write
 * @size: bytes available at @buf
 * @spec: the header's fields and metadata
 *
 * Unassigned bits and the O bit are written as zero, TLV padding too, so
 * the result is exactly what sfp_nsh_parse() accepts.
 *
 * Return: the header length (bytes written), -EINVAL for a field out of
 * range (SPI, SI 0, TTL above 63, MD type, next protocol, TLV value longer
 * than 127 bytes), -EMSGSIZE when the header would exceed the 252 bytes the
 * length field can describe, -ENOSPC when it does not fit in @size.
 */
int sfp_nsh_build(u8 *buf, unsigned int size, const struct sfp_nsh_spec *spec)
{
	unsigned int hdr_len = SFP_NSH_BASE_LEN, i, off;
	u8 ttl = spec->ttl ? spec->ttl : SFP_NSH_TTL_DEFAULT;
	const struct sfp_nsh_tlv *t;

	if (spec->spi > SFP_NSH_SPI_MAX || !spec->si || ttl > SFP_NSH_TTL_MAX)
		return -EINVAL;
	if (spec->next_proto < SFP_NSH_NP_IPV4 ||
	    spec->next_proto > SFP_NSH_NP_ETH)
		return -EINVAL;

	switch (spec->md_type) {
	case SFP_NSH_MD_TYPE1:
		hdr_len = SFP_NSH_MD1_LEN;
		break;
	case SFP_NSH_MD_TYPE2:
		/* counted before writing, so nothing is left half written */
		for (i = 0; i < spec->n_tlv; i++) {
			t = &spec->tlv[i];
			if (t->len > SFP_NSH_TLV_MAX_VALUE)
				return -EINVAL;
			hdr_len += SFP_NSH_TLV_HDR_LEN + ((t->len + 3) & ~3U);
			if (hdr_len > SFP_NSH_MAX_HDR)
				return -EMSGSIZE;
		}
		break;
	default:
		return -EINVAL;
	}
	if (hdr_len > size)
		return -ENOSPC;

	memset(buf, 0, hdr_len);
	sfp_nsh_set_ttl(buf, ttl);
	buf[1] |= hdr_len / 4;
	buf[2] = spec->md_type;
	buf[3] = spec->next_proto;
	sfp_put_be32(buf + 4, sfp_nsh_path_key(spec->spi, spec->si));

	off = SFP_NSH_BASE_LEN;
	if (spec->md_type == SFP_NSH_MD_TYPE1) {
		for (i = 0; i < SFP_NSH_MD1_CTX_WORDS; i++)
			sfp_put_be32(buf + off + 4 * i, spec->md1_ctx[i]);
		return hdr_len;
	}
	for (i = 0; i < spec->n_tlv; i++) {
		t = &spec->tlv[i];
		sfp_nsh_put_be16(buf + off, t->md_class);
		buf[off + 2] = t->type;
		buf[off + 3] = t->len;
		if (t->len)
			memcpy(buf + off + SFP_NSH_TLV_HDR_LEN, t->value, t->len);
		off += SFP_NSH_TLV_HDR_LEN + ((t->len + 3) & ~3U);
	}
	return hdr_len;
}

/**
 * sfp_nsh_key_from_payload() - header-mode key of an NSH payload
 * @next_proto: the NSH next protocol
 * @p: the payload (first byte after the NSH header)
 * @len: bytes available from @p
 * @key: result
 *
 * IPv4 and IPv6 payloads get sfp_key_from_ip()'s key. An Ethernet payload
 * is looked through (MAC addresses and one 802.1Q/802.1ad tag, which a
 * function may rewrite or strip): carrying IP, it gets exactly the key of
 * that IP packet, so egress may build the key from the Ethernet frame or
 * from the bare IP packet alike; otherwise (or when that IP header is
 * broken) the EtherType and a digest of the first bytes after it.
 *
 * Return: false when no key can be built: unknown @next_proto, IP payload
 * of the wrong version or incomplete, Ethernet frame shorter than its header.
 */
bool sfp_nsh_key_from_payload(u8 next_proto, const u8 *p, unsigned int len,
			      struct sfp_key *key)
{
	unsigned int off = SFP_ETH_HLEN, ver;
	u32 type;

	memset(key, 0, sizeof(*key));
	switch (next_proto) {
	case SFP_NSH_NP_IPV4:
	case SFP_NSH_NP_IPV6:
		/* sfp_key_from_ip() alone would take either version */
		ver = next_proto == SFP_NSH_NP_IPV4 ? 4 : 6;
		if (len < 1 || p[0] >> 4 != ver)
			return false;
		return sfp_key_from_ip(p, len, key);
	case SFP_NSH_NP_ETH:
		if (len < SFP_ETH_HLEN)
			return false;
		break;
	default:
		return false;
	}

	type = sfp_get_be16(p + 12);
	if ((type == SFP_ETH_P_8021Q || type == SFP_ETH_P_8021AD) &&
	    len >= SFP_ETH_HLEN + SFP_VLAN_HLEN) {
		type = sfp_get_be16(p + 16);
		off += SFP_VLAN_HLEN;
	}
	ver = 0;
	if (type == SFP_ETH_P_IP)
		ver = 4;
	else if (type == SFP_ETH_P_IPV6)
		ver = 6;
	if (ver && len > off && p[off] >> 4 == ver &&
	    sfp_key_from_ip(p + off, len - off, key))
		return true;

	memset(key, 0, sizeof(*key));
	key->w[0] = SFP_KEY_TAG_ETH | type;
	len -= off;
	if (len > SFP_NSH_ETH_DIGEST_LEN)
		len = SFP_NSH_ETH_DIGEST_LEN;
	key->w[1] = sfp_pkt_digest(p + off, len);
	return true;
}
