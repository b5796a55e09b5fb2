// SPDX-License-Identifier: GPL-2.0
/*
 * Per-packet work of the module's datapath, in user space, for the
 * micro-benchmarks (scripts/bench/ubench.sh):
 *
 *   ingress, as sfp_mpls_rx_one() does it: parse the label stack, build the
 *   key (ID and/or header mode), copy the stack into a cache entry, strip it;
 *
 *   egress, as sfp_mpls_egress_hook() does it: build the key, take the
 *   cached entry (what sfp_cache_take() does on a hit: the header is used
 *   in place, not copied out), push the remaining labels in front of the
 *   packet and rewrite the stack (TTL).
 *
 * Left out: the cache's indexes (the rhltable of header keys and the ID slot
 * array: insert, lookup, unlink; they need the kernel's RCU and rhashtable
 * and cannot run in user space), the FIFO lock,
 * counters, skb helpers (pskb_may_pull, skb_pull_rcsum, skb_cow_head) and the
 * route lookup. What remains is the code of sfp_pkt.c plus the copies and
 * pointer moves around it, i.e. the packet code without the network around.
 *
 * The measured work is in two noinline functions, sfp_bench_ingress() and
 * sfp_bench_egress() (one packet per call), so that callgrind can count just
 * them with --toggle-collect. Built with -DSFP_BENCH_NO_MAIN this file is the
 * library that bench_sfp_pkt.cpp (Google Benchmark) times, so both tools
 * measure the same code; without it, main() below is the instruction-count
 * driver:
 *
 *   icount_sfp_pkt FRAME MODE LABELS PACKETS
 *     FRAME: ipv4_tcp | ipv6_tcp | ipv4_rtp   MODE: header | id | auto
 *
 * It runs PACKETS ingress calls, then PACKETS egress calls on the entries the
 * ingress calls made, checks the results, and prints one line:
 *   "icount: FRAME MODE LABELS PACKETS calls-ingress calls-egress"
 * Its exit status is non-zero when any packet took an unexpected path.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sfp_pkt.h"
#include "sfp_bench.h"

#define SFP_BENCH_RING		64	/* distinct packets cycled through */
#define SFP_BENCH_HEADROOM	128	/* in front of the egress packet */
#define SFP_BENCH_BUF		512
#define SFP_BENCH_PAYLOAD	64	/* transport payload bytes */

/* skb->protocol values, host order (only compared, never sent) */
#define SFP_BENCH_P_IP		0x0800
#define SFP_BENCH_P_IPV6	0x86dd
#define SFP_BENCH_P_MPLS_UC	0x8847

/* the module's defaults (sfp_config_init) */
#define SFP_BENCH_DEPTH		16
#define SFP_BENCH_POP		1
#define SFP_BENCH_ID_MASK	0xffff0000U
#define SFP_BENCH_CACHE_SIZE	4096U	/* the kernel's default */

enum sfp_bench_frame { SFP_BENCH_IPV4_TCP, SFP_BENCH_IPV6_TCP,
		       SFP_BENCH_IPV4_RTP };
enum sfp_bench_mode { SFP_BENCH_KEY_HEADER, SFP_BENCH_KEY_ID,
		      SFP_BENCH_KEY_AUTO };
enum { SFP_BENCH_BY_ID, SFP_BENCH_BY_HDR };

/* the sk_buff fields the datapath reads and writes */
struct sfp_bench_skb {
	u8 *head;
	u8 *data;
	unsigned int len;
	u32 mark;
	u16 protocol;
};

/*
 * Shaped like struct sfp_entry (kmod/sfp_cache.h), so that filling one in
 * and reading its header back touch what the kernel's do: @link stands for
 * the rhlist and FIFO heads, which nothing here touches.
 */
struct sfp_bench_entry {
	void *link[6];
	struct sfp_key key;
	u32 id;
	unsigned long tstamp;
	u32 mark_bits;
	u16 cpu;
	u8 dead;
	u8 indexed;
	u8 hdr_len;
	u8 hdr[SFP_MPLS_MAX_HDR];
};

struct sfp_bench_cfg {
	unsigned int depth;
	unsigned int pop;
	bool dec_ttl;
	enum sfp_bench_mode key_mode;
	u32 id_mask;
};

/* as struct reciprocal_value (linux/reciprocal_div.h) */
struct sfp_bench_recip {
	u32 m;
	u8 sh1, sh2;
};

struct sfp_bench {
	struct sfp_bench_cfg cfg;
	u32 next_id;
	u32 ids;			/* as struct sfp_id_slots' */
	struct sfp_bench_recip ids_div;
	unsigned int labels;
	unsigned int ip_len;
	u8 rx_buf[SFP_BENCH_RING][SFP_BENCH_BUF];	/* labels + IP packet */
	u8 tx_buf[SFP_BENCH_RING][SFP_BENCH_BUF];	/* headroom + IP packet */
	struct sfp_bench_skb rx_skb[SFP_BENCH_RING];
	struct sfp_bench_skb tx_skb[SFP_BENCH_RING];
	struct sfp_bench_entry entry[SFP_BENCH_RING];
};

static void put16(u8 *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static u32 get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* TCP header with NOP, NOP, timestamps (32 bytes), as Linux sends it */
static unsigned int build_tcp(u8 *p, unsigned int i)
{
	put16(p, 40000 + i % 8);		/* source port */
	put16(p + 2, 5201);			/* destination port */
	put32(p + 4, 0x10000000U + i * 1448);	/* seq */
	put32(p + 8, 0x20000000U + i);		/* ack */
	p[12] = 8 << 4;				/* data offset: 32 bytes */
	p[13] = 0x18;				/* PSH, ACK */
	put16(p + 14, 502);			/* window */
	p[20] = 1;
	p[21] = 1;
	p[22] = 8;				/* timestamps */
	p[23] = 10;
	put32(p + 24, 1000000 + i);		/* TSval */
	put32(p + 28, 2000000 + i);		/* TSecr */
	return 32;
}

/* UDP + RTP v2 header (dynamic payload type, e.g. video): 20 bytes */
static unsigned int build_rtp(u8 *p, unsigned int i, unsigned int media)
{
	put16(p, 5004);
	put16(p + 2, 5004);
	put16(p + 4, 8 + 12 + media);
	p[8] = 0x80;				/* V=2 */
	p[9] = 96;				/* PT */
	put16(p + 10, 7000 + i);		/* sequence */
	put32(p + 12, 90000U * (i / 4));	/* timestamp, 4 packets/frame */
	put32(p + 16, 0x5eed1234U);		/* SSRC */
	return 20;
}

/*
 * The IP packet of ring slot @i; returns its length. The transport payload
 * is SFP_BENCH_PAYLOAD bytes; for RTP its 12-byte header counts towards them.
 */
static unsigned int build_ip(u8 *p, enum sfp_bench_frame frame,
			     unsigned int i)
{
	unsigned int l4, hlen, k, plen = SFP_BENCH_PAYLOAD;

	if (frame == SFP_BENCH_IPV6_TCP) {
		hlen = 40;
		l4 = build_tcp(p + hlen, i);
		p[0] = 0x60;
		p[2] = 0x12;			/* flow label */
		p[3] = 0x34;
		put16(p + 4, l4 + plen);
		p[6] = 6;
		p[7] = 64;			/* hop limit */
		p[8] = 0xfd;			/* fd00::1:1 -> fd00::2:1 */
		p[21] = 1;
		p[23] = 1;
		p[24] = 0xfd;
		p[37] = 2;
		p[39] = 1;
	} else {
		hlen = 20;
		if (frame == SFP_BENCH_IPV4_TCP) {
			l4 = build_tcp(p + hlen, i);
			p[9] = 6;
		} else {
			plen -= 12;
			l4 = build_rtp(p + hlen, i, plen);
			p[9] = 17;
		}
		p[0] = 0x45;
		put16(p + 2, hlen + l4 + plen);
		put16(p + 4, 0x1000 + i);	/* ID */
		put16(p + 6, 0x4000);		/* DF */
		p[8] = 64;			/* TTL */
		put32(p + 12, 0x0a000101);	/* 10.0.1.1 -> 10.0.2.1 */
		put32(p + 16, 0x0a000201);
	}
	for (k = 0; k < plen; k++)
		p[hlen + l4 + k] = (u8)(i * 7 + k);
	return hlen + l4 + plen;
}

/*
 * As sfp_cache_ids_prepare() numbers IDs for a cache of @cache_size: the
 * largest multiple of the slot count the mask has room for, and its
 * reciprocal as reciprocal_value() makes it.
 */
static void sfp_bench_ids_init(struct sfp_bench *b, u32 cache_size)
{
	u32 id_max = b->cfg.id_mask >> __builtin_ctz(b->cfg.id_mask);
	u32 n = cache_size < id_max ? cache_size : id_max;
	unsigned int l;

	b->ids = id_max - id_max % n;
	l = b->ids > 1 ? 32 - __builtin_clz(b->ids - 1) : 0;
	b->ids_div.m = (u32)((((u64)1 << 32) * (((u64)1 << l) - b->ids)) /
			     b->ids + 1);
	b->ids_div.sh1 = l < 1 ? l : 1;
	b->ids_div.sh2 = l > 1 ? l - 1 : 0;
}

struct sfp_bench *sfp_bench_new(const char *frame, const char *mode,
				unsigned int labels)
{
	enum sfp_bench_frame f;
	struct sfp_bench *b;
	unsigned int i, k;
	u8 *p;

	if (!strcmp(frame, "ipv4_tcp"))
		f = SFP_BENCH_IPV4_TCP;
	else if (!strcmp(frame, "ipv6_tcp"))
		f = SFP_BENCH_IPV6_TCP;
	else if (!strcmp(frame, "ipv4_rtp"))
		f = SFP_BENCH_IPV4_RTP;
	else
		return NULL;
	if (labels < 1 || labels > SFP_BENCH_DEPTH)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	if (!strcmp(mode, "header")) {
		b->cfg.key_mode = SFP_BENCH_KEY_HEADER;
	} else if (!strcmp(mode, "id")) {
		b->cfg.key_mode = SFP_BENCH_KEY_ID;
	} else if (!strcmp(mode, "auto")) {
		b->cfg.key_mode = SFP_BENCH_KEY_AUTO;
	} else {
		free(b);
		return NULL;
	}
	b->cfg.depth = SFP_BENCH_DEPTH;
	b->cfg.pop = SFP_BENCH_POP;
	b->cfg.dec_ttl = true;
	b->cfg.id_mask = SFP_BENCH_ID_MASK;
	b->labels = labels;
	sfp_bench_ids_init(b, SFP_BENCH_CACHE_SIZE);

	for (i = 0; i < SFP_BENCH_RING; i++) {
		p = b->rx_buf[i];
		for (k = 0; k < labels; k++)	/* label, BoS on the last, TTL */
			put32(p + k * SFP_LSE_LEN, (16000U + 10 * k) << 12 |
			      (k == labels - 1 ? 0x100 : 0) | (64 - k));
		b->ip_len = build_ip(p + labels * SFP_LSE_LEN, f, i);
		memcpy(b->tx_buf[i] + SFP_BENCH_HEADROOM,
		       p + labels * SFP_LSE_LEN, b->ip_len);
		b->tx_skb[i].protocol = f == SFP_BENCH_IPV6_TCP ?
					SFP_BENCH_P_IPV6 : SFP_BENCH_P_IP;
	}
	return b;
}

void sfp_bench_free(struct sfp_bench *b)
{
	free(b);
}

unsigned int sfp_bench_ring(void)
{
	return SFP_BENCH_RING;
}

/* A frame as the lower device hands it over: data at the label stack. */
struct sfp_bench_skb *sfp_bench_rx_skb(struct sfp_bench *b, unsigned int i)
{
	struct sfp_bench_skb *skb = &b->rx_skb[i];

	skb->head = b->rx_buf[i];
	skb->data = b->rx_buf[i];
	skb->len = b->labels * SFP_LSE_LEN + b->ip_len;
	skb->mark = 0;
	skb->protocol = SFP_BENCH_P_MPLS_UC;
	return skb;
}

/*
 * The packet of slot @i as the function sends it back: the bare IP packet,
 * with the mark ingress gave it (the ID in id and auto modes).
 */
struct sfp_bench_skb *sfp_bench_tx_skb(struct sfp_bench *b, unsigned int i)
{
	struct sfp_bench_skb *skb = &b->tx_skb[i];

	skb->head = b->tx_buf[i];
	skb->data = b->tx_buf[i] + SFP_BENCH_HEADROOM;
	skb->len = b->ip_len;
	skb->mark = b->rx_skb[i].mark;
	skb->protocol = skb->data[0] >> 4 == 6 ? SFP_BENCH_P_IPV6 :
						 SFP_BENCH_P_IP;
	return skb;
}

struct sfp_bench_entry *sfp_bench_entry(struct sfp_bench *b, unsigned int i)
{
	return &b->entry[i];
}

static u32 sfp_bench_id_shift(u32 mask)
{
	return __builtin_ctz(mask);
}

/* as reciprocal_divide(): @a / the divisor @r was made for */
static u32 sfp_bench_divide(u32 a, struct sfp_bench_recip r)
{
	u32 t = (u32)(((u64)a * r.m) >> 32);

	return (t + ((a - t) >> r.sh1)) >> r.sh2;
}

/* as sfp_cache_next_id(): a fresh ID, 1..b->ids */
static u32 sfp_bench_next_id(struct sfp_bench *b)
{
	u32 seq = __atomic_add_fetch(&b->next_id, 1, __ATOMIC_SEQ_CST);

	return seq - sfp_bench_divide(seq, b->ids_div) * b->ids + 1;
}

/*
 * One packet of sfp_mpls_rx_one(): returns 0 when the packet is now a bare IP
 * packet and @e holds its stack and key(s), -1 when the kernel would drop it.
 */
__attribute__((noinline))
int sfp_bench_ingress(struct sfp_bench *b, struct sfp_bench_skb *skb,
		      struct sfp_bench_entry *e)
{
	const struct sfp_bench_cfg *cfg = &b->cfg;
	struct sfp_mpls_stack st;
	u32 id;

	if (sfp_mpls_parse(skb->data, skb->len, cfg->depth, &st) !=
	    SFP_PARSE_OK)
		return -1;

	e->hdr_len = st.n_lse * SFP_LSE_LEN;
	sfp_hdr_copy(e->hdr, skb->data, e->hdr_len);
	e->indexed = 0;
	e->mark_bits = 0;
	if (cfg->key_mode != SFP_BENCH_KEY_HEADER) {
		id = sfp_bench_next_id(b);
		e->id = id;
		e->indexed |= 1U << SFP_BENCH_BY_ID;
		e->mark_bits = skb->mark & cfg->id_mask;
		skb->mark = (skb->mark & ~cfg->id_mask) |
			    ((id << sfp_bench_id_shift(cfg->id_mask)) &
			     cfg->id_mask);
	}
	if (cfg->key_mode != SFP_BENCH_KEY_ID) {
		if (!sfp_key_from_ip(skb->data + e->hdr_len,
				     skb->len - e->hdr_len,
				     &e->key))
			return -1;
		e->indexed |= 1U << SFP_BENCH_BY_HDR;
	}
	/* the kernel links @e into its indexes here: not measured */

	/* the strip: skb_pull() plus the protocol of the bare packet */
	skb->data += st.n_lse * SFP_LSE_LEN;
	skb->len -= st.n_lse * SFP_LSE_LEN;
	skb->protocol = st.inner_version == 4 ? SFP_BENCH_P_IP :
						SFP_BENCH_P_IPV6;
	return 0;
}

/*
 * What sfp_cache_take() does on a hit, minus the rhltable lookup and unlink
 * (or sfp_cache_take_id(), minus the slot load and compare-and-exchange):
 * hand over the entry, whose header egress then reads in place. The caller
 * stands for the lookup's compare (an ID, or a header key).
 */
static const struct sfp_bench_entry *
sfp_bench_take(const struct sfp_bench_entry *cached)
{
	return cached;
}

/*
 * One packet of sfp_mpls_egress_hook() (sfp_mpls_xmit() up to the route
 * lookup) for the packet whose entry is @cached: returns 0 when @skb now
 * carries the labels for the next hop, -1 when the kernel would drop it.
 */
__attribute__((noinline))
int sfp_bench_egress(struct sfp_bench *b, struct sfp_bench_skb *skb,
		     const struct sfp_bench_entry *cached)
{
	const struct sfp_bench_cfg *cfg = &b->cfg;
	const struct sfp_bench_entry *e = NULL;
	unsigned int n_lse, n_out;
	struct sfp_key key;
	u32 id;

	if (skb->protocol != SFP_BENCH_P_IP &&
	    skb->protocol != SFP_BENCH_P_IPV6)
		return -1;

	id = (skb->mark & cfg->id_mask) >> sfp_bench_id_shift(cfg->id_mask);
	if (cfg->key_mode != SFP_BENCH_KEY_HEADER && id) {
		/* the kernel compares the entry's ID, a number */
		if (cached->id == id)
			e = sfp_bench_take(cached);
		if (e)
			skb->mark = (skb->mark & ~cfg->id_mask) | e->mark_bits;
	} else if (cfg->key_mode != SFP_BENCH_KEY_ID &&
		   sfp_key_from_ip(skb->data, skb->len, &key)) {
		/* the rhltable lookup would compare @key with the entry's */
		e = sfp_bench_take(cached);
	}
	if (!e)
		return -1;

	n_lse = e->hdr_len / SFP_LSE_LEN;
	n_out = n_lse > cfg->pop ? n_lse - cfg->pop : 0;
	/* the push: skb_cow_head() finds the headroom, skb_push(), the copy */
	if (n_out) {
		if ((unsigned int)(skb->data - skb->head) < n_out * SFP_LSE_LEN)
			return -1;
		skb->data -= n_out * SFP_LSE_LEN;
		skb->len += n_out * SFP_LSE_LEN;
		sfp_hdr_copy(skb->data, e->hdr + cfg->pop * SFP_LSE_LEN,
			     n_out * SFP_LSE_LEN);
		skb->protocol = SFP_BENCH_P_MPLS_UC;
		/* the kernel decrements the TTL in the entry it owns, before
		 * the copy; here in the copy, so that the ring's entries can
		 * be taken again and again: the same work
		 */
		if (sfp_mpls_rewrite(skb->data, n_out, 0, cfg->dec_ttl))
			return -1;
	}
	return 0;
}

/*
 * After ingress and egress ran on every ring slot: did each packet take the
 * path the kernel's would (its egress key finds its entry) and leave egress
 * with the right stack in front of the untouched IP packet? Returns the
 * number of slots that did not.
 */
int sfp_bench_check(struct sfp_bench *b)
{
	unsigned int i, k, n_out, lse_len = SFP_LSE_LEN;
	const struct sfp_bench_cfg *cfg = &b->cfg;
	const struct sfp_bench_skb *skb;
	const struct sfp_bench_entry *e;
	const u8 *ip, *rx;
	struct sfp_key key;
	int bad = 0;
	u32 id;

	n_out = b->labels > cfg->pop ? b->labels - cfg->pop : 0;
	for (i = 0; i < SFP_BENCH_RING; i++) {
		e = &b->entry[i];
		skb = &b->tx_skb[i];
		rx = b->rx_buf[i];
		ip = b->tx_buf[i] + SFP_BENCH_HEADROOM;
		if (e->hdr_len != b->labels * lse_len ||
		    memcmp(e->hdr, rx, e->hdr_len)) {
			bad++;
			continue;
		}
		if (cfg->key_mode == SFP_BENCH_KEY_HEADER) {
			if (!sfp_key_from_ip(ip, b->ip_len, &key) ||
			    memcmp(&key, &e->key, sizeof(key))) {
				bad++;
				continue;
			}
		} else {
			id = (b->rx_skb[i].mark & cfg->id_mask) >>
			     sfp_bench_id_shift(cfg->id_mask);
			if (!id || id != e->id) {
				bad++;
				continue;
			}
		}
		/* egress output: labels pop.., top TTL one less, then IP */
		if (skb->data != ip - n_out * lse_len ||
		    skb->len != b->ip_len + n_out * lse_len ||
		    memcmp(ip, rx + b->labels * lse_len, b->ip_len)) {
			bad++;
			continue;
		}
		for (k = 0; k < n_out; k++) {
			u32 want = get32(rx + (cfg->pop + k) * lse_len);

			if (k == 0)
				want--;
			if (get32(skb->data + k * lse_len) != want)
				break;
		}
		if (k != n_out)
			bad++;
	}
	return bad;
}

#ifndef SFP_BENCH_NO_MAIN
int main(int argc, char **argv)
{
	unsigned long packets, n, fail_in = 0, fail_out = 0;
	struct sfp_bench *b;
	unsigned int labels;
	char *end;
	int bad;

	if (argc != 5) {
		fprintf(stderr, "usage: %s ipv4_tcp|ipv6_tcp|ipv4_rtp header|id|auto LABELS PACKETS\n",
			argv[0]);
		return 2;
	}
	labels = strtoul(argv[3], &end, 10);
	if (*end)
		labels = 0;
	packets = strtoul(argv[4], &end, 10);
	if (*end || packets < SFP_BENCH_RING) {
		fprintf(stderr, "PACKETS must be at least %d\n",
			SFP_BENCH_RING);
		return 2;
	}
	b = sfp_bench_new(argv[1], argv[2], labels);
	if (!b) {
		fprintf(stderr, "bad frame, mode or label count (1..%d)\n",
			SFP_BENCH_DEPTH);
		return 2;
	}

	for (n = 0; n < packets; n++) {
		unsigned int i = n % SFP_BENCH_RING;

		if (sfp_bench_ingress(b, sfp_bench_rx_skb(b, i), &b->entry[i]))
			fail_in++;
	}
	for (n = 0; n < packets; n++) {
		unsigned int i = n % SFP_BENCH_RING;

		if (sfp_bench_egress(b, sfp_bench_tx_skb(b, i), &b->entry[i]))
			fail_out++;
	}
	bad = sfp_bench_check(b);
	printf("icount: %s %s %u %lu calls-ingress %lu calls-egress %lu\n",
	       argv[1], argv[2], labels, packets, packets, packets);
	sfp_bench_free(b);
	if (fail_in || fail_out || bad) {
		fprintf(stderr, "icount: %lu ingress and %lu egress packets dropped, %d ring slots wrong\n",
			fail_in, fail_out, bad);
		return 1;
	}
	return 0;
}
#endif
