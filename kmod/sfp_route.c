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
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip6_route.h>
#include <net/neighbour.h>
#include <net/route.h>

#include "sfp.h"

/**
 * sfp_route_lookup() - the next hop for an IP packet's destination
 * @net: namespace whose FIB to ask
 * @skb: IPv4 or IPv6 packet (by skb->protocol), network header set
 * @hop: receives the neighbour table and address to hand to neigh_xmit()
 *
 * Return: the output device, or NULL when there is no route.
 */
struct net_device *sfp_route_lookup(struct net *net, struct sk_buff *skb,
				    struct sfp_next_hop *hop)
{
	struct net_device *out;

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
			hop->tbl = NEIGH_ND_TABLE;
			memcpy(hop->addr, &rt->rt_gw6, sizeof(struct in6_addr));
		} else {
			hop->tbl = NEIGH_ARP_TABLE;
			*(__be32 *)hop->addr = rt_nexthop(rt, iph->daddr);
		}
		ip_rt_put(rt);
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
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
