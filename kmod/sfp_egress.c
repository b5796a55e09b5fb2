// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the egress hook, the second way a function's output gets its
 * header back.
 *
 * The first way (the default) needs the function host to route the
 * function's output into the proxy device (`ip rule iif sfp0 lookup T`,
 * `default dev sfp0 table T`); the proxy then looks up the real next hop
 * itself. That costs a policy-rule lookup on every forwarded packet of the
 * namespace, a pass through the proxy device and a second route lookup.
 *
 * With an egress device configured, the function's output takes its normal
 * route, and a netfilter hook at NF_NETDEV_EGRESS on that device (the place
 * of the paper's TC egress program) puts the cached header back between the
 * Ethernet header and the IP packet. The next hop is the one the function's
 * own route chose.
 */
#include <linux/if_arp.h>
#include <linux/netfilter_netdev.h>

#include "sfp.h"

/* Another proxy hooking @dev whose IDs could be taken for ours. */
static struct sfp_dev *sfp_egress_id_clash(struct sfp_dev *sd,
					   const struct sfp_config *cfg,
					   struct net_device *dev)
{
	struct sfp_dev *other;
	const struct sfp_config *ocfg;

	if (cfg->key_mode == SFCPROXY_KEY_HEADER)
		return NULL;
	list_for_each_entry(other, &sfp_net(dev_net(dev))->proxies, net_node) {
		if (other == sd || other->egress.dev != dev)
			continue;
		ocfg = sfp_cfg_rtnl(other);
		if (ocfg->key_mode != SFCPROXY_KEY_HEADER &&
		    (ocfg->id_mask & cfg->id_mask))
			return other;
	}
	return NULL;
}

/**
 * sfp_egress_detach() - remove a proxy's egress hook, if any
 * @sd: the proxy device
 *
 * Called under RTNL. Returns after no CPU runs the hook any more.
 */
void sfp_egress_detach(struct sfp_dev *sd)
{
	ASSERT_RTNL();

	if (!sd->egress.dev)
		return;
	nf_unregister_net_hook(dev_net(sd->dev), &sd->egress.ops[sd->egress.cur]);
	netdev_put(sd->egress.dev, &sd->egress.tracker);
	sd->egress.dev = NULL;
	WRITE_ONCE(sd->egress.ifindex, 0);
}

/**
 * sfp_egress_fill() - report the hooked device in a netlink message
 * @skb: message being built
 * @sd: the proxy device
 *
 * Return: 0 or -EMSGSIZE.
 */
int sfp_egress_fill(struct sk_buff *skb, const struct sfp_dev *sd)
{
	return nla_put_u32(skb, SFCPROXY_DEV_A_EGRESS_IFINDEX,
			   READ_ONCE(sd->egress.ifindex));
}

/**
 * sfp_egress_update() - apply a request's egress device, check the result
 * @sd: the proxy device
 * @cfg: the configuration about to be published (its ID bits are checked
 *	against the other proxies hooking the same device)
 * @attr: SFCPROXY_DEV_A_EGRESS_IFINDEX if the request had it; without it
 *	the current hook stays and is only checked against @cfg
 * @extack: extended ACK for error messages
 *
 * Called under RTNL, before @cfg is published; on failure the old hook (if
 * any) is still in place, so the caller can drop @cfg and change nothing.
 *
 * Return: 0 or a negative errno with @extack set.
 */
int sfp_egress_update(struct sfp_dev *sd, const struct sfp_config *cfg,
		      struct nlattr *attr, struct netlink_ext_ack *extack)
{
	u32 ifindex = attr ? nla_get_u32(attr) : sd->egress.ifindex;
	struct net *net = dev_net(sd->dev);
	struct nf_hook_ops *ops;
	struct net_device *dev;
	int err;

	ASSERT_RTNL();

	if (!ifindex) {
		sfp_egress_detach(sd);
		return 0;
	}
	/* NSH packets go on through the forwarding table, not an output
	 * device the function chose
	 */
	if (cfg->encap != SFCPROXY_ENCAP_MPLS) {
		NL_SET_ERR_MSG_ATTR(extack, attr ?: NULL,
				    "SFCPROXY_DEV_A_EGRESS_IFINDEX: the egress hook is for encap mpls only");
		return -EOPNOTSUPP;
	}
	dev = __dev_get_by_index(net, ifindex);
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "SFCPROXY_DEV_A_EGRESS_IFINDEX: no such device in this network namespace");
		return -ENODEV;
	}
	if (dev->type != ARPHRD_ETHER || dev->hard_header_len != ETH_HLEN ||
	    sfp_is_proxy(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "SFCPROXY_DEV_A_EGRESS_IFINDEX: must be an Ethernet device (the labels go after its header)");
		return -EINVAL;
	}
	if (sfp_egress_id_clash(sd, cfg, dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "SFCPROXY_DEV_A_EGRESS_IFINDEX: another proxy hooks this device with overlapping SFCPROXY_DEV_A_ID_MASK bits");
		return -EBUSY;
	}
	if (dev == sd->egress.dev)
		return 0;

	/* the new hook goes in (in the spare slot) before the old one goes:
	 * no moment without a hook, and nothing to undo on failure
	 */
	ops = &sd->egress.ops[!sd->egress.cur];
	memset(ops, 0, sizeof(*ops));
	ops->hook = sfp_mpls_egress_hook;
	ops->priv = sd;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = NF_NETDEV_EGRESS;
	ops->priority = 0;
	ops->dev = dev;
	err = nf_register_net_hook(net, ops);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "SFCPROXY_DEV_A_EGRESS_IFINDEX: cannot hook this device's egress");
		return err;
	}
	sfp_egress_detach(sd);
	sd->egress.cur = !sd->egress.cur;
	netdev_hold(dev, &sd->egress.tracker, GFP_KERNEL);
	sd->egress.dev = dev;
	WRITE_ONCE(sd->egress.ifindex, dev->ifindex);
	return 0;
}

/**
 * sfp_egress_device_gone() - a device is being unregistered
 * @dev: the device
 *
 * Proxies that hook its egress lose the hook, and report so
 * (SFCPROXY_DEV_A_EGRESS_IFINDEX 0, with a notification). Called under RTNL
 * from the netdevice notifier.
 */
void sfp_egress_device_gone(struct net_device *dev)
{
	struct sfp_dev *sd;

	list_for_each_entry(sd, &sfp_net(dev_net(dev))->proxies, net_node) {
		if (sd->egress.dev != dev)
			continue;
		sfp_egress_detach(sd);
		sfp_genl_notify(sd, SFCPROXY_CMD_DEV_NEW);
	}
}
