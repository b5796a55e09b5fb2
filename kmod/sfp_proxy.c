// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the encapsulation-independent half of a proxy's datapath.
 *
 * Whatever the encapsulation, ingress stores the packet's SFC header in the
 * device's cache under the packet's keys (an ID written into skb->mark, a
 * key made of invariant header fields, or both) and egress finds it again
 * from the packet the function sent back. sfp_mpls.c and sfp_nsh.c do the
 * parsing and rewriting that differ.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "sfp.h"
#include "sfp_cache.h"

static u32 sfp_id_shift(u32 mask)
{
	return __ffs(mask);
}

/**
 * sfp_proxy_drop() - drop a packet the proxy device received
 * @sd: the proxy device
 * @skb: the packet
 * @stat: the counter that says why, or SFP_STAT_COUNT when the cause was
 *	counted already
 */
void sfp_proxy_drop(struct sfp_dev *sd, struct sk_buff *skb,
		    enum sfp_stat stat)
{
	if (stat != SFP_STAT_COUNT)
		sfp_stat_inc(sd, stat);
	dev_core_stats_rx_dropped_inc(sd->dev);
	kfree_skb(skb);
}

/*
 * Cache the @hdr_len bytes at @skb->data under the packet's keys: an ID
 * written into skb->mark (key modes id and auto), @hdr_key (header and
 * auto; NULL in id). False when the entry could not be allocated or
 * linked, which the cache has counted. Inlined into both halves of
 * sfp_proxy_cache(), so that key mode id makes one call for all of it.
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
	memcpy(e->hdr, skb->data, hdr_len);
	e->indexed = by_id ? BIT(SFP_BY_ID) : 0;
	e->mark_bits = skb->mark & cfg->id_mask;
	if (hdr_key) {
		e->key = *hdr_key;
		e->indexed |= BIT(SFP_BY_HDR);
	}
	if (sfp_cache_insert(&sd->cache, e, cfg, &id))
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

/*
 * sfp_proxy_cache() in key modes that need a header key. Not inlined: the
 * 64-byte key on the stack costs every caller a stack canary and register
 * saves, which key mode id has no use for.
 */
static noinline int sfp_proxy_cache_keyed(struct sfp_dev *sd,
					  const struct sfp_config *cfg,
					  struct sk_buff *skb,
					  unsigned int hdr_len)
{
	struct sfp_key key __uninitialized;

	if (!sfp_key_from_ip(skb->data + hdr_len, skb_headlen(skb) - hdr_len,
			     &key))
		return -EINVAL;
	return sfp_proxy_stash(sd, cfg, skb, hdr_len, &key) ? 0 : -ENOMEM;
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
int sfp_proxy_cache(struct sfp_dev *sd, const struct sfp_config *cfg,
		    struct sk_buff *skb, unsigned int hdr_len)
{
	if (cfg->key_mode != SFCPROXY_KEY_ID)
		return sfp_proxy_cache_keyed(sd, cfg, skb, hdr_len);
	return sfp_proxy_stash(sd, cfg, skb, hdr_len, NULL) ? 0 : -ENOMEM;
}

/*
 * The header-key half of sfp_proxy_take(). Not inlined: the 64-byte key on
 * the stack costs every caller a stack canary and register saves, which
 * the ID path, the common one, has no use for.
 */
static noinline enum sfp_reclaim
sfp_proxy_take_by_header(struct sfp_dev *sd, const u8 *ip, unsigned int len,
			 struct sfp_taken *out)
{
	struct sfp_key key __uninitialized;

	if (sfp_key_from_ip(ip, len, &key) &&
	    sfp_cache_take(&sd->cache, &key, out))
		return SFP_RECLAIM_HIT;
	return SFP_RECLAIM_MISS;
}

/**
 * sfp_proxy_take() - find and remove a returning packet's cached header
 * @sd: the proxy device
 * @cfg: its configuration
 * @skb: the packet; on an ID hit its mark gets back the bits the ID
 *	borrowed
 * @ip: the packet's IP header
 * @len: bytes readable at @ip
 * @out: receives the header on a hit
 *
 * Return: SFP_RECLAIM_HIT, or which kind of miss it was.
 */
enum sfp_reclaim sfp_proxy_take(struct sfp_dev *sd,
				const struct sfp_config *cfg,
				struct sk_buff *skb, const u8 *ip,
				unsigned int len, struct sfp_taken *out)
{
	u32 id;

	id = (skb->mark & cfg->id_mask) >> sfp_id_shift(cfg->id_mask);
	if (cfg->key_mode != SFCPROXY_KEY_HEADER && id) {
		if (!sfp_cache_take_id(&sd->cache, id, out))
			return SFP_RECLAIM_ID_MISS;
		skb->mark = (skb->mark & ~cfg->id_mask) | out->mark_bits;
		return SFP_RECLAIM_HIT;
	}
	if (cfg->key_mode == SFCPROXY_KEY_ID)
		return SFP_RECLAIM_NO_ID;
	return sfp_proxy_take_by_header(sd, ip, len, out);
}

/**
 * sfp_proxy_deliver() - finish ingress: the bare packet is the proxy's
 * @sd: the proxy device
 * @skb: the packet, data at its IP header
 * @proto: ETH_P_IP or ETH_P_IPV6 (network order)
 */
void sfp_proxy_deliver(struct sfp_dev *sd, struct sk_buff *skb, __be16 proto)
{
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	skb->mac_len = 0;
	skb->protocol = proto;
	skb->dev = sd->dev;
	skb->pkt_type = PACKET_HOST;
	sfp_stat_inc(sd, SFP_STAT_RX_SUCCESS);
	dev_sw_netstats_rx_add(sd->dev, skb->len);
}

/**
 * sfp_proxy_next_hop() - where a packet the proxy device sends on goes
 * @sd: the proxy device
 * @skb: an IPv4 or IPv6 packet (by skb->protocol), network header set
 * @hop: receives the next hop for sfp_proxy_send()
 *
 * Return: the output device, or NULL (counted as tx_no_route) when there
 * is no route or the route leads back into the proxy device.
 */
struct net_device *sfp_proxy_next_hop(struct sfp_dev *sd, struct sk_buff *skb,
				      struct sfp_next_hop *hop)
{
	struct net_device *out = sfp_route_lookup(dev_net(sd->dev), skb, hop);

	if (!out || out == sd->dev) {
		sfp_stat_inc(sd, SFP_STAT_TX_NO_ROUTE);
		return NULL;
	}
	return out;
}

/**
 * sfp_proxy_send() - hand a packet to its next hop, counted on the proxy
 * @sd: the proxy device the packet leaves from
 * @skb: the packet, headers complete; consumed
 * @out: from sfp_proxy_next_hop()
 * @hop: likewise
 */
void sfp_proxy_send(struct sfp_dev *sd, struct sk_buff *skb,
		    struct net_device *out, struct sfp_next_hop *hop)
{
	unsigned int len = skb->len;

	if (sfp_route_xmit(skb, out, hop))
		dev_sw_netstats_tx_add(sd->dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(sd->dev);
}

/**
 * sfp_proxy_segment() - cut a GSO packet into the packets it stands for
 * @skb: the packet, data after its link-layer header (mac_len bytes)
 * @one: called for each segment, data at the same place; consumes it
 * @arg: passed to @one
 *
 * Headers are cached per packet, so a super-packet (a local sender's TSO
 * packet handed on unsegmented by veth) would leave one cache entry for
 * many packets. Consumes @skb.
 *
 * Return: false when segmentation failed (@skb freed, nothing called).
 */
bool sfp_proxy_segment(struct sk_buff *skb,
		       void (*one)(void *arg, struct sk_buff *seg), void *arg)
{
	struct sk_buff *segs, *seg, *next;

	/* segmentation starts from the link-layer header */
	__skb_push(skb, skb->mac_len);
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		kfree_skb(skb);
		return false;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		__skb_pull(seg, seg->mac_len);
		skb_reset_network_header(seg);
		one(arg, seg);
	}
	return true;
}
