// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: header-mode keys on plain byte buffers (see sfp_pkt.h for
 * why); the label stack's parsing and rewriting, which every packet runs,
 * are inline in sfp_pkt.h.
 *
 * Header-mode keys use only fields that a forwarding function leaves alone:
 * addresses, IPv4 ID, protocol, ports, TCP sequence/ack/flags/timestamps,
 * RTP SSRC/sequence/timestamp, ICMP identifiers, a digest of the first
 * payload bytes. Never TTL/hop limit, checksums, DSCP/ECN, which forwarding
 * itself changes. The IPv4 IHL and the TCP data offset are honoured.
 */
#include "sfp_pkt.h"

#define SFP_DIGEST_BYTES	32U

/*
 * FNV-1a over the first payload bytes, a word at a time: tells apart
 * payloads of otherwise equal keys. @len is the payload length the headers
 * declare, which seeds the hash; @avail is what can be read. Callers pull
 * enough that @avail covers the digested bytes, so ingress and egress agree
 * however much of the packet happens to be linear.
 */
static u32 sfp_digest(const u8 *p, unsigned int avail, unsigned int len)
{
	u32 h = 2166136261U ^ len;
	unsigned int i, n = avail < len ? avail : len;

	if (n > SFP_DIGEST_BYTES)
		n = SFP_DIGEST_BYTES;
	for (i = 0; i + 4 <= n; i += 4)
		h = (h ^ sfp_get_be32(p + i)) * 16777619U;
	for (; i < n; i++)
		h = (h ^ p[i]) * 16777619U;
	return h;
}

/*
 * Key words of the transport header at @l4; returns the next free word.
 * @avail bytes can be read from @l4; @len is the transport length the IP
 * header declares (>= @avail). Only @len goes into the key.
 */
static unsigned int sfp_key_l4(struct sfp_key *key, unsigned int n, u8 proto,
			       const u8 *l4, unsigned int avail,
			       unsigned int len)
{
	unsigned int doff, off, olen;

	switch (proto) {
	case 6:		/* TCP */
		if (avail < 20)
			break;
		doff = (l4[12] >> 4) * 4;
		if (doff < 20 || doff > avail)
			break;
		key->w[n++] = sfp_get_be32(l4);			/* ports */
		key->w[n++] = sfp_get_be32(l4 + 4);		/* seq */
		key->w[n++] = sfp_get_be32(l4 + 8);		/* ack */
		key->w[n++] = (u32)l4[13] << 16 | (len - doff);	/* flags, data */
		/* TCP timestamps keep duplicate ACKs apart (IPv6 has no ID) */
		for (off = 20; off < doff;) {
			if (l4[off] == 0)		/* end of options */
				break;
			if (l4[off] == 1) {		/* no-op */
				off++;
				continue;
			}
			if (off + 1 >= doff)
				break;
			olen = l4[off + 1];
			if (olen < 2 || off + olen > doff)
				break;
			if (l4[off] == 8 && olen == 10) {
				key->w[n++] = sfp_get_be32(l4 + off + 2);
				key->w[n++] = sfp_get_be32(l4 + off + 6);
				break;
			}
			off += olen;
		}
		return n;
	case 17:	/* UDP */
		if (avail < 8)
			break;
		key->w[n++] = sfp_get_be32(l4);			/* ports */
		/* RTP v2: every packet of a video frame shares the timestamp,
		 * so SSRC and sequence number carry the identity.
		 */
		if (avail >= 20 && (l4[8] >> 6) == 2) {
			key->w[n++] = sfp_get_be32(l4 + 16);	/* SSRC */
			key->w[n++] = sfp_get_be16(l4 + 10);	/* sequence */
			key->w[n++] = sfp_get_be32(l4 + 12);	/* timestamp */
		}
		key->w[n++] = sfp_digest(l4 + 8, avail - 8, len - 8);
		return n;
	case 1:		/* ICMP */
	case 58:	/* ICMPv6 */
		if (avail < 8)
			break;
		key->w[n++] = sfp_get_be16(l4) << 16;		/* type, code */
		key->w[n++] = sfp_get_be32(l4 + 4);		/* id, seq */
		key->w[n++] = sfp_digest(l4 + 8, avail - 8, len - 8);
		return n;
	}
	key->w[n++] = sfp_digest(l4, avail, len);
	return n;
}

/**
 * sfp_key_from_ip() - header-mode key of an IPv4 or IPv6 packet
 * @ip: the IP header
 * @len: bytes available from @ip
 * @key: result
 *
 * Return: false when @ip is not a complete IPv4/IPv6 header.
 */
bool sfp_key_from_ip(const u8 *ip, unsigned int len, struct sfp_key *key)
{
	unsigned int ihl, tot, i;

	memset(key, 0, sizeof(*key));
	if (len < 1)
		return false;

	switch (ip[0] >> 4) {
	case 4:
		ihl = (ip[0] & 0x0f) * 4;
		if (ihl < 20 || len < ihl)
			return false;
		tot = sfp_get_be16(ip + 2);
		if (tot < ihl)
			return false;
		if (tot < len)
			len = tot;	/* Ethernet padding is not payload */
		key->w[0] = SFP_KEY_TAG_IPV4 | (u32)ip[9] << 16 |
			    sfp_get_be16(ip + 4);		/* proto, ID */
		key->w[1] = sfp_get_be32(ip + 12);
		key->w[2] = sfp_get_be32(ip + 16);
		/* a non-first fragment has no transport header */
		if (sfp_get_be16(ip + 6) & 0x1fff)
			key->w[3] = sfp_digest(ip + ihl, len - ihl, tot - ihl);
		else
			sfp_key_l4(key, 3, ip[9], ip + ihl, len - ihl,
				   tot - ihl);
		return true;
	case 6:
		if (len < 40)
			return false;
		tot = 40 + sfp_get_be16(ip + 4);
		if (tot < len)
			len = tot;
		key->w[0] = SFP_KEY_TAG_IPV6 | (u32)ip[6] << 16;
		for (i = 0; i < 8; i++)
			key->w[1 + i] = sfp_get_be32(ip + 8 + 4 * i);
		sfp_key_l4(key, 9, ip[6], ip + 40, len - 40, tot - 40);
		return true;
	}
	return false;
}

/**
 * sfp_key_from_id() - the key an ID stands for in cache dumps
 * @id: the per-packet ID carried in skb->mark
 * @key: result
 *
 * The cache itself indexes IDs as numbers; this form, tagged apart from
 * every header-mode key, is what SFCPROXY_CACHE_A_KEY carries for them.
 */
void sfp_key_from_id(u32 id, struct sfp_key *key)
{
	memset(key, 0, sizeof(*key));
	key->w[0] = SFP_KEY_TAG_ID;
	key->w[1] = id;
}

/**
 * sfp_pkt_digest() - the payload digest header-mode keys use
 * @p: first byte
 * @len: bytes at @p; only the first 32 are read, but all count
 *
 * For keys built outside this file (non-IP payloads in NSH), so that every
 * key uses one digest.
 *
 * Return: the digest.
 */
u32 sfp_pkt_digest(const u8 *p, unsigned int len)
{
	return sfp_digest(p, len, len);
}
