// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the SRv6 SID table and the SR proxy behaviours End.AD, End.AS
 * and End.AM (draft-ietf-spring-sr-service-programming), per namespace.
 *
 * A module cannot add a seg6local action (seg6_action_table is static), so
 * the table is reached from a netfilter hook at IPv6 PRE_ROUTING, registered
 * while the namespace has SIDs: an IPv6 packet whose destination matches no
 * SID costs one hash lookup (and a walk of the prefix SIDs, usually none)
 * and continues. A matching packet is stolen and handled here:
 *
 *   End.AD: validate the SRH; SL must be > 0; the outer IPv6 header and
 *	SRH (and the Ethernet header of an Ethernet payload) go into the
 *	proxy device's cache under the inner packet's key, the inner IPv4/
 *	IPv6 packet is delivered on the proxy device. Back
 *	from the function (the proxy's xmit): the cached header goes on again
 *	with SL - 1, DA = Segment List[SL], hop limit - 1 and the payload
 *	length of what the function returned, and is routed.
 *   End.AS: the same, but nothing is cached: the return gets an outer
 *	header built from the configured source and segments.
 *   End.AM: DA = Segment List[0] (the last segment), SRH kept, the IPv6
 *	packet delivered on the proxy device to an SR-aware function; its
 *	return gets SL - 1, DA = Segment List[SL].
 *
 * A SID names one proxy device (encap srv6) and a proxy device serves one
 * SID (sd->sid), which is how its xmit knows the behaviour to undo.
 * End.VNF (sfp_pipe.c) names an ordinary device instead, where TCP is
 * received again after its rewrite.
 */
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/memcontrol.h>
#include <linux/netfilter_ipv6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "sfp.h"
#include "sfp_proxy.h"
#include "sfp_srv6_pkt.h"

#define SFP_SRV6_PULL_LEN	(SFP_HDR_MAX + 60 + 60 + 32)
#define SFP_SID_HASH_BITS	8

/**
 * struct sfp_sid - one SID of the table
 * @node: exact-SID hash linkage (prefix length 128)
 * @list: prefix list linkage, longest prefix first (shorter lengths)
 * @addr: the SID, bits past @plen zero
 * @plen: prefix length
 * @behavior: enum sfcproxy_sid_behavior
 * @dev: the proxy device (End.VNF: the device TCP goes to), held
 * @tracker: reference tracking for @dev
 * @stats: packets and bytes that matched
 * @errors: per-CPU packets the behaviour dropped
 * @src: End.AS outer source
 * @n_segs: End.AS segments
 * @segs: End.AS segments in visit order
 * @vnf: End.VNF parameters and counters
 * @gone: on a list of SIDs out of the table, to be released together
 * @rcu: frees the SID after readers left
 */
struct sfp_sid {
	struct hlist_node node;
	struct list_head list;
	struct in6_addr addr;
	u8 plen;
	u8 behavior;
	struct net_device *dev;
	netdevice_tracker tracker;
	struct sfp_pcpu_tally __percpu *stats;
	u64 __percpu *errors;
	struct in6_addr src;
	u8 n_segs;
	struct in6_addr segs[SFCPROXY_SRV6_MAX_SEGS];
	struct sfp_vnf vnf;
	struct list_head gone;
	struct rcu_head rcu;
};

static struct sfp_srv6_net *sfp_srv6_net(const struct net *net)
{
	return &sfp_net(net)->srv6;
}

static u32 sfp_sid_hash(const struct in6_addr *a)
{
	return jhash2((const u32 *)a, 4, 0);
}

static struct sfp_sid *sfp_sid_lookup(struct sfp_srv6_net *sn,
				      const struct in6_addr *daddr)
{
	struct sfp_sid *sid;

	hash_for_each_possible_rcu(sn->exact, sid, node, sfp_sid_hash(daddr))
		if (ipv6_addr_equal(&sid->addr, daddr))
			return sid;
	list_for_each_entry_rcu(sid, &sn->prefixes, list)
		if (ipv6_prefix_equal(&sid->addr, daddr, sid->plen))
			return sid;
	return NULL;
}

static unsigned int sfp_sid_error(struct sfp_sid *sid, struct sk_buff *skb)
{
	this_cpu_inc(*sid->errors);
	kfree_skb(skb);
	return NF_STOLEN;
}

/**
 * sfp_srv6_rewrite() - change an IPv6 header and SRH of a received packet
 * @skb: data at the IPv6 header, its first @len bytes writable
 * @len: the bytes @rewrite may change
 * @rewrite: the change, applied to skb->data
 *
 * A CHECKSUM_COMPLETE sum covers every byte from skb->data, the addresses
 * included. Left as it was, a transport checksum validated against it
 * later (UDP and TCP receive, conntrack) comes out wrong: a sum the stack
 * completed itself makes the packet a checksum error and it is dropped, one
 * from a NIC is reported as a hardware checksum failure. So the bytes leave
 * the sum before the change and enter it again after.
 */
void sfp_srv6_rewrite(struct sk_buff *skb, unsigned int len,
		      void (*rewrite)(u8 *hdr))
{
	skb_postpull_rcsum(skb, skb->data, len);
	rewrite(skb->data);
	skb_postpush_rcsum(skb, skb->data, len);
}

/* Hand a packet to the function behind @sd; data at the packet. */
static void sfp_srv6_deliver(struct sfp_dev *sd, struct sk_buff *skb,
			     __be16 proto)
{
	skb_scrub_packet(skb, false);
	sfp_proxy_deliver(sd, skb, proto);
	netif_rx(skb);
}

/*
 * The inner packet's protocol, and in *@l2 the bytes of an Ethernet header
 * in front of it (next header 143), which stays with the outer header: the
 * function sees IP. 0 for what the proxies cannot hand to an L3 function.
 */
static __be16 sfp_srv6_inner_proto(const struct sk_buff *skb,
				   const struct sfp_srh_info *si,
				   unsigned int *l2)
{
	const struct ethhdr *eth;

	*l2 = 0;
	switch (si->nexthdr) {
	case SFP_NEXTHDR_IPIP:
		return htons(ETH_P_IP);
	case SFP_NEXTHDR_IPV6:
		return htons(ETH_P_IPV6);
	case SFP_NEXTHDR_ETH:
		if (skb_headlen(skb) < si->hdr_len + ETH_HLEN)
			return 0;
		eth = (const struct ethhdr *)(skb->data + si->hdr_len);
		if (eth->h_proto != htons(ETH_P_IP) &&
		    eth->h_proto != htons(ETH_P_IPV6))
			return 0;
		*l2 = ETH_HLEN;
		return eth->h_proto;
	}
	return 0;
}

/* End.AD and End.AS ingress; End.AM with @masquerade. */
static unsigned int sfp_sid_proxy_in(struct sfp_sid *sid, struct sk_buff *skb)
{
	struct sfp_dev *sd = netdev_priv(sid->dev);
	const struct sfp_config *cfg = rcu_dereference(sd->cfg);
	struct sfp_srh_info si;
	unsigned int l2, len;
	__be16 proto;
	int err;

	if (cfg->encap != SFCPROXY_ENCAP_SRV6 || !(sid->dev->flags & IFF_UP) ||
	    !pskb_may_pull(skb, min_t(unsigned int, skb->len,
				      SFP_SRV6_PULL_LEN)) ||
	    sfp_srh_parse(skb->data, skb_headlen(skb), &si) != SFP_SRH_OK ||
	    !si.sl)
		return sfp_sid_error(sid, skb);

	if (sid->behavior == SFCPROXY_SID_END_AM) {
		if (skb_ensure_writable(skb, si.hdr_len))
			return sfp_sid_error(sid, skb);
		sfp_srv6_rewrite(skb, si.hdr_len, sfp_srh_masquerade);
		sfp_srv6_deliver(sd, skb, htons(ETH_P_IPV6));
		return NF_STOLEN;
	}

	proto = sfp_srv6_inner_proto(skb, &si, &l2);
	if (!proto)
		return sfp_sid_error(sid, skb);
	len = si.hdr_len + l2;
	if (sid->behavior == SFCPROXY_SID_END_AD) {
		if (len > SFP_HDR_MAX) {
			sfp_stat_inc(sd, SFP_STAT_RX_TOO_BIG);
			return sfp_sid_error(sid, skb);
		}
		err = sfp_proxy_cache(sd, cfg, skb, len);
		if (err == -EINVAL)
			sfp_stat_inc(sd, SFP_STAT_RX_MALFORMED);
		if (err)
			return sfp_sid_error(sid, skb);
	}
	skb_pull_rcsum(skb, len);
	sfp_srv6_deliver(sd, skb, proto);
	return NF_STOLEN;
}

static void sfp_sid_in_seg(void *arg, struct sk_buff *seg)
{
	sfp_sid_proxy_in(arg, seg);
}

static unsigned int sfp_sid_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct sfp_sid *sid;

	/* what a proxy delivers is the function's, not the table's */
	if (sfp_is_proxy(state->in) || !pskb_may_pull(skb, SFP_IPV6_HLEN))
		return NF_ACCEPT;
	sid = sfp_sid_lookup(sfp_srv6_net(state->net), &ipv6_hdr(skb)->daddr);
	if (!sid)
		return NF_ACCEPT;
	sfp_tally_add(sid->stats, skb->len);
	if (sid->behavior == SFCPROXY_SID_END_VNF) {
		/* a rewrite in place: a GSO packet stays one */
		int verdict = sfp_vnf_rx(state->net, &sid->vnf, sid->dev, skb);

		return verdict < 0 ? sfp_sid_error(sid, skb) : verdict;
	}
	if (skb_is_gso(skb)) {
		/* a cache entry per packet, not per super-packet */
		skb->mac_len = 0;
		if (!sfp_proxy_segment(skb, sfp_sid_in_seg, sid))
			this_cpu_inc(*sid->errors);
		return NF_STOLEN;
	}
	return sfp_sid_proxy_in(sid, skb);
}

static const struct nf_hook_ops sfp_sid_hook_ops = {
	.hook = sfp_sid_hook,
	.pf = NFPROTO_IPV6,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP6_PRI_RAW,
};

/* The outer header a returning packet gets; false to drop (counted). */
static bool sfp_srv6_reencap(struct sfp_dev *sd, const struct sfp_sid *sid,
			     const struct sfp_config *cfg, struct sk_buff *skb)
{
	struct sfp_srh_info si;
	unsigned int len, plen;
	struct sfp_entry *e;
	u8 nexthdr;

	switch (sid->behavior) {
	case SFCPROXY_SID_END_AD:
		if (sfp_proxy_take(sd, cfg, skb, skb->data, skb_headlen(skb),
				   &e) != SFP_RECLAIM_HIT) {
			sfp_stat_inc(sd, SFP_STAT_TX_NOT_CACHED);
			return false;
		}
		/*
		 * Only an SRH that fills the entry and has a segment left is
		 * put back: what the cache returns is not trusted with the
		 * segment list's bounds.
		 */
		if (!sfp_srh_cached_ok(e->hdr, e->hdr_len)) {
			sfp_stat_inc(sd, SFP_STAT_TX_NOT_CACHED);
			sfp_cache_put(e);
			return false;
		}
		if (sfp_srh_advance(e->hdr)) {
			sfp_stat_inc(sd, SFP_STAT_TX_TTL_EXPIRED);
			sfp_cache_put(e);
			return false;
		}
		/* the function may have changed the inner packet's length */
		len = skb->len + e->hdr_len - SFP_IPV6_HLEN;
		if (len > IPV6_MAXPLEN ||
		    skb_cow_head(skb, e->hdr_len + LL_MAX_HEADER)) {
			sfp_stat_inc(sd, SFP_STAT_TX_IGNORED);
			sfp_cache_put(e);
			return false;
		}
		/* the entry is ours: its outer header is rewritten in place */
		e->hdr[4] = len >> 8;
		e->hdr[5] = len;
		sfp_hdr_copy(skb_push(skb, e->hdr_len), e->hdr, e->hdr_len);
		sfp_cache_put(e);
		break;
	case SFCPROXY_SID_END_AS:
		nexthdr = skb->protocol == htons(ETH_P_IP) ? SFP_NEXTHDR_IPIP :
							     SFP_NEXTHDR_IPV6;
		len = SFP_IPV6_HLEN + SFP_SRH_FIXED_LEN +
		      sid->n_segs * SFP_SRV6_SEG_LEN;
		if (skb->len + len - SFP_IPV6_HLEN > IPV6_MAXPLEN ||
		    skb_cow_head(skb, len + LL_MAX_HEADER)) {
			sfp_stat_inc(sd, SFP_STAT_TX_IGNORED);
			return false;
		}
		/* the payload's length before the push makes it longer */
		plen = skb->len;
		sfp_srh_build(skb_push(skb, len), sid->src.s6_addr,
			      sid->segs[0].s6_addr, sid->n_segs, nexthdr, plen);
		break;
	default:	/* End.AM: the function returns the masqueraded packet */
		/*
		 * Nothing of the packet is used before it is known to be what
		 * End.AM handed out: a whole SRH (segments and TLVs within
		 * its length), SL > 0 and DA = Segment List[0].
		 */
		if (skb->protocol != htons(ETH_P_IPV6) ||
		    sfp_srh_parse(skb->data, skb_headlen(skb), &si) != SFP_SRH_OK ||
		    !si.sl || !sfp_srh_is_masqueraded(skb->data) ||
		    skb_ensure_writable(skb, si.hdr_len)) {
			sfp_stat_inc(sd, SFP_STAT_TX_IGNORED);
			return false;
		}
		if (sfp_srh_advance(skb->data)) {
			sfp_stat_inc(sd, SFP_STAT_TX_TTL_EXPIRED);
			return false;
		}
	}
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_IPV6);
	return true;
}

/**
 * sfp_srv6_xmit() - give a packet back its outer header and route it
 * @sd: the proxy device the function routed the packet to (encap srv6)
 * @skb: an IPv4 or IPv6 packet, data at the IP header; consumed
 */
void sfp_srv6_xmit(struct sfp_dev *sd, struct sk_buff *skb)
{
	const struct sfp_config *cfg = rcu_dereference_bh(sd->cfg);
	const struct sfp_sid *sid = rcu_dereference_bh(sd->sid);
	struct sfp_next_hop hop;
	struct net_device *out;

	if (!sid || (skb->protocol != htons(ETH_P_IP) &&
		     skb->protocol != htons(ETH_P_IPV6)) ||
	    !pskb_may_pull(skb, min_t(unsigned int, skb->len,
				      SFP_SRV6_PULL_LEN))) {
		sfp_stat_inc(sd, SFP_STAT_TX_IGNORED);
		goto drop;
	}
	skb_reset_network_header(skb);
	if (!sfp_srv6_reencap(sd, sid, cfg, skb))
		goto drop;

	out = sfp_proxy_next_hop(sd, skb, &hop);
	if (!out)
		goto drop;
	if (sfp_proxy_send(sd, skb, out, &hop))
		sfp_stat_inc(sd, SFP_STAT_TX_SUCCESS);
	return;

drop:
	dev_core_stats_tx_dropped_inc(sd->dev);
	kfree_skb(skb);
}

static void sfp_sid_free_rcu(struct rcu_head *head)
{
	struct sfp_sid *sid = container_of(head, struct sfp_sid, rcu);

	netdev_put(sid->dev, &sid->tracker);
	mem_cgroup_put(sid->vnf.memcg);
	free_percpu(sid->stats);
	free_percpu(sid->errors);
	kfree(sid);
}

static void sfp_sid_link(struct sfp_srv6_net *sn, struct sfp_sid *sid)
{
	struct sfp_sid *pos;

	if (sid->plen == 128) {
		hash_add_rcu(sn->exact, &sid->node, sfp_sid_hash(&sid->addr));
		return;
	}
	/* longest prefix first, so the first match is the best one */
	list_for_each_entry(pos, &sn->prefixes, list)
		if (pos->plen < sid->plen) {
			list_add_tail_rcu(&sid->list, &pos->list);
			return;
		}
	list_add_tail_rcu(&sid->list, &sn->prefixes);
}

static void sfp_sid_unlink(struct sfp_sid *sid)
{
	if (sid->plen == 128)
		hash_del_rcu(&sid->node);
	else
		list_del_rcu(&sid->list);
}

/* Under RTNL: the hook follows whether there are SIDs. */
static void sfp_sid_hook_update(struct net *net)
{
	struct sfp_srv6_net *sn = sfp_srv6_net(net);
	bool want = sn->count > 0;

	if (want == sn->hook_on)
		return;
	if (want && nf_register_net_hook(net, &sfp_sid_hook_ops))
		return;
	if (!want)
		nf_unregister_net_hook(net, &sfp_sid_hook_ops);
	sn->hook_on = want;
}

/* Under RTNL: the hook before a SID goes in, so that a failure changes nothing. */
static int sfp_sid_hook_enable(struct net *net)
{
	struct sfp_srv6_net *sn = sfp_srv6_net(net);
	int err;

	if (sn->hook_on)
		return 0;
	err = nf_register_net_hook(net, &sfp_sid_hook_ops);
	if (!err)
		sn->hook_on = true;
	return err;
}

/*
 * Under RTNL: SIDs out of the table (unlinked or replaced), on @gone by
 * their gone fields: their flow records and their devices' pointers go,
 * and they are freed after the readers that found them.
 *
 * An End.VNF record points at its SID's counters, and a packet that found
 * the SID just before it left may still be adding one: the records are
 * flushed only once such packets are done (one wait for the whole list),
 * and call_rcu() frees the SID after the walks that might still hold one.
 */
static void sfp_sid_release(struct net *net, struct list_head *gone)
{
	struct sfp_sid *sid, *tmp;
	struct sfp_dev *sd;
	bool vnf = false;

	list_for_each_entry(sid, gone, gone)
		vnf |= sid->behavior == SFCPROXY_SID_END_VNF;
	if (vnf)
		synchronize_net();
	list_for_each_entry_safe(sid, tmp, gone, gone) {
		list_del(&sid->gone);
		if (sid->behavior == SFCPROXY_SID_END_VNF) {
			sfp_pipe_flush(net, &sid->vnf);
		} else {
			sd = netdev_priv(sid->dev);
			if (rtnl_dereference(sd->sid) == sid)
				RCU_INIT_POINTER(sd->sid, NULL);
		}
		sfp_srv6_net(net)->count--;
		call_rcu(&sid->rcu, sfp_sid_free_rcu);
	}
}

/* Under RTNL: @sid out of the table, onto @gone for sfp_sid_release(). */
static void sfp_sid_remove(struct sfp_sid *sid, struct list_head *gone)
{
	sfp_sid_unlink(sid);
	list_add_tail(&sid->gone, gone);
}

/*
 * REPLACE: @new takes @old's place in one step (same address and prefix
 * length), so a packet finds one or the other, never neither.
 */
static void sfp_sid_replace(struct net *net, struct sfp_sid *old,
			    struct sfp_sid *new)
{
	if (old->plen == 128)
		hlist_replace_rcu(&old->node, &new->node);
	else
		list_replace_rcu(&old->list, &new->list);
}

/* Every SID of @net, optionally only those naming @dev. */
static void sfp_sid_flush(struct net *net, struct net_device *dev)
{
	struct sfp_srv6_net *sn = sfp_srv6_net(net);
	struct sfp_sid *sid, *tmp;
	struct hlist_node *htmp;
	LIST_HEAD(gone);
	int bkt;

	hash_for_each_safe(sn->exact, bkt, htmp, sid, node)
		if (!dev || sid->dev == dev)
			sfp_sid_remove(sid, &gone);
	list_for_each_entry_safe(sid, tmp, &sn->prefixes, list)
		if (!dev || sid->dev == dev)
			sfp_sid_remove(sid, &gone);
	sfp_sid_release(net, &gone);
	sfp_sid_hook_update(net);
}

/**
 * sfp_sid_device_gone() - drop the SIDs of a device being unregistered
 * @dev: the device (a proxy, or an End.VNF SID's device)
 *
 * Called under RTNL from the netdevice notifier.
 */
void sfp_sid_device_gone(struct net_device *dev)
{
	if (sfp_srv6_net(dev_net(dev))->count)
		sfp_sid_flush(dev_net(dev), dev);
}

/**
 * sfp_sid_net_exit() - empty a dying namespace's SID table
 * @net: the namespace
 *
 * Called under RTNL, before the namespace's devices go.
 */
void sfp_sid_net_exit(struct net *net)
{
	sfp_sid_flush(net, NULL);
}

void sfp_sid_net_init(struct sfp_srv6_net *sn)
{
	hash_init(sn->exact);
	INIT_LIST_HEAD(&sn->prefixes);
	sn->count = 0;
	sn->hook_on = false;
}

/* Netlink. */

const struct nla_policy sfp_sid_policy[SFCPROXY_SID_A_MAX + 1] = {
	[SFCPROXY_SID_A_UNSPEC] = { .strict_start_type = SFCPROXY_SID_A_ADDR },
	[SFCPROXY_SID_A_ADDR] = { .type = NLA_BINARY,
				  .len = sizeof(struct in6_addr) },
	[SFCPROXY_SID_A_PREFIX_LEN] = { .type = NLA_U8 },
	[SFCPROXY_SID_A_BEHAVIOR] = { .type = NLA_U8 },
	[SFCPROXY_SID_A_IFINDEX] = { .type = NLA_U32 },
	[SFCPROXY_SID_A_SRC] = { .type = NLA_BINARY,
				 .len = sizeof(struct in6_addr) },
	[SFCPROXY_SID_A_SEGS] = { .type = NLA_BINARY,
				  .len = SFCPROXY_SRV6_MAX_SEGS *
					 sizeof(struct in6_addr) },
	[SFCPROXY_SID_A_PACKETS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_PACKETS is read-only" },
	[SFCPROXY_SID_A_BYTES] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_BYTES is read-only" },
	[SFCPROXY_SID_A_ERRORS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_ERRORS is read-only" },
	[SFCPROXY_SID_A_PAD] = { .type = NLA_REJECT },
	[SFCPROXY_SID_A_REPLACE] = { .type = NLA_FLAG },
	/* values are checked with messages in sfp_sid_req_vnf() */
	[SFCPROXY_SID_A_PROTO] = { .type = NLA_U8 },
	[SFCPROXY_SID_A_RETPATH_TLV] = { .type = NLA_U8 },
	[SFCPROXY_SID_A_FLOW_TIMEOUT] = { .type = NLA_U32 },
	[SFCPROXY_SID_A_FLOWS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_FLOWS is read-only" },
	[SFCPROXY_SID_A_FLOWS_FULL] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_FLOWS_FULL is read-only" },
	[SFCPROXY_SID_A_FLOW_LIMIT] = { .type = NLA_U32 },
	[SFCPROXY_SID_A_FLOWS_ACTIVE] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_FLOWS_ACTIVE is read-only" },
	[SFCPROXY_SID_A_FLOWS_HALF_OPEN] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_FLOWS_HALF_OPEN is read-only" },
	[SFCPROXY_SID_A_FLOWS_TOO_BIG] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_FLOWS_TOO_BIG is read-only" },
	[SFCPROXY_SID_A_FLOWS_UNANSWERED] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_SID_A_FLOWS_UNANSWERED is read-only" },
};

/* The SID a request names: address and prefix length, host bits clear. */
static int sfp_sid_req_addr(struct genl_info *info, struct in6_addr *addr,
			    u8 *plen)
{
	struct nlattr *a = info->attrs[SFCPROXY_SID_A_ADDR];
	struct nlattr *l = info->attrs[SFCPROXY_SID_A_PREFIX_LEN];
	struct in6_addr masked;

	if (!a || nla_len(a) != sizeof(*addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_SID_A_ADDR: a 16-byte IPv6 address is required");
		return -EINVAL;
	}
	memcpy(addr, nla_data(a), sizeof(*addr));
	*plen = l ? nla_get_u8(l) : 128;
	if (!*plen || *plen > 128) {
		NL_SET_ERR_MSG_ATTR(info->extack, l,
				    "SFCPROXY_SID_A_PREFIX_LEN: must be 1..128");
		return -ERANGE;
	}
	ipv6_addr_prefix(&masked, addr, *plen);
	if (!ipv6_addr_equal(&masked, addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_SID_A_ADDR: bits set past SFCPROXY_SID_A_PREFIX_LEN");
		return -EINVAL;
	}
	return 0;
}

static struct sfp_sid *sfp_sid_find(struct sfp_srv6_net *sn,
				    const struct in6_addr *addr, u8 plen)
{
	struct sfp_sid *sid;

	if (plen == 128) {
		hash_for_each_possible(sn->exact, sid, node, sfp_sid_hash(addr))
			if (ipv6_addr_equal(&sid->addr, addr))
				return sid;
		return NULL;
	}
	list_for_each_entry(sid, &sn->prefixes, list)
		if (sid->plen == plen && ipv6_addr_equal(&sid->addr, addr))
			return sid;
	return NULL;
}

/* End.VNF's parameters of a SID_NEW request; @sid->dev is set. */
static int sfp_sid_req_vnf(struct genl_info *info, struct sfp_sid *sid)
{
	struct nlattr **tb = info->attrs;
	struct nlattr *a;
	u32 timeout_ms;

	if (sfp_is_proxy(sid->dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_SID_A_IFINDEX],
				    "SFCPROXY_SID_A_IFINDEX: End.VNF hands packets to an ordinary device (e.g. a dummy), not to a proxy");
		return -EINVAL;
	}
	if (sid->plen < 80 && sid->plen != 128) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_SID_A_PREFIX_LEN],
				    "SFCPROXY_SID_A_PREFIX_LEN: End.VNF locators are /80 or longer (16 function bits, at most 32 parameter bits)");
		return -EINVAL;
	}
	a = tb[SFCPROXY_SID_A_PROTO];
	if (a && nla_get_u8(a) != IPPROTO_TCP) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_SID_A_PROTO: only 6 (TCP) is supported");
		return -EOPNOTSUPP;
	}
	sid->vnf.proto = IPPROTO_TCP;
	a = tb[SFCPROXY_SID_A_RETPATH_TLV];
	sid->vnf.retpath_tlv = a ? nla_get_u8(a) : SFCPROXY_RETPATH_TLV_DEFAULT;
	/* Pad1, PadN and HMAC have meanings of their own (RFC 8754) */
	if (sid->vnf.retpath_tlv == 0 || sid->vnf.retpath_tlv == 4 ||
	    sid->vnf.retpath_tlv == 5) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_SID_A_RETPATH_TLV: 0 (Pad1), 4 (PadN) and 5 (HMAC) are taken");
		return -EINVAL;
	}
	a = tb[SFCPROXY_SID_A_FLOW_TIMEOUT];
	timeout_ms = a ? nla_get_u32(a) : SFCPROXY_FLOW_TIMEOUT_DEFAULT;
	if (timeout_ms < 1000 || timeout_ms > SFCPROXY_CACHE_TIMEOUT_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_SID_A_FLOW_TIMEOUT: 1000..3600000 ms");
		return -ERANGE;
	}
	sid->vnf.timeout = msecs_to_jiffies(timeout_ms);
	a = tb[SFCPROXY_SID_A_FLOW_LIMIT];
	sid->vnf.limit = a ? nla_get_u32(a) : SFCPROXY_FLOW_LIMIT_DEFAULT;
	if (!sid->vnf.limit || sid->vnf.limit > SFCPROXY_PIPE_MAX_FLOWS) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_SID_A_FLOW_LIMIT: 1..65536 records");
		return -ERANGE;
	}
	sid->vnf.plen = sid->plen;
	return 0;
}

/* Behaviour, device and End.AS/End.VNF parameters of a SID_NEW request. */
static int sfp_sid_req_action(struct net *net, struct genl_info *info,
			      struct sfp_sid *sid)
{
	struct nlattr **tb = info->attrs;
	struct nlattr *vnf_only;
	struct net_device *dev;
	unsigned int segs_len;

	if (!tb[SFCPROXY_SID_A_BEHAVIOR] || !tb[SFCPROXY_SID_A_IFINDEX]) {
		NL_SET_ERR_MSG(info->extack,
			       "SFCPROXY_SID_A_BEHAVIOR and SFCPROXY_SID_A_IFINDEX are required");
		return -EINVAL;
	}
	sid->behavior = nla_get_u8(tb[SFCPROXY_SID_A_BEHAVIOR]);
	if (sid->behavior < SFCPROXY_SID_END_AD ||
	    sid->behavior > SFCPROXY_SID_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_SID_A_BEHAVIOR],
				    "SFCPROXY_SID_A_BEHAVIOR: unknown behaviour (1=End.AD 2=End.AS 3=End.AM 4=End.VNF)");
		return -ERANGE;
	}
	dev = __dev_get_by_index(net, nla_get_u32(tb[SFCPROXY_SID_A_IFINDEX]));
	vnf_only = tb[SFCPROXY_SID_A_PROTO] ?: tb[SFCPROXY_SID_A_RETPATH_TLV] ?:
		   tb[SFCPROXY_SID_A_FLOW_TIMEOUT] ?: tb[SFCPROXY_SID_A_FLOW_LIMIT];
	if (sid->behavior != SFCPROXY_SID_END_VNF && vnf_only) {
		NL_SET_ERR_MSG_ATTR(info->extack, vnf_only,
				    "SFCPROXY_SID_A_PROTO/RETPATH_TLV/FLOW_TIMEOUT/FLOW_LIMIT: only End.VNF has these");
		return -EINVAL;
	}
	/* the static proxy pushes a header of its own; the rest reuse the packet's */
	if (sid->behavior != SFCPROXY_SID_END_AS &&
	    (tb[SFCPROXY_SID_A_SRC] || tb[SFCPROXY_SID_A_SEGS])) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_SID_A_SRC] ?:
				    tb[SFCPROXY_SID_A_SEGS],
				    "SFCPROXY_SID_A_SRC/SEGS: only End.AS has a configured header");
		return -EINVAL;
	}
	if (sid->behavior == SFCPROXY_SID_END_VNF) {
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_SID_A_IFINDEX],
					    "SFCPROXY_SID_A_IFINDEX: no such device in this namespace");
			return -ENODEV;
		}
		sid->dev = dev;
		return sfp_sid_req_vnf(info, sid);
	}
	if (!dev || !sfp_is_proxy(dev) ||
	    sfp_cfg_rtnl(netdev_priv(dev))->encap != SFCPROXY_ENCAP_SRV6) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_SID_A_IFINDEX],
				    "SFCPROXY_SID_A_IFINDEX: not an sfcproxy device of encap srv6 in this namespace");
		return -EINVAL;
	}
	sid->dev = dev;
	if (sid->behavior != SFCPROXY_SID_END_AS)
		return 0;
	if (!tb[SFCPROXY_SID_A_SRC] || !tb[SFCPROXY_SID_A_SEGS] ||
	    nla_len(tb[SFCPROXY_SID_A_SRC]) != sizeof(struct in6_addr)) {
		NL_SET_ERR_MSG(info->extack,
			       "End.AS needs SFCPROXY_SID_A_SRC (16 bytes) and SFCPROXY_SID_A_SEGS");
		return -EINVAL;
	}
	segs_len = nla_len(tb[SFCPROXY_SID_A_SEGS]);
	if (!segs_len || segs_len % sizeof(struct in6_addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_SID_A_SEGS],
				    "SFCPROXY_SID_A_SEGS: 1..16 addresses of 16 bytes");
		return -EINVAL;
	}
	memcpy(&sid->src, nla_data(tb[SFCPROXY_SID_A_SRC]), sizeof(sid->src));
	sid->n_segs = segs_len / sizeof(struct in6_addr);
	memcpy(sid->segs, nla_data(tb[SFCPROXY_SID_A_SEGS]), segs_len);
	return 0;
}

int sfp_genl_sid_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sfp_srv6_net *sn = sfp_srv6_net(net);
	struct sfp_sid *sid, *old;
	struct sfp_dev *sd;
	int err;

	sid = kzalloc(sizeof(*sid), GFP_KERNEL_ACCOUNT);
	if (!sid)
		return -ENOMEM;
	sid->stats = sfp_tally_alloc();
	sid->errors = alloc_percpu_gfp(u64, GFP_KERNEL_ACCOUNT);
	if (!sid->stats || !sid->errors) {
		err = -ENOMEM;
		goto err_free;
	}
	err = sfp_sid_req_addr(info, &sid->addr, &sid->plen);
	if (err)
		goto err_free;

	rtnl_lock();
	err = sfp_sid_req_action(net, info, sid);
	if (err)
		goto err_unlock;
	old = sfp_sid_find(sn, &sid->addr, sid->plen);
	if (old && !nla_get_flag(info->attrs[SFCPROXY_SID_A_REPLACE])) {
		NL_SET_ERR_MSG(info->extack,
			       "this SID exists (SFCPROXY_SID_A_REPLACE replaces it)");
		err = -EEXIST;
		goto err_unlock;
	}
	/* prefix SIDs are walked in order per packet: the table is capped */
	if (!old && sn->count >= READ_ONCE(sfp_max_sids)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SFCPROXY_SID_A_ADDR],
				    "SFCPROXY_SID_A_ADDR: too many SIDs in this network namespace (limit: module parameter max_sids, default 4096)");
		err = -ENOSPC;
		goto err_unlock;
	}
	sd = sid->behavior == SFCPROXY_SID_END_VNF ? NULL :
					netdev_priv(sid->dev);
	if (sd && rtnl_dereference(sd->sid) && rtnl_dereference(sd->sid) != old) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SFCPROXY_SID_A_IFINDEX],
				    "SFCPROXY_SID_A_IFINDEX: the proxy device already serves another SID");
		err = -EBUSY;
		goto err_unlock;
	}
	/* all that can fail comes first: the table is changed only after */
	err = sfp_sid_hook_enable(net);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "cannot register the SID table's netfilter hook");
		goto err_unlock;
	}
	netdev_hold(sid->dev, &sid->tracker, GFP_KERNEL);
	if (sid->behavior == SFCPROXY_SID_END_VNF)
		sid->vnf.memcg = get_mem_cgroup_from_mm(current->mm);
	if (old)
		sfp_sid_replace(net, old, sid);
	else
		sfp_sid_link(sn, sid);
	sn->count++;
	if (sd)
		rcu_assign_pointer(sd->sid, sid);
	if (old) {
		LIST_HEAD(gone);

		list_add(&old->gone, &gone);
		sfp_sid_release(net, &gone);
	}
	rtnl_unlock();
	return 0;

err_unlock:
	rtnl_unlock();
err_free:
	free_percpu(sid->stats);
	free_percpu(sid->errors);
	kfree(sid);
	return err;
}

int sfp_genl_sid_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct in6_addr addr;
	struct sfp_sid *sid;
	LIST_HEAD(gone);
	u8 plen;
	int err;

	if (!info->attrs[SFCPROXY_SID_A_ADDR]) {
		rtnl_lock();
		sfp_sid_flush(net, NULL);
		rtnl_unlock();
		return 0;
	}
	err = sfp_sid_req_addr(info, &addr, &plen);
	if (err)
		return err;
	rtnl_lock();
	sid = sfp_sid_find(sfp_srv6_net(net), &addr, plen);
	if (sid) {
		sfp_sid_remove(sid, &gone);
		sfp_sid_release(net, &gone);
		sfp_sid_hook_update(net);
	}
	rtnl_unlock();
	if (!sid) {
		NL_SET_ERR_MSG(info->extack, "no such SID");
		return -ENOENT;
	}
	return 0;
}

static int sfp_sid_fill(struct sk_buff *skb, const struct sfp_sid *sid,
			u32 portid, u32 seq, int flags)
{
	u64 errors = 0;
	void *hdr;
	int cpu;

	for_each_possible_cpu(cpu)
		errors += READ_ONCE(*per_cpu_ptr(sid->errors, cpu));
	hdr = sfp_genl_put(skb, portid, seq, flags, SFCPROXY_CMD_SID_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_in6_addr(skb, SFCPROXY_SID_A_ADDR, &sid->addr) ||
	    nla_put_u8(skb, SFCPROXY_SID_A_PREFIX_LEN, sid->plen) ||
	    nla_put_u8(skb, SFCPROXY_SID_A_BEHAVIOR, sid->behavior) ||
	    nla_put_u32(skb, SFCPROXY_SID_A_IFINDEX, sid->dev->ifindex) ||
	    (sid->behavior == SFCPROXY_SID_END_AS &&
	     (nla_put_in6_addr(skb, SFCPROXY_SID_A_SRC, &sid->src) ||
	      nla_put(skb, SFCPROXY_SID_A_SEGS,
		      sid->n_segs * sizeof(struct in6_addr), sid->segs))) ||
	    (sid->behavior == SFCPROXY_SID_END_VNF &&
	     (nla_put_u8(skb, SFCPROXY_SID_A_PROTO, sid->vnf.proto) ||
	      nla_put_u8(skb, SFCPROXY_SID_A_RETPATH_TLV, sid->vnf.retpath_tlv) ||
	      nla_put_u32(skb, SFCPROXY_SID_A_FLOW_TIMEOUT,
			  jiffies_to_msecs(sid->vnf.timeout)) ||
	      nla_put_u64_64bit(skb, SFCPROXY_SID_A_FLOWS,
				atomic64_read(&sid->vnf.flows),
				SFCPROXY_SID_A_PAD) ||
	      nla_put_u64_64bit(skb, SFCPROXY_SID_A_FLOWS_FULL,
				atomic64_read(&sid->vnf.full),
				SFCPROXY_SID_A_PAD) ||
	      nla_put_u32(skb, SFCPROXY_SID_A_FLOW_LIMIT, sid->vnf.limit) ||
	      nla_put_u32(skb, SFCPROXY_SID_A_FLOWS_ACTIVE,
			  atomic_read(&sid->vnf.count)) ||
	      nla_put_u32(skb, SFCPROXY_SID_A_FLOWS_HALF_OPEN,
			  atomic_read(&sid->vnf.half_open)) ||
	      nla_put_u64_64bit(skb, SFCPROXY_SID_A_FLOWS_TOO_BIG,
				atomic64_read(&sid->vnf.too_big),
				SFCPROXY_SID_A_PAD) ||
	      nla_put_u64_64bit(skb, SFCPROXY_SID_A_FLOWS_UNANSWERED,
				atomic64_read(&sid->vnf.unanswered),
				SFCPROXY_SID_A_PAD))) ||
	    sfp_nla_put_tally(skb, sid->stats, SFCPROXY_SID_A_PACKETS,
			      SFCPROXY_SID_A_BYTES, SFCPROXY_SID_A_PAD) ||
	    nla_put_u64_64bit(skb, SFCPROXY_SID_A_ERRORS, errors,
			      SFCPROXY_SID_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int sfp_genl_sid_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct in6_addr addr;
	struct sfp_sid *sid;
	struct sk_buff *msg;
	u8 plen;
	int err;

	err = sfp_sid_req_addr(info, &addr, &plen);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	sid = sfp_sid_find(sfp_srv6_net(genl_info_net(info)), &addr, plen);
	if (!sid) {
		NL_SET_ERR_MSG(info->extack, "no such SID");
		err = -ENOENT;
	} else {
		err = sfp_sid_fill(msg, sid, info->snd_portid, info->snd_seq, 0);
	}
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: exact-SID buckets done (HASH_SIZE: on to the prefixes);
 * cb->args[1]: SIDs of the current bucket or of the prefix list sent.
 */
int sfp_genl_sid_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sfp_srv6_net *sn = sfp_srv6_net(sock_net(skb->sk));
	u32 portid = NETLINK_CB(cb->skb).portid, seq = cb->nlh->nlmsg_seq;
	struct sfp_sid *sid;
	long bkt, idx;

	rcu_read_lock();
	for (bkt = cb->args[0]; bkt < HASH_SIZE(sn->exact); bkt++) {
		idx = 0;
		hlist_for_each_entry_rcu(sid, &sn->exact[bkt], node) {
			if (idx++ < cb->args[1])
				continue;
			if (sfp_sid_fill(skb, sid, portid, seq, NLM_F_MULTI)) {
				cb->args[0] = bkt;
				cb->args[1] = idx - 1;
				goto out;
			}
		}
		cb->args[1] = 0;
	}
	cb->args[0] = bkt;
	idx = 0;
	list_for_each_entry_rcu(sid, &sn->prefixes, list) {
		if (idx++ < cb->args[1])
			continue;
		if (sfp_sid_fill(skb, sid, portid, seq, NLM_F_MULTI)) {
			cb->args[1] = idx - 1;
			goto out;
		}
	}
	cb->args[1] = idx;
out:
	rcu_read_unlock();
	return skb->len;
}
