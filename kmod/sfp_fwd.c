// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the NSH forwarding table (the service function forwarder).
 *
 * One table per network namespace maps a service path (SPI, SI) to what
 * happens next: a next hop's MAC address on an Ethernet device, a local
 * proxy device (a co-located function: the packet is handed over with its
 * NSH, so the metadata travels along), or the end of the chain (strip and
 * route). Three kinds of packet are looked up in it:
 *
 *   - NSH frames arriving on any device of the namespace, through a packet
 *     handler for EtherType 0x894F (the core has none; without one the
 *     stack drops such frames);
 *   - packets a proxy device re-encapsulated (sfp_nsh.c);
 *   - packets the classifier just encapsulated (sfp_classifier.c).
 *
 * The proxy decrements SI and TTL when the function hands a packet back,
 * once per function, which is where RFC 8300 has the SF and its SFF do it.
 * A frame that only passes through (from the wire to a next hop) has its
 * TTL decremented here, and is dropped when it would reach 0, so that a
 * forwarding loop between nodes ends (RFC 8300 section 2.2).
 *
 * Entries are few and change rarely: a fixed-size RCU hash, changed under
 * RTNL. An entry holds a reference on its device and goes when the device
 * goes (netdevice notifier).
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "sfp.h"
#include "sfp_nsh_pkt.h"
#include "sfp_proxy.h"

#define SFP_NSH_RCV_PULL	(SFP_NSH_MAX_HDR + ETH_HLEN + 60)

/**
 * struct sfp_fwd_entry - one (SPI, SI) of the forwarding table
 * @node: hash linkage
 * @path: sfp_nsh_path_key() of the entry's SPI and SI
 * @action: enum sfcproxy_fwd_action
 * @mac: next hop address (next hop)
 * @dev: output device (next hop) or proxy device (proxy), held
 * @tracker: reference tracking for @dev
 * @stats: per-CPU packets and bytes
 * @rcu: frees the entry after readers left
 */
struct sfp_fwd_entry {
	struct hlist_node node;
	u32 path;
	u8 action;
	u8 mac[ETH_ALEN];
	struct net_device *dev;
	netdevice_tracker tracker;
	struct sfp_pcpu_tally __percpu *stats;
	struct rcu_head rcu;
};

static struct sfp_nsh_net *sfp_nsh_net(const struct net *net)
{
	return &sfp_net(net)->nsh;
}

/**
 * sfp_nsh_stat_inc() - count an event of a namespace's NSH forwarder
 * @net: the namespace
 * @stat: what happened
 */
void sfp_nsh_stat_inc(struct net *net, enum sfp_nsh_stat stat)
{
	struct sfp_pcpu_nsh_stats *s = this_cpu_ptr(sfp_nsh_net(net)->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[stat]);
	u64_stats_update_end(&s->syncp);
}

static struct sfp_fwd_entry *sfp_fwd_lookup(struct sfp_nsh_net *nn, u32 path)
{
	struct sfp_fwd_entry *fe;

	hash_for_each_possible_rcu(nn->fwd, fe, node, path)
		if (fe->path == path)
			return fe;
	return NULL;
}

/*
 * NSH over Ethernet to the next hop; consumes @skb. Returns 0, -EMSGSIZE
 * for a packet longer than the device's MTU (nothing can fragment it on
 * the way), -ENETDOWN when the device cannot take it.
 */
static int sfp_fwd_next_hop(struct sfp_fwd_entry *fe, struct sk_buff *skb)
{
	struct net_device *dev = fe->dev;
	struct ethhdr *eth;

	if (unlikely(skb->len > dev->mtu && !skb_is_gso(skb))) {
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	if (!(dev->flags & IFF_UP) ||
	    skb_cow_head(skb, ETH_HLEN + LL_RESERVED_SPACE(dev))) {
		kfree_skb(skb);
		return -ENETDOWN;
	}
	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_dest, fe->mac);
	ether_addr_copy(eth->h_source, dev->dev_addr);
	eth->h_proto = htons(ETH_P_NSH);
	skb_set_network_header(skb, ETH_HLEN);
	skb->mac_len = ETH_HLEN;
	skb->protocol = htons(ETH_P_NSH);
	skb->dev = dev;
	dev_queue_xmit(skb);
	return 0;
}

/*
 * The device a packet that leaves its chain here is received on: the one
 * its NSH arrived on at this node, as a tunnel's packets appear where the
 * tunnel ends. A packet a co-located proxy gave back comes from the wire
 * through that proxy's lower device; its own device would be wrong, since
 * policy routing steers what arrives there back into the proxy.
 */
static struct net_device *sfp_fwd_end_dev(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct sfp_port *port;

	if (!dev || !sfp_is_proxy(dev))
		return dev;
	port = READ_ONCE(((struct sfp_dev *)netdev_priv(dev))->port);
	return port ? port->lower : NULL;
}

/*
 * End of the chain: strip the NSH (and an inner Ethernet header) and hand
 * the inner packet to the stack as received (sfp_route_input()), so that
 * the node's firewall, rp_filter and forwarding rules decide its fate.
 */
static void sfp_fwd_end(struct net *net, struct sk_buff *skb)
{
	struct net_device *dev = sfp_fwd_end_dev(skb);
	struct sfp_nsh_hdr h;
	unsigned int strip;
	u8 np;

	/* the header came through sfp_nsh_parse() already; this finds its
	 * length and payload again, and cannot fail on well-formed input
	 */
	if (!dev ||
	    sfp_nsh_parse(skb->data, skb_headlen(skb), SFP_NSH_MAX_HDR, &h))
		goto drop;
	strip = h.hdr_len;
	np = h.next_proto;
	if (np == SFP_NSH_NP_ETH) {
		const struct ethhdr *eth;

		if (!pskb_may_pull(skb, strip + ETH_HLEN))
			goto drop;
		eth = (const void *)(skb->data + strip);
		if (eth->h_proto == htons(ETH_P_IP))
			np = SFP_NSH_NP_IPV4;
		else if (eth->h_proto == htons(ETH_P_IPV6))
			np = SFP_NSH_NP_IPV6;
		else
			goto drop;
		strip += ETH_HLEN;
	}
	skb_pull_rcsum(skb, strip);
	skb->protocol = np == SFP_NSH_NP_IPV4 ? htons(ETH_P_IP) :
						htons(ETH_P_IPV6);
	if (!sfp_route_input(skb, dev))
		sfp_nsh_stat_inc(net, SFP_NSH_STAT_NO_ROUTE);
	return;

drop:
	sfp_nsh_stat_inc(net, SFP_NSH_STAT_NO_ROUTE);
	kfree_skb(skb);
}

/**
 * sfp_fwd_dispatch() - send an NSH packet where its service path goes
 * @net: the namespace whose table decides
 * @skb: the packet, data at a valid NSH in the linear area; consumed
 * @path: the packet's (SPI, SI), see sfp_nsh_path_key()
 * @transit: the packet arrived from another SFF; if it goes on to a next
 *	hop without a function in between, this forwarder decrements its TTL
 *	(a proxy does so when its function hands a packet back, ttl dec)
 *
 * Runs with BHs off (softirq, a proxy's xmit, a netfilter hook). Drops are
 * counted on the namespace's forwarder.
 *
 * Return: 0 when the packet went on (or left its chain), -EMSGSIZE when it
 * was too big for the next hop's device (tx_too_big), -ENOENT when the
 * path has no entry or the entry's device cannot take it (no_path), or
 * -ETIMEDOUT for a transit packet whose TTL ran out (rx_expired).
 */
int sfp_fwd_dispatch(struct net *net, struct sk_buff *skb, u32 path,
		     bool transit)
{
	struct sfp_nsh_net *nn = sfp_nsh_net(net);
	enum sfp_nsh_stat stat = SFP_NSH_STAT_NO_PATH;
	struct sfp_fwd_entry *fe;
	struct sfp_dev *sd;
	int err = 0;

	/* whatever the packet was before, it starts over here */
	skb_scrub_packet(skb, false);
	/* headers were pushed and pulled without keeping a complete checksum */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;

	rcu_read_lock();
	fe = sfp_fwd_lookup(nn, path);
	if (!fe) {
		kfree_skb(skb);
		err = -ENOENT;
		goto out;
	}
	sfp_tally_add(fe->stats, skb->len);
	switch (fe->action) {
	case SFCPROXY_FWD_NEXT_HOP:
		if (transit && (skb_ensure_writable(skb, SFP_NSH_BASE_LEN) ||
				!sfp_nsh_dec_ttl(skb->data))) {
			kfree_skb(skb);
			stat = SFP_NSH_STAT_RX_EXPIRED;
			err = -ETIMEDOUT;
			break;
		}
		err = sfp_fwd_next_hop(fe, skb);
		if (err == -EMSGSIZE)
			stat = SFP_NSH_STAT_TX_TOO_BIG;
		else if (err)
			err = -ENOENT;
		break;
	case SFCPROXY_FWD_PROXY:
		sd = netdev_priv(fe->dev);
		/* a proxy changed to another encapsulation keeps no paths */
		if (rcu_dereference(sd->cfg)->encap != SFCPROXY_ENCAP_NSH ||
		    !(fe->dev->flags & IFF_UP)) {
			kfree_skb(skb);
			err = -ENOENT;
			break;
		}
		sfp_nsh_rx(sd, skb);
		break;
	default:
		sfp_fwd_end(net, skb);
	}
out:
	rcu_read_unlock();
	if (err)
		sfp_nsh_stat_inc(net, stat);
	return err;
}

/* One arriving NSH frame (not GSO), data at the NSH. */
static void sfp_nsh_rcv_one(struct net *net, struct sk_buff *skb)
{
	enum sfp_nsh_stat stat = SFP_NSH_STAT_RX_MALFORMED;
	struct sfp_nsh_hdr h;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len,
				      SFP_NSH_RCV_PULL)))
		goto drop;
	switch (sfp_nsh_parse(skb->data, skb_headlen(skb), SFP_NSH_MAX_HDR,
			      &h)) {
	case SFP_NSH_OK:
		break;
	case SFP_NSH_BAD_VERSION:
		stat = SFP_NSH_STAT_RX_BAD_VERSION;
		goto drop;
	default:
		goto drop;
	}
	if (!h.si || !h.ttl) {
		stat = SFP_NSH_STAT_RX_EXPIRED;
		goto drop;
	}
	sfp_fwd_dispatch(net, skb, sfp_nsh_path_key(h.spi, h.si), true);
	return;

drop:
	sfp_nsh_stat_inc(net, stat);
	kfree_skb(skb);
}

static void sfp_nsh_rcv_seg(void *arg, struct sk_buff *seg)
{
	sfp_nsh_rcv_one(arg, seg);
}

static int sfp_nsh_rcv(struct sk_buff *skb, struct net_device *dev,
		       struct packet_type *pt, struct net_device *orig_dev)
{
	struct net *net = dev_net(dev);

	/* as for IP: frames for another host are not ours to forward, and
	 * are counted where IP counts them (ip -s -s link: otherhost)
	 */
	if (skb->pkt_type == PACKET_OTHERHOST) {
		dev_core_stats_rx_otherhost_dropped_inc(dev);
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return NET_RX_DROP;
	if (skb_is_gso(skb)) {
		if (!sfp_proxy_segment(skb, sfp_nsh_rcv_seg, net))
			sfp_nsh_stat_inc(net, SFP_NSH_STAT_RX_MALFORMED);
		return NET_RX_SUCCESS;
	}
	sfp_nsh_rcv_one(net, skb);
	return NET_RX_SUCCESS;
}

static struct packet_type sfp_nsh_packet_type __read_mostly = {
	.type = cpu_to_be16(ETH_P_NSH),
	.func = sfp_nsh_rcv,
};

static void sfp_fwd_free_rcu(struct rcu_head *head)
{
	struct sfp_fwd_entry *fe = container_of(head, struct sfp_fwd_entry,
						rcu);

	netdev_put(fe->dev, &fe->tracker);
	free_percpu(fe->stats);
	kfree(fe);
}

static void sfp_fwd_remove(struct sfp_nsh_net *nn, struct sfp_fwd_entry *fe)
{
	nn->n_fwd--;
	hash_del_rcu(&fe->node);
	call_rcu(&fe->rcu, sfp_fwd_free_rcu);
}

/**
 * sfp_fwd_device_gone() - drop the forwarding entries that name a device
 * @dev: a device being unregistered
 *
 * Called under RTNL from the netdevice notifier.
 */
void sfp_fwd_device_gone(struct net_device *dev)
{
	struct sfp_nsh_net *nn = sfp_nsh_net(dev_net(dev));
	struct sfp_fwd_entry *fe;
	struct hlist_node *tmp;
	int bkt;

	ASSERT_RTNL();
	hash_for_each_safe(nn->fwd, bkt, tmp, fe, node)
		if (fe->dev == dev)
			sfp_fwd_remove(nn, fe);
}

int sfp_fwd_net_init(struct sfp_nsh_net *nn)
{
	int cpu;

	hash_init(nn->fwd);
	INIT_LIST_HEAD(&nn->rules);
	/* charged to whoever makes the namespace, as the namespace is */
	nn->stats = alloc_percpu_gfp(struct sfp_pcpu_nsh_stats,
				     GFP_KERNEL_ACCOUNT);
	if (!nn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(nn->stats, cpu)->syncp);
	return 0;
}

/**
 * sfp_fwd_net_exit() - empty a dying namespace's forwarding table
 * @net: the namespace
 *
 * Called under RTNL, before the namespace's devices go, so that no entry
 * holds one of them.
 */
void sfp_fwd_net_exit(struct net *net)
{
	struct sfp_nsh_net *nn = sfp_nsh_net(net);
	struct sfp_fwd_entry *fe;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(nn->fwd, bkt, tmp, fe, node)
		sfp_fwd_remove(nn, fe);
}

/* Called after the namespace's last reader: the counters go. */
void sfp_fwd_net_free(struct sfp_nsh_net *nn)
{
	free_percpu(nn->stats);
}

void __init sfp_fwd_register(void)
{
	dev_add_pack(&sfp_nsh_packet_type);
}

void sfp_fwd_unregister(void)
{
	/* waits for handlers still running */
	dev_remove_pack(&sfp_nsh_packet_type);
}

/* Netlink. */

const struct nla_policy sfp_fwd_policy[SFCPROXY_FWD_A_MAX + 1] = {
	[SFCPROXY_FWD_A_UNSPEC] = { .strict_start_type = SFCPROXY_FWD_A_SPI },
	[SFCPROXY_FWD_A_SPI] = { .type = NLA_U32 },
	[SFCPROXY_FWD_A_SI] = { .type = NLA_U8 },
	[SFCPROXY_FWD_A_ACTION] = { .type = NLA_U8 },
	[SFCPROXY_FWD_A_IFINDEX] = { .type = NLA_U32 },
	[SFCPROXY_FWD_A_MAC] = { .type = NLA_BINARY, .len = ETH_ALEN },
	[SFCPROXY_FWD_A_PACKETS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FWD_A_PACKETS is read-only" },
	[SFCPROXY_FWD_A_BYTES] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FWD_A_BYTES is read-only" },
	[SFCPROXY_FWD_A_PAD] = { .type = NLA_REJECT },
	[SFCPROXY_FWD_A_STATS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FWD_A_STATS is read-only" },
	[SFCPROXY_FWD_A_REPLACE] = { .type = NLA_FLAG },
};

/* The path a request names; both attributes required. */
static int sfp_fwd_req_path(struct genl_info *info, u32 *path)
{
	struct nlattr **tb = info->attrs;
	u32 spi;

	if (!tb[SFCPROXY_FWD_A_SPI] || !tb[SFCPROXY_FWD_A_SI]) {
		NL_SET_ERR_MSG(info->extack,
			       "SFCPROXY_FWD_A_SPI and SFCPROXY_FWD_A_SI are required");
		return -EINVAL;
	}
	spi = nla_get_u32(tb[SFCPROXY_FWD_A_SPI]);
	if (spi > SFCPROXY_NSH_SPI_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_FWD_A_SPI],
				    "SFCPROXY_FWD_A_SPI: must be 0..16777215");
		return -ERANGE;
	}
	if (!nla_get_u8(tb[SFCPROXY_FWD_A_SI])) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_FWD_A_SI],
				    "SFCPROXY_FWD_A_SI: must be 1..255");
		return -ERANGE;
	}
	*path = sfp_nsh_path_key(spi, nla_get_u8(tb[SFCPROXY_FWD_A_SI]));
	return 0;
}

static int sfp_fwd_fill(struct sk_buff *skb, const struct sfp_fwd_entry *fe,
			u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = sfp_genl_put(skb, portid, seq, flags, SFCPROXY_CMD_FWD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SFCPROXY_FWD_A_SPI, sfp_nsh_path_spi(fe->path)) ||
	    nla_put_u8(skb, SFCPROXY_FWD_A_SI, sfp_nsh_path_si(fe->path)) ||
	    nla_put_u8(skb, SFCPROXY_FWD_A_ACTION, fe->action) ||
	    (fe->dev && nla_put_u32(skb, SFCPROXY_FWD_A_IFINDEX,
				    fe->dev->ifindex)) ||
	    (fe->action == SFCPROXY_FWD_NEXT_HOP &&
	     nla_put(skb, SFCPROXY_FWD_A_MAC, ETH_ALEN, fe->mac)) ||
	    sfp_nla_put_tally(skb, fe->stats, SFCPROXY_FWD_A_PACKETS,
			      SFCPROXY_FWD_A_BYTES, SFCPROXY_FWD_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int sfp_genl_fwd_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sfp_fwd_entry *fe;
	struct sk_buff *msg;
	u32 path;
	int err;

	err = sfp_fwd_req_path(info, &path);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	fe = sfp_fwd_lookup(sfp_nsh_net(genl_info_net(info)), path);
	if (!fe) {
		NL_SET_ERR_MSG(info->extack, "no forwarding entry for this SPI and SI");
		err = -ENOENT;
	} else {
		err = sfp_fwd_fill(msg, fe, info->snd_portid, info->snd_seq, 0);
	}
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: bucket to resume in; cb->args[1]: entries of it sent */
int sfp_genl_fwd_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sfp_nsh_net *nn = sfp_nsh_net(sock_net(skb->sk));
	struct sfp_fwd_entry *fe;
	long bkt, idx;

	rcu_read_lock();
	for (bkt = cb->args[0]; bkt < HASH_SIZE(nn->fwd); bkt++) {
		idx = 0;
		hlist_for_each_entry_rcu(fe, &nn->fwd[bkt], node) {
			if (idx++ < cb->args[1])
				continue;
			if (sfp_fwd_fill(skb, fe, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
				cb->args[0] = bkt;
				cb->args[1] = idx - 1;
				goto out;
			}
		}
		cb->args[1] = 0;
	}
	cb->args[0] = bkt;
out:
	rcu_read_unlock();
	return skb->len;
}

/* The device an entry sends to, with the checks its action needs. */
static struct net_device *sfp_fwd_req_dev(struct net *net,
					  struct genl_info *info, u8 action)
{
	struct nlattr *attr = info->attrs[SFCPROXY_FWD_A_IFINDEX];
	struct net_device *dev;

	if (!attr) {
		NL_SET_ERR_MSG(info->extack,
			       "SFCPROXY_FWD_A_IFINDEX is required for next hop and proxy entries");
		return ERR_PTR(-EINVAL);
	}
	dev = __dev_get_by_index(net, nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "SFCPROXY_FWD_A_IFINDEX: no such device in this network namespace");
		return ERR_PTR(-ENODEV);
	}
	if (action == SFCPROXY_FWD_PROXY) {
		if (!sfp_is_proxy(dev) ||
		    sfp_cfg_rtnl(netdev_priv(dev))->encap != SFCPROXY_ENCAP_NSH) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "SFCPROXY_FWD_A_IFINDEX: not an sfcproxy device of encap nsh");
			return ERR_PTR(-EINVAL);
		}
	} else if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN ||
		   sfp_is_proxy(dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "SFCPROXY_FWD_A_IFINDEX: a next hop needs an Ethernet device");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

int sfp_genl_fwd_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sfp_nsh_net *nn = sfp_nsh_net(net);
	struct nlattr **tb = info->attrs;
	struct net_device *dev = NULL;
	struct sfp_fwd_entry *fe, *old;
	struct nlattr *mac = tb[SFCPROXY_FWD_A_MAC];
	u8 action;
	u32 path;
	int err;

	err = sfp_fwd_req_path(info, &path);
	if (err)
		return err;
	if (!tb[SFCPROXY_FWD_A_ACTION]) {
		NL_SET_ERR_MSG(info->extack, "SFCPROXY_FWD_A_ACTION is required");
		return -EINVAL;
	}
	action = nla_get_u8(tb[SFCPROXY_FWD_A_ACTION]);
	if (action < SFCPROXY_FWD_NEXT_HOP || action > SFCPROXY_FWD_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_FWD_A_ACTION],
				    "SFCPROXY_FWD_A_ACTION: unknown action (1=next hop 2=proxy 3=end)");
		return -ERANGE;
	}
	if (action == SFCPROXY_FWD_NEXT_HOP &&
	    (!mac || nla_len(mac) != ETH_ALEN ||
	     !is_valid_ether_addr(nla_data(mac)))) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "SFCPROXY_FWD_A_MAC: a next hop needs a 6-byte unicast MAC address");
		return -EINVAL;
	}
	if (action != SFCPROXY_FWD_NEXT_HOP && mac) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "SFCPROXY_FWD_A_MAC: only next hop entries have a MAC address");
		return -EINVAL;
	}
	if (action == SFCPROXY_FWD_END && tb[SFCPROXY_FWD_A_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_FWD_A_IFINDEX],
				    "SFCPROXY_FWD_A_IFINDEX: an end entry has no device");
		return -EINVAL;
	}

	fe = kzalloc(sizeof(*fe), GFP_KERNEL_ACCOUNT);
	if (!fe)
		return -ENOMEM;
	fe->stats = sfp_tally_alloc();
	if (!fe->stats) {
		kfree(fe);
		return -ENOMEM;
	}
	fe->path = path;
	fe->action = action;
	if (mac)
		memcpy(fe->mac, nla_data(mac), ETH_ALEN);

	rtnl_lock();
	if (action != SFCPROXY_FWD_END) {
		dev = sfp_fwd_req_dev(net, info, action);
		if (IS_ERR(dev)) {
			err = PTR_ERR(dev);
			goto err_unlock;
		}
	}
	old = sfp_fwd_lookup(nn, path);
	if (old && !nla_get_flag(tb[SFCPROXY_FWD_A_REPLACE])) {
		NL_SET_ERR_MSG(info->extack,
			       "a forwarding entry for this SPI and SI exists (SFCPROXY_FWD_A_REPLACE replaces it)");
		err = -EEXIST;
		goto err_unlock;
	}
	if (!old && nn->n_fwd >= READ_ONCE(sfp_max_fwd_entries)) {
		NL_SET_ERR_MSG(info->extack,
			       "too many forwarding entries in this network namespace (limit: module parameter max_fwd_entries, default 65536)");
		err = -ENOSPC;
		goto err_unlock;
	}
	fe->dev = dev;
	if (dev)
		netdev_hold(dev, &fe->tracker, GFP_KERNEL);
	/* readers see the old entry or the new one, never neither */
	if (old) {
		hlist_replace_rcu(&old->node, &fe->node);
		call_rcu(&old->rcu, sfp_fwd_free_rcu);
	} else {
		hash_add_rcu(nn->fwd, &fe->node, path);
		nn->n_fwd++;
	}
	rtnl_unlock();
	return 0;

err_unlock:
	rtnl_unlock();
	free_percpu(fe->stats);
	kfree(fe);
	return err;
}

int sfp_genl_fwd_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sfp_nsh_net *nn = sfp_nsh_net(genl_info_net(info));
	struct sfp_fwd_entry *fe;
	u32 path;
	int err;

	if (!info->attrs[SFCPROXY_FWD_A_SPI] && !info->attrs[SFCPROXY_FWD_A_SI]) {
		rtnl_lock();
		sfp_fwd_net_exit(genl_info_net(info));
		rtnl_unlock();
		return 0;
	}
	err = sfp_fwd_req_path(info, &path);
	if (err)
		return err;
	rtnl_lock();
	fe = sfp_fwd_lookup(nn, path);
	if (fe)
		sfp_fwd_remove(nn, fe);
	rtnl_unlock();
	if (!fe) {
		NL_SET_ERR_MSG(info->extack, "no forwarding entry for this SPI and SI");
		return -ENOENT;
	}
	return 0;
}

int sfp_genl_nsh_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sfp_nsh_net *nn = sfp_nsh_net(genl_info_net(info));
	u64 cnt[SFP_NSH_STAT_COUNT] = {};
	struct nlattr *nest;
	struct sk_buff *msg;
	unsigned int start;
	int cpu, i;
	void *hdr;

	for_each_possible_cpu(cpu) {
		const struct sfp_pcpu_nsh_stats *s = per_cpu_ptr(nn->stats, cpu);
		u64 v[SFP_NSH_STAT_COUNT];

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < SFP_NSH_STAT_COUNT; i++)
				v[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < SFP_NSH_STAT_COUNT; i++)
			cnt[i] += v[i];
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = sfp_genl_put(msg, info->snd_portid, info->snd_seq, 0,
			   SFCPROXY_CMD_NSH_STATS_GET);
	if (!hdr)
		goto nospace;
	nest = nla_nest_start(msg, SFCPROXY_FWD_A_STATS);
	if (!nest || sfp_nla_put_counters(msg, sfp_nsh_stat_attrs,
					  SFCPROXY_NSH_STATS_A_PAD, cnt,
					  SFP_NSH_STAT_COUNT))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}
