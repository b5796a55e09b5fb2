// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: routing a packet that leaves the proxy's hands.
 *
 * Re-encapsulated MPLS packets and NSH packets at the end of their chain
 * go to the next hop the FIB gives for the inner destination, looked up as
 * for locally generated traffic: a policy rule such as `ip rule add iif sfp0
 * lookup 100`, which steers the function's output into the proxy, does not
 * match such a lookup, so the main table's real next hop is used. They are
 * sent with neigh_xmit(), as mpls_iptunnel does, which resolves the next
 * hop's link-layer address whatever the payload's protocol.
 *
 * Packets the proxy decapsulates for good (NSH at the end of its chain)
 * are the opposite case: they come from the wire and must meet the node's
 * firewall and forwarding rules, so they re-enter the stack as received
 * packets (sfp_route_input()).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/neighbour.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>

#include "sfp.h"

/**
 * sfp_route_lookup() - the next hop for an IP packet's destination
 * @net: namespace whose FIB to ask
 * @skb: IPv4 or IPv6 packet (by skb->protocol), network header set
 * @hop: receives the neighbour table and address to hand to neigh_xmit()
 *
 * Whatever reaches a proxy's xmit may be anything a local process wrote
 * (an AF_PACKET socket on the proxy device, say), so the addresses are
 * read only from a header that is there and of the version the protocol
 * says.
 *
 * Return: the output device, or NULL when there is no route or no IP
 * header to route by.
 */
struct net_device *sfp_route_lookup(struct net *net, struct sk_buff *skb,
				    struct sfp_next_hop *hop)
{
	unsigned int nh = skb_network_offset(skb);
	struct net_device *out;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;
		struct flowi4 fl4;
		struct rtable *rt;

		if (!pskb_may_pull(skb, nh + sizeof(*iph)))
			return NULL;
		iph = ip_hdr(skb);
		if (iph->version != 4)
			return NULL;
		fl4 = (struct flowi4){
			.daddr = iph->daddr,
			.saddr = iph->saddr,
			.flowi4_mark = skb->mark,
			/* the source belongs to the chain's sender, not us */
			.flowi4_flags = FLOWI_FLAG_ANYSRC,
		};
		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return NULL;
		out = rt->dst.dev;
		if (rt->rt_gw_family == AF_INET6) {
			hop->tbl = NEIGH_ND_TABLE;
			memcpy(hop->addr, &rt->rt_gw6, sizeof(struct in6_addr));
		} else {
			hop->tbl = NEIGH_ARP_TABLE;
			*(__be32 *)hop->addr = rt_nexthop(rt, iph->daddr);
		}
		ip_rt_put(rt);
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h;
		struct dst_entry *dst;
		struct flowi6 fl6 = {};

		if (!pskb_may_pull(skb, nh + sizeof(*ip6h)))
			return NULL;
		ip6h = ipv6_hdr(skb);
		if (ip6h->version != 6)
			return NULL;
		fl6.daddr = ip6h->daddr;
		fl6.saddr = ip6h->saddr;
		fl6.flowi6_mark = skb->mark;
		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			dst_release(dst);
			return NULL;
		}
		out = dst->dev;
		hop->tbl = NEIGH_ND_TABLE;
		memcpy(hop->addr, rt6_nexthop((struct rt6_info *)dst, &fl6.daddr),
		       sizeof(struct in6_addr));
		dst_release(dst);
	} else {
		return NULL;
	}
	return out;
}

/**
 * sfp_route_xmit() - send a packet to a next hop sfp_route_lookup() found
 * @skb: the packet, data at what follows the link-layer header
 * @out: the output device
 * @hop: the next hop
 *
 * Consumes @skb.
 *
 * Return: true when the packet was handed to the device's queue.
 */
bool sfp_route_xmit(struct sk_buff *skb, struct net_device *out,
		    struct sfp_next_hop *hop)
{
	skb_dst_drop(skb);
	skb->dev = out;
	return neigh_xmit(hop->tbl, out, hop->addr, skb) >= 0;
}

/*
 * A decapsulated packet's continuation after PRE_ROUTING: the route input
 * the IP layer would have done on its way up from the device (source
 * validation, rp_filter included; local delivery through INPUT or
 * forwarding through FORWARD with the TTL decrement), then the route's
 * input function. The classifier knows packets on their way here by this
 * function's address in their hook state (sfp_route_is_reentry()).
 */
static int sfp_route_input_finish(struct net *net, struct sock *sk,
				  struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);
		int err = ip_route_input_noref(skb, iph->daddr, iph->saddr,
					       iph->tos, dev);

		if (err) {
			/* counted as ip_rcv_finish_core() counts it */
			if (err == -EXDEV)
				__NET_INC_STATS(net, LINUX_MIB_IPRPFILTER);
			kfree_skb(skb);
			return err;
		}
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.flowi6_iif = dev->ifindex,
			.daddr = ip6h->daddr,
			.saddr = ip6h->saddr,
			.flowlabel = ip6_flowinfo(ip6h),
			.flowi6_mark = skb->mark,
			.flowi6_proto = ip6h->nexthdr,
		};

		/* an unreachable route's input discards and answers with ICMP,
		 * as for any packet received on @dev
		 */
		skb_dst_set(skb, ip6_route_input_lookup(net, dev, &fl6, skb,
							RT6_LOOKUP_F_HAS_SADDR));
	}
	return dst_input(skb);
}

/**
 * sfp_route_is_reentry() - whether a PRE_ROUTING hook sees a packet that
 *	sfp_route_input() brought back
 * @state: the hook's state
 *
 * Return: true for decapsulated packets re-entering the stack, which the
 * classifier must not encapsulate again.
 */
bool sfp_route_is_reentry(const struct nf_hook_state *state)
{
	return state->okfn == sfp_route_input_finish;
}

/* Checks ip_rcv_core() / ip6_rcv_core() would make; trims to the IP length. */
static bool sfp_route_input_valid(struct sk_buff *skb)
{
	unsigned int len;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return false;
		iph = ip_hdr(skb);
		if (iph->version != 4 || iph->ihl < 5 ||
		    !pskb_may_pull(skb, iph->ihl * 4))
			return false;
		iph = ip_hdr(skb);
		if (ip_fast_csum((const u8 *)iph, iph->ihl))
			return false;
		len = ntohs(iph->tot_len);
		if (len < iph->ihl * 4 || skb->len < len ||
		    pskb_trim_rcsum(skb, len))
			return false;
		skb_set_transport_header(skb, ip_hdr(skb)->ihl * 4);
		memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
		IPCB(skb)->iif = skb->skb_iif;
		return true;
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, sizeof(*ip6h)))
			return false;
		ip6h = ipv6_hdr(skb);
		if (ip6h->version != 6)
			return false;
		/* no jumbograms: their payload length is 0 */
		len = ntohs(ip6h->payload_len);
		if (!len || skb->len < len + sizeof(*ip6h) ||
		    pskb_trim_rcsum(skb, len + sizeof(*ip6h)))
			return false;
		skb_set_transport_header(skb, sizeof(*ip6h));
		memset(IP6CB(skb), 0, sizeof(struct inet6_skb_parm));
		IP6CB(skb)->iif = skb->skb_iif;
		IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
		return true;
	}
	return false;
}

/**
 * sfp_route_input() - a decapsulated packet enters the stack as received
 * @skb: an IPv4 or IPv6 packet (skb->protocol), data at its IP header
 * @dev: the device it is received on
 *
 * As a tunnel delivers what it decapsulated, and as seg6local does with
 * its nf_hooks option on: the packet is checked as the IP layer checks
 * what a device hands it, then meets the namespace's PRE_ROUTING hooks
 * (the firewall, conntrack, NAT) and the route input of @dev, so that
 * rp_filter, INPUT or FORWARD and the TTL decrement apply to it as to any
 * packet arriving there. Sending the inner packet as if locally generated
 * instead would let a sender on the wire reach the host's own addresses
 * through lo, with a spoofed source and past the firewall. Runs with BHs
 * off, as the receive path does. Consumes @skb.
 *
 * Return: false when the packet is not a valid IP packet (dropped; the
 * caller counts it). What the stack then does with it is the stack's to
 * count.
 */
bool sfp_route_input(struct sk_buff *skb, struct net_device *dev)
{
	struct net *net = dev_net(dev);

	skb_orphan(skb);
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	skb->dev = dev;
	skb->skb_iif = dev->ifindex;
	skb->pkt_type = PACKET_HOST;
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	skb->mac_len = 0;
	if (!sfp_route_input_valid(skb)) {
		kfree_skb(skb);
		return false;
	}
	if (skb->protocol == htons(ETH_P_IP))
		NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, net, NULL, skb, dev,
			NULL, sfp_route_input_finish);
	else
		NF_HOOK(NFPROTO_IPV6, NF_INET_PRE_ROUTING, net, NULL, skb, dev,
			NULL, sfp_route_input_finish);
	return true;
}
