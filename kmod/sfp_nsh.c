// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the NSH proxy datapath.
 *
 * Ingress: the forwarding table (sfp_fwd.c) hands a proxy device of encap
 * nsh every packet whose service path it owns, NSH included, from the wire
 * or from a co-located proxy. The whole NSH, metadata and all, is cached
 * under the packet's key, and the inner IP packet is delivered as received
 * on the proxy device. An Ethernet payload is cached with its Ethernet
 * header, so the function always sees IP.
 *
 * Egress: what the function routes back into the proxy device gets its NSH
 * again, with the service index and (ttl dec) the TTL decremented, as the
 * SF and the forwarder it stands for would; then the forwarding table
 * decides where the packet goes next.
 */
#include <asm/unaligned.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>

#include "sfp.h"
#include "sfp_proxy.h"

/* Enough linear data for the largest NSH, an inner Ethernet header, an IP
 * header and the transport fields that header-mode keys read.
 */
#define SFP_NSH_PULL_LEN	(SFP_NSH_MAX_HDR + ETH_HLEN + 60 + 60 + 32)
#define SFP_IP_PULL_LEN		(60 + 60 + 32)

static __be16 sfp_nsh_inner_proto(u8 next_proto)
{
	return next_proto == SFP_NSH_NP_IPV4 ? htons(ETH_P_IP) :
					       htons(ETH_P_IPV6);
}

/**
 * sfp_nsh_rx() - cache and strip the NSH of a packet for @sd
 * @sd: a proxy device of encap nsh
 * @skb: the packet, data at its NSH; consumed
 *
 * Runs in softirq context. The bare packet is queued to the proxy device.
 */
void sfp_nsh_rx(struct sfp_dev *sd, struct sk_buff *skb)
{
	const struct sfp_config *cfg = rcu_dereference(sd->cfg);
	unsigned int cache_len, ip_len;
	struct sfp_nsh_hdr h;
	__be16 proto;
	int err;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len,
				      SFP_NSH_PULL_LEN))) {
		sfp_proxy_drop(sd, skb, SFP_STAT_ALLOC_FAIL);
		return;
	}
	switch (sfp_nsh_parse(skb->data, skb_headlen(skb), SFP_NSH_MAX_HDR,
			      &h)) {
	case SFP_NSH_OK:
		break;
	case SFP_NSH_TOO_BIG:
		sfp_proxy_drop(sd, skb, SFP_STAT_RX_TOO_BIG);
		return;
	default:
		sfp_proxy_drop(sd, skb, SFP_STAT_RX_MALFORMED);
		return;
	}

	cache_len = h.hdr_len;
	if (h.next_proto == SFP_NSH_NP_ETH) {
		/* the function sees IP: the Ethernet header waits here */
		const struct ethhdr *eth = (void *)(skb->data + h.hdr_len);

		if (eth->h_proto == htons(ETH_P_IP)) {
			h.next_proto = SFP_NSH_NP_IPV4;
		} else if (eth->h_proto == htons(ETH_P_IPV6)) {
			h.next_proto = SFP_NSH_NP_IPV6;
		} else {
			sfp_proxy_drop(sd, skb, SFP_STAT_RX_MALFORMED);
			return;
		}
		cache_len += ETH_HLEN;
	}
	ip_len = skb_headlen(skb) - cache_len;
	if (ip_len < 1 || skb->data[cache_len] >> 4 !=
	    (h.next_proto == SFP_NSH_NP_IPV4 ? 4 : 6)) {
		sfp_proxy_drop(sd, skb, SFP_STAT_RX_MALFORMED);
		return;
	}
	err = sfp_proxy_cache(sd, cfg, skb, cache_len);
	if (err) {
		sfp_proxy_drop(sd, skb, err == -EINVAL ? SFP_STAT_RX_MALFORMED :
							 SFP_STAT_COUNT);
		return;
	}

	proto = sfp_nsh_inner_proto(h.next_proto);
	skb_pull_rcsum(skb, cache_len);
	sfp_proxy_deliver(sd, skb, proto);
	netif_rx(skb);
}

/**
 * sfp_nsh_xmit() - give a packet back its NSH and forward it
 * @sd: the proxy device the function routed the packet to (encap nsh)
 * @skb: an IPv4 or IPv6 packet, data at the IP header; consumed
 */
void sfp_nsh_xmit(struct sfp_dev *sd, struct sk_buff *skb)
{
	const struct sfp_config *cfg = rcu_dereference_bh(sd->cfg);
	struct sfp_next_hop hop;
	struct net_device *out;
	struct sfp_entry *e;
	unsigned int len;
	u32 path;
	int err;

	if ((skb->protocol != htons(ETH_P_IP) &&
	     skb->protocol != htons(ETH_P_IPV6)) ||
	    !pskb_may_pull(skb, min_t(unsigned int, skb->len,
				      SFP_IP_PULL_LEN))) {
		sfp_stat_inc(sd, SFP_STAT_TX_IGNORED);
		goto drop;
	}
	skb_reset_network_header(skb);

	if (sfp_proxy_take(sd, cfg, skb, skb->data, skb_headlen(skb), &e) !=
	    SFP_RECLAIM_HIT) {
		/* routed into the proxy: it is the chain's, whatever it lacks */
		sfp_stat_inc(sd, SFP_STAT_TX_NOT_CACHED);
		if (cfg->miss == SFCPROXY_MISS_DROP)
			goto drop;
		/* miss pass: the packet goes on as it is, routed */
		out = sfp_proxy_next_hop(sd, skb, &hop);
		if (!out)
			goto drop;
		sfp_proxy_send(sd, skb, out, &hop);
		return;
	}
	if (sfp_nsh_rewrite(e->hdr, cfg->ttl == SFCPROXY_TTL_DEC) !=
	    SFP_NSH_REWRITE_OK) {
		sfp_stat_inc(sd, SFP_STAT_TX_TTL_EXPIRED);
		goto drop_entry;
	}
	path = get_unaligned_be32(e->hdr + 4);

	if (skb_cow_head(skb, e->hdr_len + LL_MAX_HEADER)) {
		sfp_stat_inc(sd, SFP_STAT_ALLOC_FAIL);
		goto drop_entry;
	}
	sfp_hdr_copy(skb_push(skb, e->hdr_len), e->hdr, e->hdr_len);
	sfp_cache_put(e);
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_NSH);

	len = skb->len;
	err = sfp_fwd_dispatch(dev_net(sd->dev), skb, path, false);
	if (err) {
		sfp_stat_inc(sd, err == -EMSGSIZE ? SFP_STAT_TX_TOO_BIG :
						    SFP_STAT_TX_NO_ROUTE);
		dev_core_stats_tx_dropped_inc(sd->dev);
		return;
	}
	sfp_stat_inc(sd, SFP_STAT_TX_SUCCESS);
	dev_sw_netstats_tx_add(sd->dev, 1, len);
	return;

drop_entry:
	sfp_cache_put(e);
drop:
	dev_core_stats_tx_dropped_inc(sd->dev);
	kfree_skb(skb);
}
