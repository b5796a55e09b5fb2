// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the SR-MPLS datapath.
 *
 * Ingress (sfp_mpls_handle_frame(), the rx_handler of the lower device's
 * port): parse the label stack, cache it under the packet's key, strip it,
 * and hand the bare IP packet to the stack as received on the proxy device,
 * without requeueing it (see sfp_proxy_rx_handoff()).
 *
 * Egress in route mode (ndo_start_xmit of the proxy device, which the
 * function routes its output to): find the packet's cached stack, put it
 * back minus the labels this SF consumed, and send the result to the next
 * hop the FIB gives for the inner destination, through neigh_xmit() as
 * mpls_iptunnel does. The lookup runs as for locally generated traffic, so
 * a policy rule such as `ip rule add iif sfp0 lookup 100` (steering the
 * function's output into the proxy) does not match it and the main table's
 * real next hop is used.
 *
 * Egress in hook mode (sfp_mpls_egress_hook(), the netfilter egress hook
 * of the Ethernet device the function sends out of): the stack goes back
 * between the Ethernet and IP headers of the leaving frame.
 *
 * Each of the three is one function: what they call per packet is inline
 * (sfp_proxy.h, sfp_cache_dp.h, sfp_pkt.h).
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <net/ip6_route.h>
#include <net/neighbour.h>
#include <net/route.h>

#include "sfp.h"
#include "sfp_proxy.h"

/* Enough linear data for the stack, an IP header and the transport fields
 * that header-mode keys read.
 */
#define SFP_PULL_LEN	(SFP_MPLS_MAX_HDR + 60 + 60 + 32)

/*
 * Cache and strip the label stack of one (non-GSO, unshared) packet.
 * Returns true when @skb is now a bare IP packet of the proxy device, false
 * when it was dropped (and counted). Inline, as all it calls per packet
 * (see sfp_proxy.h): the receive path is one function.
 */
static __always_inline bool sfp_mpls_rx_one(struct sfp_dev *sd,
					    struct sk_buff *skb)
{
	const struct sfp_config *cfg = rcu_dereference(sd->cfg);
	struct sfp_mpls_stack st;
	unsigned int len;
	int err;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, SFP_PULL_LEN))) {
		sfp_proxy_drop(sd, skb, SFP_STAT_ALLOC_FAIL);
		return false;
	}
	switch (sfp_mpls_parse(skb->data, skb_headlen(skb), cfg->depth, &st)) {
	case SFP_PARSE_OK:
		break;
	case SFP_PARSE_TOO_BIG:
		sfp_proxy_drop(sd, skb, SFP_STAT_RX_TOO_BIG);
		return false;
	default:
		sfp_proxy_drop(sd, skb, SFP_STAT_RX_MALFORMED);
		return false;
	}

	len = st.n_lse * SFP_LSE_LEN;
	err = sfp_proxy_cache(sd, cfg, skb, len);
	if (err) {
		sfp_proxy_drop(sd, skb, err == -EINVAL ? SFP_STAT_RX_MALFORMED :
							 SFP_STAT_COUNT);
		return false;
	}

	/* from here on the packet is a bare IP packet on the proxy device;
	 * the stack is in the linear part, so no skb_pull_rcsum() call
	 */
	__skb_pull(skb, len);
	skb_postpull_rcsum(skb, skb->data - len, len);
	sfp_proxy_deliver(sd, skb, st.inner_version == 4 ? htons(ETH_P_IP) :
							   htons(ETH_P_IPV6));
	return true;
}

static void sfp_mpls_rx_seg(void *arg, struct sk_buff *seg)
{
	if (sfp_mpls_rx_one(arg, seg))
		netif_rx(seg);
}

/*
 * Cache and strip the label stack of a frame for @sd, the proxy device
 * whose label is on top. Returns what sfp_proxy_rx_handoff() says, with
 * *@pskb now on the proxy device, or RX_HANDLER_CONSUMED when the frame
 * was dropped (and counted) or split into packets queued to the proxy
 * device.
 */
static __always_inline rx_handler_result_t
sfp_mpls_rx(struct sfp_dev *sd, struct sk_buff **pskb)
{
	struct sk_buff *skb = skb_share_check(*pskb, GFP_ATOMIC);

	if (!skb) {
		sfp_stat_inc(sd, SFP_STAT_ALLOC_FAIL);
		return RX_HANDLER_CONSUMED;
	}
	if (skb_is_gso(skb)) {
		/* e.g. mpls_gso not loaded: nothing can be done per packet */
		if (!sfp_proxy_segment(skb, sfp_mpls_rx_seg, sd)) {
			sfp_stat_inc(sd, SFP_STAT_RX_MALFORMED);
			dev_core_stats_rx_dropped_inc(sd->dev);
		}
		return RX_HANDLER_CONSUMED;
	}
	if (!sfp_mpls_rx_one(sd, skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;
	return sfp_proxy_rx_handoff(sd, skb);
}

/* The proxy device on @port whose MPLS labels include @label, if any. */
static __always_inline struct sfp_dev *
sfp_mpls_find_label(struct sfp_port *port, u32 label)
{
	const struct sfp_config *cfg;
	struct sfp_dev *sd;

	list_for_each_entry_rcu(sd, &port->proxies, port_node) {
		cfg = rcu_dereference(sd->cfg);
		if (cfg->encap == SFCPROXY_ENCAP_MPLS &&
		    sfp_config_has_label(cfg, label))
			return sd;
	}
	return NULL;
}

/**
 * sfp_mpls_handle_frame() - the rx_handler of a lower device's port
 * @pskb: the arriving frame
 *
 * Demultiplexes a frame to the proxy device its top label names; frames
 * that belong to no proxy device continue untouched, counted as ignored
 * on the port (see sfp_port.c). Here rather than in sfp_port.c so that
 * the whole receive path compiles into this one function.
 *
 * Return: RX_HANDLER_PASS for frames that are not the port's, else as
 * sfp_mpls_rx().
 */
rx_handler_result_t sfp_mpls_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct sfp_port *port = rcu_dereference(skb->dev->rx_handler_data);
	struct sfp_dev *sd = NULL;
	__be32 _lse, *lse;

	/* NSH goes to the namespace's forwarder (sfp_fwd.c), not a port */
	if (skb->protocol == htons(ETH_P_NSH))
		return RX_HANDLER_PASS;
	/*
	 * Only frames for this host: not what promiscuous mode (a packet
	 * capture) shows of other hosts' traffic, and not frames of a VLAN
	 * that has no device here, which the core is about to drop (it
	 * untags before rx_handlers run, so these look untagged). The label
	 * is peeked at, not pulled: the skb may be shared until it is ours.
	 */
	if (skb->protocol == htons(ETH_P_MPLS_UC) &&
	    skb->pkt_type == PACKET_HOST &&
	    !(skb_vlan_tag_present(skb) && skb_vlan_tag_get_id(skb))) {
		lse = skb_header_pointer(skb, 0, sizeof(_lse), &_lse);
		if (lse)
			sd = sfp_mpls_find_label(port,
						 sfp_lse_label(ntohl(*lse)));
	}
	/* a proxy that is down takes nothing: the frame goes on untouched */
	if (sd && likely(sd->dev->flags & IFF_UP))
		return sfp_mpls_rx(sd, pskb);

	this_cpu_inc(*port->rx_ignored);
	return RX_HANDLER_PASS;
}

/*
 * What a returning packet gets back: the entry holding its cached stack
 * (TTL rewritten in place), which the caller gives back with
 * sfp_cache_put() once the stack is pushed, in @e, the entries to push
 * (the stack minus the labels this SF consumed) in @n_out, and its
 * original mark bits. @ip is the packet's IP header, @len the bytes
 * readable there. @e is set on a hit only.
 */
static __always_inline enum sfp_reclaim
sfp_mpls_reclaim(struct sfp_dev *sd, const struct sfp_config *cfg,
		 struct sk_buff *skb, const u8 *ip, unsigned int len,
		 struct sfp_entry **e, unsigned int *n_out)
{
	enum sfp_reclaim r = sfp_proxy_take(sd, cfg, skb, ip, len, e);
	unsigned int n_lse, pop = cfg->pop;	/* read once: see below */

	if (r != SFP_RECLAIM_HIT)
		return r;
	n_lse = (*e)->hdr_len / SFP_LSE_LEN;
	/* the rewrite's byte store could alias cfg, as far as gcc knows */
	if (sfp_mpls_rewrite((*e)->hdr, n_lse, pop,
			     cfg->ttl == SFCPROXY_TTL_DEC)) {
		sfp_stat_inc(sd, SFP_STAT_TX_TTL_EXPIRED);
		sfp_cache_put(*e);
		*e = NULL;
		return SFP_RECLAIM_DROP;
	}
	*n_out = n_lse > pop ? n_lse - pop : 0;
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
	struct sfp_entry *e = NULL;
	unsigned int n_out = 0;
	struct sfp_next_hop hop;
	struct net_device *out;
	bool hit;

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
		break;
	case SFP_RECLAIM_DROP:
		goto drop;
	default:
		/* routed into the proxy: it is the chain's, whatever it lacks */
		sfp_stat_inc(sd, SFP_STAT_TX_NOT_CACHED);
		if (cfg->miss == SFCPROXY_MISS_DROP)
			goto drop;
	}

	/* looked up for the inner packet, before the labels go on */
	out = sfp_proxy_next_hop(sd, skb, &hop);
	if (!out)
		goto drop;

	if (n_out) {
		if (skb_cow_head(skb, n_out * SFP_LSE_LEN +
				      LL_RESERVED_SPACE(out)))
			goto drop;
		skb_push(skb, n_out * SFP_LSE_LEN);
		sfp_hdr_copy(skb->data, e->hdr + cfg->pop * SFP_LSE_LEN,
			     n_out * SFP_LSE_LEN);
		skb_reset_network_header(skb);
		skb->protocol = htons(ETH_P_MPLS_UC);
	}
	hit = e;
	if (e)
		sfp_cache_put(e);
	if (sfp_proxy_send(sd, skb, out, &hop) && hit)
		sfp_stat_inc(sd, SFP_STAT_TX_SUCCESS);
	return;

drop:
	if (e)
		sfp_cache_put(e);
	dev_core_stats_tx_dropped_inc(sd->dev);
	kfree_skb(skb);
}

/*
 * Move the addresses of the Ethernet header at @p + @push to @p, over the
 * room made for the stack, and give the header the MPLS EtherType. Read
 * whole before they are written back, so the overlap is harmless: two
 * loads and three stores, where memmove() would be a call, and scalars
 * rather than a struct ethhdr, whose arrays would cost the hook a stack
 * canary.
 */
static __always_inline void sfp_mpls_move_eth(u8 *p, unsigned int push)
{
	const __be16 proto = htons(ETH_P_MPLS_UC);
	u64 a;
	u32 b;

	BUILD_BUG_ON(ETH_HLEN != 8 + 4 + 2);
	memcpy(&a, p + push, 8);
	memcpy(&b, p + push + 8, 4);
	memcpy(p, &a, 8);
	memcpy(p + 8, &b, 4);
	memcpy(p + 12, &proto, 2);
}

/**
 * sfp_mpls_egress_hook() - restore a leaving packet's stack (egress hook)
 * @priv: the proxy device whose hook runs
 * @skb: a frame about to be queued on the hooked Ethernet device, data at
 *	its Ethernet header
 * @state: the netfilter hook's state (unused)
 *
 * Packets of the chain get their stack inserted after the Ethernet header;
 * everything else (other traffic of the host, and in header mode packets
 * whose key is not cached) passes untouched and counts as tx_ignored. GSO
 * packets pass too: they were not cut into the packets that were cached.
 *
 * Return: NF_ACCEPT, or NF_DROP for a packet of the chain that must not
 * go on (TTL, miss policy with an ID that is not cached).
 */
unsigned int sfp_mpls_egress_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct sfp_dev *sd = priv;
	const struct sfp_config *cfg = rcu_dereference_bh(sd->cfg);
	unsigned int l2 = skb_network_offset(skb), n_out = 0, push;
	struct sfp_entry *e = NULL;

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
		const u8 *stack = e->hdr + cfg->pop * SFP_LSE_LEN;
		u8 *p;

		/* the stack's MTU check was for the bare packet */
		if (unlikely(skb->len - l2 + push > skb->dev->mtu)) {
			sfp_cache_put(e);
			sfp_stat_inc(sd, SFP_STAT_TX_TOO_BIG);
			goto drop;
		}
		if (skb_cow_head(skb, push)) {
			sfp_cache_put(e);
			sfp_stat_inc(sd, SFP_STAT_ALLOC_FAIL);
			goto drop;
		}
		/* the Ethernet header moves to the front; IP stays put, so
		 * a pending checksum offset (from skb->head) is still right.
		 * The skb's fields are set before the bytes are written,
		 * which the compiler must assume could alias them.
		 */
		p = __skb_push(skb, push);	/* skb_cow_head() made room */
		skb_reset_mac_header(skb);
		skb_set_network_header(skb, l2);
		skb->protocol = htons(ETH_P_MPLS_UC);
		skb->mac_len = l2;
		sfp_mpls_move_eth(p, push);
		sfp_hdr_copy(p + l2, stack, push);
	}
	sfp_cache_put(e);
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
