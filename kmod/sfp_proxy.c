// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the out-of-line parts of the encapsulation-independent datapath
 * (see sfp_proxy.h): drops, header keys, the next hop of route mode, and
 * the segmentation of GSO packets.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "sfp_proxy.h"

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

/**
 * sfp_proxy_cache_keyed() - sfp_proxy_cache() in key modes with header keys
 * @sd: the proxy device
 * @cfg: its configuration
 * @skb: the packet, data at the header
 * @hdr_len: bytes of header to cache
 *
 * Out of line: the 64-byte key on the stack would cost every caller a
 * stack canary and register saves, which key mode id has no use for.
 *
 * Return: as sfp_proxy_cache().
 */
int sfp_proxy_cache_keyed(struct sfp_dev *sd, const struct sfp_config *cfg,
			  struct sk_buff *skb, unsigned int hdr_len)
{
	struct sfp_key key __uninitialized;

	if (!sfp_key_from_ip(skb->data + hdr_len, skb_headlen(skb) - hdr_len,
			     &key))
		return -EINVAL;
	return sfp_proxy_stash(sd, cfg, skb, hdr_len, &key) ? 0 : -ENOMEM;
}

/**
 * sfp_proxy_take_by_header() - the header-key half of sfp_proxy_take()
 * @sd: the proxy device
 * @ip: the returning packet's IP header
 * @len: bytes readable at @ip
 *
 * Out of line, for the same reason as sfp_proxy_cache_keyed(): the ID
 * path, the common one, has no use for the key's stack.
 *
 * Return: the entry taken (the caller's, see sfp_proxy_take()), or NULL.
 */
struct sfp_entry *sfp_proxy_take_by_header(struct sfp_dev *sd, const u8 *ip,
					   unsigned int len)
{
	struct sfp_key key __uninitialized;

	if (!sfp_key_from_ip(ip, len, &key))
		return NULL;
	return sfp_cache_take(&sd->cache, &key);
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
 *
 * A packet that no longer fits @out's MTU with its header back is dropped
 * and counted as tx_too_big: the proxy cannot fragment what it
 * encapsulates, and neigh_xmit() would hand it to a driver that drops or
 * truncates it without a word.
 *
 * Return: false for a packet too big (counted here), else true, whether
 * the device's queue then took it or not (tx_dropped counts the latter).
 */
bool sfp_proxy_send(struct sfp_dev *sd, struct sk_buff *skb,
		    struct net_device *out, struct sfp_next_hop *hop)
{
	unsigned int len = skb->len;

	if (unlikely(len > out->mtu && !skb_is_gso(skb))) {
		sfp_stat_inc(sd, SFP_STAT_TX_TOO_BIG);
		dev_core_stats_tx_dropped_inc(sd->dev);
		kfree_skb(skb);
		return false;
	}
	if (sfp_route_xmit(skb, out, hop))
		dev_sw_netstats_tx_add(sd->dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(sd->dev);
	return true;
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
