// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the SR-MPLS datapath.
 *
 * Ingress (from the lower device's rx_handler): parse the label stack, cache
 * it under the packet's key, strip it, and hand the bare IP packet to the
 * stack as received on the proxy device (RX_HANDLER_ANOTHER, no requeue).
 *
 * Egress (ndo_start_xmit of the proxy device, which the function routes its
 * output to): find the packet's cached stack, put it back minus the labels
 * this SF consumed, and send the result to the next hop the FIB gives for the
 * inner destination, through neigh_xmit() as mpls_iptunnel does. The lookup
 * runs as for locally generated traffic, so a policy rule such as
 * `ip rule add iif sfp0 lookup 100` (steering the function's output into the
 * proxy) does not match it and the main table's real next hop is used.
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <net/ip6_route.h>
#include <net/neighbour.h>
#include <net/route.h>

#include "sfp.h"
#include "sfp_cache.h"

/* Enough linear data for the stack, an IP header and the transport fields
 * that header-mode keys read.
 */
#define SFP_PULL_LEN	(SFP_MPLS_MAX_HDR + 60 + 60 + 32)

static u32 sfp_id_shift(u32 mask)
{
	return __ffs(mask);
}

/* A fresh, non-zero per-packet ID that fits under the mask. */
static u32 sfp_next_id(struct sfp_dev *sd, u32 mask)
{
	u64 range = (u64)(mask >> sfp_id_shift(mask));
	u32 seq = (u32)atomic_inc_return(&sd->next_id);

	return (u32)((u64)seq % range) + 1;
}

static void sfp_drop(struct sfp_dev *sd, struct sk_buff *skb,
		     enum sfp_stat stat)
{
	sfp_stat_inc(sd, stat);
	dev_core_stats_rx_dropped_inc(sd->dev);
	kfree_skb(skb);
}

/*
 * Cache and strip the label stack of one (non-GSO, unshared) packet.
 * Returns true when @skb is now a bare IP packet of the proxy device, false
 * when it was dropped (and counted).
 */
static bool sfp_mpls_rx_one(struct sfp_dev *sd, struct sk_buff *skb)
{
	const struct sfp_config *cfg = rcu_dereference(sd->cfg);
	struct sfp_mpls_stack st;
	struct sfp_entry *e;
	u32 id;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, SFP_PULL_LEN))) {
		sfp_drop(sd, skb, SFP_STAT_ALLOC_FAIL);
		return false;
	}
	switch (sfp_mpls_parse(skb->data, skb_headlen(skb), cfg->depth, &st)) {
	case SFP_PARSE_OK:
		break;
	case SFP_PARSE_TOO_BIG:
		sfp_drop(sd, skb, SFP_STAT_RX_TOO_BIG);
		return false;
	default:
		sfp_drop(sd, skb, SFP_STAT_RX_MALFORMED);
		return false;
	}

	e = sfp_cache_alloc(&sd->cache);
	if (!e) {
		sfp_drop(sd, skb, SFP_STAT_ALLOC_FAIL);
		return false;
	}
	e->hdr_len = st.n_lse * SFP_LSE_LEN;
	memcpy(e->hdr, skb->data, e->hdr_len);
	e->indexed = 0;
	e->mark_bits = 0;
	if (cfg->key_mode != SFCPROXY_KEY_HEADER) {
		id = sfp_next_id(sd, cfg->id_mask);
		sfp_key_from_id(id, &e->key[SFP_BY_ID]);
		e->indexed |= BIT(SFP_BY_ID);
		e->mark_bits = skb->mark & cfg->id_mask;
		skb->mark = (skb->mark & ~cfg->id_mask) |
			    (id << sfp_id_shift(cfg->id_mask));
	}
	if (cfg->key_mode != SFCPROXY_KEY_ID) {
		if (!sfp_key_from_ip(skb->data + e->hdr_len,
				     skb_headlen(skb) - e->hdr_len,
				     &e->key[SFP_BY_HDR])) {
			sfp_cache_free(e);
			sfp_drop(sd, skb, SFP_STAT_RX_MALFORMED);
			return false;
		}
		e->indexed |= BIT(SFP_BY_HDR);
	}
	if (sfp_cache_insert(&sd->cache, e, cfg)) {
		sfp_drop(sd, skb, SFP_STAT_ALLOC_FAIL);
		return false;
	}

	/* from here on the packet is a bare IP packet on the proxy device */
	skb_pull_rcsum(skb, st.n_lse * SFP_LSE_LEN);
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	skb->mac_len = 0;
	skb->protocol = st.inner_version == 4 ? htons(ETH_P_IP) :
						htons(ETH_P_IPV6);
	skb->dev = sd->dev;
	skb->pkt_type = PACKET_HOST;
	sfp_stat_inc(sd, SFP_STAT_RX_SUCCESS);
	dev_sw_netstats_rx_add(sd->dev, skb->len);
	return true;
}

/*
 * A GSO super-packet (a local sender over veth hands its TSO packets on
 * unsegmented) would leave one cache entry for many packets: cut it into
 * the packets it stands for, cache each, and queue them to the proxy device.
 */
static void sfp_mpls_rx_gso(struct sfp_dev *sd, struct sk_buff *skb)
{
	struct sk_buff *segs, *seg, *next;

	/* segmentation starts from the link-layer header */
	__skb_push(skb, skb->mac_len);
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		/* e.g. mpls_gso not loaded: nothing can be done per packet */
		sfp_drop(sd, skb, SFP_STAT_RX_MALFORMED);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		__skb_pull(seg, seg->mac_len);
		skb_reset_network_header(seg);
		if (sfp_mpls_rx_one(sd, seg))
			netif_rx(seg);
	}
}

/**
 * sfp_mpls_rx() - cache and strip the label stack of a frame for @sd
 * @sd: the proxy device whose label is on top
 * @pskb: the frame, data at the label stack
 *
 * Return: RX_HANDLER_ANOTHER with *@pskb now on the proxy device, or
 * RX_HANDLER_CONSUMED when the frame was dropped (and counted) or split
 * into packets queued to the proxy device.
 */
rx_handler_result_t sfp_mpls_rx(struct sfp_dev *sd, struct sk_buff **pskb)
{
	struct sk_buff *skb = skb_share_check(*pskb, GFP_ATOMIC);

	if (!skb) {
		sfp_stat_inc(sd, SFP_STAT_ALLOC_FAIL);
		return RX_HANDLER_CONSUMED;
	}
	if (skb_is_gso(skb)) {
		sfp_mpls_rx_gso(sd, skb);
		return RX_HANDLER_CONSUMED;
	}
	if (!sfp_mpls_rx_one(sd, skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;
	return RX_HANDLER_ANOTHER;
}

/*
 * The next hop for the inner destination, looked up as for locally
 * generated traffic; returns the output device or NULL.
 */
static struct net_device *sfp_next_hop(struct sfp_dev *sd, struct sk_buff *skb,
				       int *tbl, void *nh)
{
	struct net *net = dev_net(sd->dev);
	struct net_device *out = NULL;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);
		struct flowi4 fl4 = {
			.daddr = iph->daddr,
			.saddr = iph->saddr,
			.flowi4_mark = skb->mark,
			/* the source belongs to the chain's sender, not us */
			.flowi4_flags = FLOWI_FLAG_ANYSRC,
		};
		struct rtable *rt = ip_route_output_key(net, &fl4);

		if (IS_ERR(rt))
			return NULL;
		out = rt->dst.dev;
		if (rt->rt_gw_family == AF_INET6) {
			*tbl = NEIGH_ND_TABLE;
			memcpy(nh, &rt->rt_gw6, sizeof(struct in6_addr));
		} else {
			*tbl = NEIGH_ARP_TABLE;
			*(__be32 *)nh = rt_nexthop(rt, iph->daddr);
		}
		ip_rt_put(rt);
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.daddr = ip6h->daddr,
			.saddr = ip6h->saddr,
			.flowi6_mark = skb->mark,
		};
		struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);

		if (dst->error) {
			dst_release(dst);
			return NULL;
		}
		out = dst->dev;
		*tbl = NEIGH_ND_TABLE;
		memcpy(nh, rt6_nexthop((struct rt6_info *)dst, &fl6.daddr),
		       sizeof(struct in6_addr));
		dst_release(dst);
	}
	return out;
}

/*
 * What a returning packet gets back: its cached stack (minus the labels this
 * SF consumed, TTL rewritten) in @e and the number of entries to push in
 * @n_out, and its original mark bits. @ip is the packet's IP header, @len
 * the bytes readable there.
 */
enum sfp_reclaim {
	SFP_RECLAIM_HIT,
	SFP_RECLAIM_NO_ID,	/* id mode and the packet carries no ID */
	SFP_RECLAIM_ID_MISS,	/* an ID with no entry: the chain's packet */
	SFP_RECLAIM_MISS,	/* a header key with no entry */
	SFP_RECLAIM_DROP,	/* counted already */
};

static enum sfp_reclaim sfp_mpls_reclaim(struct sfp_dev *sd,
					 const struct sfp_config *cfg,
					 struct sk_buff *skb, const u8 *ip,
					 unsigned int len, struct sfp_taken *e,
					 unsigned int *n_out)
{
	struct sfp_key key;
	bool hit = false;
	u32 id;

	id = (skb->mark & cfg->id_mask) >> sfp_id_shift(cfg->id_mask);
	if (cfg->key_mode != SFCPROXY_KEY_HEADER && id) {
		sfp_key_from_id(id, &key);
		if (!sfp_cache_take(&sd->cache, SFP_BY_ID, &key, e))
			return SFP_RECLAIM_ID_MISS;
		/* the bits the ID borrowed go back */
		skb->mark = (skb->mark & ~cfg->id_mask) | e->mark_bits;
		hit = true;
	} else if (cfg->key_mode == SFCPROXY_KEY_ID) {
		return SFP_RECLAIM_NO_ID;
	} else if (sfp_key_from_ip(ip, len, &key)) {
		hit = sfp_cache_take(&sd->cache, SFP_BY_HDR, &key, e);
	}
	if (!hit)
		return SFP_RECLAIM_MISS;

	if (sfp_mpls_rewrite(e->hdr, e->hdr_len / SFP_LSE_LEN, cfg->pop,
			     cfg->ttl == SFCPROXY_TTL_DEC)) {
		sfp_stat_inc(sd, SFP_STAT_TX_TTL_EXPIRED);
		return SFP_RECLAIM_DROP;
	}
	*n_out = 0;
	if (e->hdr_len / SFP_LSE_LEN > cfg->pop)
		*n_out = e->hdr_len / SFP_LSE_LEN - cfg->pop;
	return SFP_RECLAIM_HIT;
}

/**
 * sfp_mpls_xmit() - re-attach a packet's cached stack and send it on
 * @sd: the proxy device the function routed the packet to
 * @skb: an IPv4 or IPv6 packet, data at the IP header
 */
void sfp_mpls_xmit(struct sfp_dev *sd, struct sk_buff *skb)
{
	const struct sfp_config *cfg = rcu_dereference_bh(sd->cfg);
	unsigned int len, n_out = 0;
	struct net_device *out;
	struct sfp_taken e;
	bool hit = false;
	u8 nh[16];
	int tbl;

	if ((skb->protocol != htons(ETH_P_IP) &&
	     skb->protocol != htons(ETH_P_IPV6)) ||
	    !pskb_may_pull(skb, min_t(unsigned int, skb->len, SFP_PULL_LEN))) {
		sfp_stat_inc(sd, SFP_STAT_TX_IGNORED);
		goto drop;
	}
	skb_reset_network_header(skb);

	switch (sfp_mpls_reclaim(sd, cfg, skb, skb->data, skb_headlen(skb),
				 &e, &n_out)) {
	case SFP_RECLAIM_HIT:
		hit = true;
		break;
	case SFP_RECLAIM_DROP:
		goto drop;
	default:
		/* routed into the proxy: it is the chain's, whatever it lacks */
		sfp_stat_inc(sd, SFP_STAT_TX_NOT_CACHED);
		if (cfg->miss == SFCPROXY_MISS_DROP)
			goto drop;
	}

	out = sfp_next_hop(sd, skb, &tbl, nh);
	if (!out || out == sd->dev) {
		/* no route, or one that loops back into the proxy */
		sfp_stat_inc(sd, SFP_STAT_TX_NO_ROUTE);
		goto drop;
	}

	if (n_out) {
		if (skb_cow_head(skb, n_out * SFP_LSE_LEN +
				      LL_RESERVED_SPACE(out)))
			goto drop;
		skb_push(skb, n_out * SFP_LSE_LEN);
		memcpy(skb->data, e.hdr + cfg->pop * SFP_LSE_LEN,
		       n_out * SFP_LSE_LEN);
		skb_reset_network_header(skb);
		skb->protocol = htons(ETH_P_MPLS_UC);
	}
	if (hit)
		sfp_stat_inc(sd, SFP_STAT_TX_SUCCESS);

	len = skb->len;
	skb_dst_drop(skb);
	skb->dev = out;
	if (neigh_xmit(tbl, out, nh, skb) >= 0)
		dev_sw_netstats_tx_add(sd->dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(sd->dev);
	return;

drop:
	dev_core_stats_tx_dropped_inc(sd->dev);
	kfree_skb(skb);
}

/**
 * sfp_mpls_egress_hook() - restore a leaving packet's stack (egress hook)
 * @sd: the proxy device whose hook runs
 * @skb: a frame about to be queued on the hooked Ethernet device, data at
 *	its Ethernet header
 *
 * Packets of the chain get their stack inserted after the Ethernet header;
 * everything else (other traffic of the host, and in header mode packets
 * whose key is not cached) passes untouched and counts as tx_ignored. GSO
 * packets pass too: they were not cut into the packets that were cached.
 *
 * Return: NF_ACCEPT, or NF_DROP for a packet of the chain that must not
 * go on (TTL, miss policy with an ID that is not cached).
 */
unsigned int sfp_mpls_egress_hook(struct sfp_dev *sd, struct sk_buff *skb)
{
	const struct sfp_config *cfg = rcu_dereference_bh(sd->cfg);
	unsigned int l2 = skb_network_offset(skb), n_out = 0, push;
	struct sfp_taken e;

	if ((skb->protocol != htons(ETH_P_IP) &&
	     skb->protocol != htons(ETH_P_IPV6)) || l2 != ETH_HLEN ||
	    skb_is_gso(skb) ||
	    !pskb_may_pull(skb, l2 + min_t(unsigned int, skb->len - l2,
					   SFP_PULL_LEN)))
		goto ignore;

	switch (sfp_mpls_reclaim(sd, cfg, skb, skb->data + l2,
				 skb_headlen(skb) - l2, &e, &n_out)) {
	case SFP_RECLAIM_HIT:
		break;
	case SFP_RECLAIM_DROP:
		goto drop;
	case SFP_RECLAIM_ID_MISS:
		/* an ID says it is the chain's; a header key cannot say */
		sfp_stat_inc(sd, SFP_STAT_TX_NOT_CACHED);
		if (cfg->miss == SFCPROXY_MISS_DROP)
			goto drop;
		return NF_ACCEPT;
	default:
		goto ignore;
	}

	push = n_out * SFP_LSE_LEN;
	if (push) {
		if (skb_cow_head(skb, push)) {
			sfp_stat_inc(sd, SFP_STAT_ALLOC_FAIL);
			goto drop;
		}
		/* the Ethernet header moves to the front; IP stays put, so
		 * a pending checksum offset (from skb->head) is still right
		 */
		skb_push(skb, push);
		memmove(skb->data, skb->data + push, l2);
		skb_reset_mac_header(skb);
		memcpy(skb->data + l2, e.hdr + cfg->pop * SFP_LSE_LEN, push);
		eth_hdr(skb)->h_proto = htons(ETH_P_MPLS_UC);
		skb_set_network_header(skb, l2);
		skb->protocol = htons(ETH_P_MPLS_UC);
		skb->mac_len = l2;
	}
	sfp_stat_inc(sd, SFP_STAT_TX_SUCCESS);
	dev_sw_netstats_tx_add(sd->dev, 1, skb->len - l2);
	return NF_ACCEPT;

ignore:
	sfp_stat_inc(sd, SFP_STAT_TX_IGNORED);
	return NF_ACCEPT;
drop:
	dev_core_stats_tx_dropped_inc(sd->dev);
	return NF_DROP;
}
