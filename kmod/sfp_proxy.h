/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfcproxy: the encapsulation-independent half of a proxy's datapath.
 *
 * Whatever the encapsulation, ingress stores the packet's SFC header in the
 * device's cache under the packet's keys (an ID written into skb->mark, a
 * key made of invariant header fields, or both) and egress finds it again
 * from the packet the function sent back. sfp_mpls.c, sfp_nsh.c and
 * sfp_srv6.c do the parsing and rewriting that differ.
 *
 * What every packet runs is inline here (and in sfp_cache_dp.h), so that
 * each encapsulation's receive and egress paths compile into one function
 * each; the header-key halves, which carry a 64-byte key on the stack, and
 * what runs per route or per GSO packet stay out of line in sfp_proxy.c.
 */
#ifndef _SFP_PROXY_H
#define _SFP_PROXY_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "sfp.h"
#include "sfp_cache.h"
#include "sfp_cache_dp.h"

/* What egress found for a returning packet (sfp_proxy_take()). */
enum sfp_reclaim {
	SFP_RECLAIM_HIT,
	SFP_RECLAIM_NO_ID,	/* id mode and the packet carries no ID */
	SFP_RECLAIM_ID_MISS,	/* an ID with no entry: the chain's packet */
	SFP_RECLAIM_MISS,	/* a header key with no entry */
	SFP_RECLAIM_DROP,	/* counted already */
};

void sfp_proxy_drop(struct sfp_dev *sd, struct sk_buff *skb,
		    enum sfp_stat stat);
int sfp_proxy_cache_keyed(struct sfp_dev *sd, const struct sfp_config *cfg,
			  struct sk_buff *skb, unsigned int hdr_len);
struct sfp_entry *sfp_proxy_take_by_header(struct sfp_dev *sd, const u8 *ip,
					   unsigned int len);
struct net_device *sfp_proxy_next_hop(struct sfp_dev *sd, struct sk_buff *skb,
				      struct sfp_next_hop *hop);
bool sfp_proxy_send(struct sfp_dev *sd, struct sk_buff *skb,
		    struct net_device *out, struct sfp_next_hop *hop);
bool sfp_proxy_segment(struct sk_buff *skb,
		       void (*one)(void *arg, struct sk_buff *seg), void *arg);

static __always_inline u32 sfp_id_shift(u32 mask)
{
	return __ffs(mask);
}

/*
 * Cache the @hdr_len bytes at @skb->data under the packet's keys: an ID
 * written into skb->mark (key modes id and auto), @hdr_key (header and
 * auto; NULL in id). False when the entry could not be allocated or
 * linked, which the cache has counted.
 */
static __always_inline bool
sfp_proxy_stash(struct sfp_dev *sd, const struct sfp_config *cfg,
		struct sk_buff *skb, unsigned int hdr_len,
		const struct sfp_key *hdr_key)
{
	struct sfp_entry *e = sfp_cache_alloc(&sd->cache, hdr_len);
	bool by_id = cfg->key_mode != SFCPROXY_KEY_HEADER;
	u32 id;

	if (!e)
		return false;
	sfp_hdr_copy(e->hdr, skb->data, hdr_len);
	e->indexed = by_id ? BIT(SFP_BY_ID) : 0;
	e->mark_bits = skb->mark & cfg->id_mask;
	if (hdr_key) {
		e->key = *hdr_key;
		e->indexed |= BIT(SFP_BY_HDR);
	}
	if (sfp_cache_insert(&sd->cache, e, cfg, &id, hdr_key))
		return false;
	/* the mask keeps even an ID numbered for the ID mask of a
	 * configuration being replaced in its bits (it then names no entry:
	 * a miss, during the change only)
	 */
	if (by_id)
		skb->mark = (skb->mark & ~cfg->id_mask) |
			    ((id << sfp_id_shift(cfg->id_mask)) & cfg->id_mask);
	return true;
}

/**
 * sfp_proxy_cache() - cache an arriving packet's SFC header
 * @sd: the proxy device
 * @cfg: its configuration
 * @skb: the packet, data at the header, which the IP packet follows in
 *	the linear part; its mark gets the ID in key modes id and auto
 * @hdr_len: bytes of header to cache, at most SFP_HDR_MAX
 *
 * Return: 0 when cached; -EINVAL when the key mode needs a header key and
 * the IP packet gives none (malformed: the caller counts it); -ENOMEM when
 * the entry could not be allocated or linked (the cache counted it).
 */
static __always_inline int sfp_proxy_cache(struct sfp_dev *sd,
					   const struct sfp_config *cfg,
					   struct sk_buff *skb,
					   unsigned int hdr_len)
{
	if (cfg->key_mode != SFCPROXY_KEY_ID)
		return sfp_proxy_cache_keyed(sd, cfg, skb, hdr_len);
	return sfp_proxy_stash(sd, cfg, skb, hdr_len, NULL) ? 0 : -ENOMEM;
}

/**
 * sfp_proxy_take() - find and remove a returning packet's cached header
 * @sd: the proxy device
 * @cfg: its configuration
 * @skb: the packet; on an ID hit its mark gets back the bits the ID
 *	borrowed
 * @ip: the packet's IP header
 * @len: bytes readable at @ip
 * @out: on a hit, the entry, now the caller's: its header is used in
 *	place and the entry given back with sfp_cache_put()
 *
 * Return: SFP_RECLAIM_HIT, or which kind of miss it was.
 */
static __always_inline enum sfp_reclaim
sfp_proxy_take(struct sfp_dev *sd, const struct sfp_config *cfg,
	       struct sk_buff *skb, const u8 *ip, unsigned int len,
	       struct sfp_entry **out)
{
	u32 id;

	id = (skb->mark & cfg->id_mask) >> sfp_id_shift(cfg->id_mask);
	if (cfg->key_mode != SFCPROXY_KEY_HEADER && id) {
		*out = sfp_cache_take_id(&sd->cache, id);
		if (!*out)
			return SFP_RECLAIM_ID_MISS;
		skb->mark = (skb->mark & ~cfg->id_mask) | (*out)->mark_bits;
		return SFP_RECLAIM_HIT;
	}
	if (cfg->key_mode == SFCPROXY_KEY_ID)
		return SFP_RECLAIM_NO_ID;
	*out = sfp_proxy_take_by_header(sd, ip, len);
	return *out ? SFP_RECLAIM_HIT : SFP_RECLAIM_MISS;
}

/**
 * sfp_proxy_deliver() - finish ingress: the bare packet is the proxy's
 * @sd: the proxy device
 * @skb: the packet, data at its IP header
 * @proto: ETH_P_IP or ETH_P_IPV6 (network order)
 */
static __always_inline void sfp_proxy_deliver(struct sfp_dev *sd,
					      struct sk_buff *skb,
					      __be16 proto)
{
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	skb->mac_len = 0;
	skb->protocol = proto;
	skb->dev = sd->dev;
	skb->pkt_type = PACKET_HOST;
	/* also the rx_success counter: see sfp_dev_stats_read() */
	dev_sw_netstats_rx_add(sd->dev, skb->len);
}

/**
 * sfp_proxy_rx_handoff() - how an rx_handler passes on a delivered packet
 * @sd: the proxy device the packet now belongs to
 * @skb: the packet, after sfp_proxy_deliver()
 *
 * RX_HANDLER_ANOTHER makes __netif_receive_skb_core() start a new round on
 * the proxy device, for its packet taps, generic XDP, tc and netfilter
 * ingress and rx_handler. A proxy device usually has none of these, and
 * then the round only finds the protocol handler, which the core does as
 * well after RX_HANDLER_PASS with skb->dev changed: it looks at the
 * protocol handlers of both the lower and the new device. The round costs
 * about 55 instructions per packet and these checks about 20 (measured
 * with scripts/bench/iprof.sh). Taps on all devices (tcpdump
 * -i any, ETH_P_ALL packet sockets) count as taps here too, since a second
 * round would show them the bare packet.
 *
 * Return: RX_HANDLER_PASS when nothing is attached to the proxy device's
 * receive path, else RX_HANDLER_ANOTHER.
 */
static __always_inline rx_handler_result_t
sfp_proxy_rx_handoff(struct sfp_dev *sd, struct sk_buff *skb)
{
	struct net_device *dev = sd->dev;

	if (dev_nit_active(dev) || rcu_access_pointer(dev->rx_handler) ||
	    rcu_access_pointer(dev->xdp_prog))
		return RX_HANDLER_ANOTHER;
#ifdef CONFIG_NET_CLS_ACT
	if (rcu_access_pointer(dev->miniq_ingress))
		return RX_HANDLER_ANOTHER;
#endif
#ifdef CONFIG_NETFILTER_INGRESS
	if (rcu_access_pointer(dev->nf_hooks_ingress))
		return RX_HANDLER_ANOTHER;
#endif
	/* what the new round would have set first */
	skb->skb_iif = dev->ifindex;
	return RX_HANDLER_PASS;
}

#endif /* _SFP_PROXY_H */
