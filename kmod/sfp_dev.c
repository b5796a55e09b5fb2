// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the proxy net_device and its rtnl_link_ops.
 *
 * A proxy device is an L3, NOARP device: the VNF sees bare IP packets arrive
 * on it and routes the processed packets back out of it. Lifecycle goes
 * through rtnetlink (`ip link add sfp0 link eth0 type sfcproxy`),
 * configuration through IFLA_INFO_DATA or the generic netlink family, both
 * parsed by sfp_config.c.
 *
 * The device never advertises GSO/TSO and is never fed through GRO: headers
 * are cached per packet, and an skb merged from several packets would leave
 * all but one of their cache entries orphaned.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <net/rtnetlink.h>

#include "sfp.h"

static netdev_tx_t sfp_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct sfp_dev *sd = netdev_priv(dev);

	switch (rcu_dereference_bh(sd->cfg)->encap) {
	case SFCPROXY_ENCAP_MPLS:
		sfp_mpls_xmit(sd, skb);
		return NETDEV_TX_OK;
	case SFCPROXY_ENCAP_NSH:
		sfp_nsh_xmit(sd, skb);
		return NETDEV_TX_OK;
	default:
		sfp_srv6_xmit(sd, skb);
		return NETDEV_TX_OK;
	}
}

static int sfp_dev_init(struct net_device *dev)
{
	struct sfp_dev *sd = netdev_priv(dev);
	int cpu, err;

	/* in the request's context: charged to the requester's memory cgroup */
	dev->tstats = __netdev_alloc_pcpu_stats(struct pcpu_sw_netstats,
						GFP_KERNEL_ACCOUNT);
	if (!dev->tstats)
		return -ENOMEM;
	sd->stats = alloc_percpu_gfp(struct sfp_pcpu_stats, GFP_KERNEL_ACCOUNT);
	if (!sd->stats) {
		free_percpu(dev->tstats);
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(sd->stats, cpu)->syncp);
	err = sfp_cache_init(&sd->cache, sd);
	if (err) {
		free_percpu(sd->stats);
		free_percpu(dev->tstats);
	}
	return err;
}

static void sfp_dev_uninit(struct net_device *dev)
{
	struct sfp_dev *sd = netdev_priv(dev);

	/* unregistration has waited for every packet still inside */
	sfp_cache_destroy(&sd->cache);
	free_percpu(sd->stats);
	free_percpu(dev->tstats);
}

static int sfp_dev_open(struct net_device *dev)
{
	struct sfp_dev *sd = netdev_priv(dev);

	netif_stacked_transfer_operstate(sd->port->lower, dev);
	return 0;
}

/*
 * Also called without RTNL (sysfs iflink): the port is read once, and it
 * is freed only after a grace period once detached.
 */
static int sfp_dev_get_iflink(const struct net_device *dev)
{
	struct sfp_dev *sd = netdev_priv(dev);
	const struct sfp_port *port;
	int ifindex = 0;

	rcu_read_lock();
	port = READ_ONCE(sd->port);
	if (port)
		ifindex = READ_ONCE(port->lower->ifindex);
	rcu_read_unlock();
	return ifindex;
}

static const struct net_device_ops sfp_netdev_ops = {
	.ndo_init		= sfp_dev_init,
	.ndo_uninit		= sfp_dev_uninit,
	.ndo_open		= sfp_dev_open,
	.ndo_start_xmit		= sfp_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_get_iflink		= sfp_dev_get_iflink,
};

static void sfp_dev_free(struct net_device *dev)
{
	struct sfp_dev *sd = netdev_priv(dev);

	/*
	 * No reader is left once the device is freed. Cleared so that
	 * sfp_link_newlink() can tell whether a failed registration already
	 * got here.
	 */
	kfree(rcu_dereference_protected(sd->cfg, true));
	RCU_INIT_POINTER(sd->cfg, NULL);
}

static void sfp_dev_setup(struct net_device *dev)
{
	dev->netdev_ops = &sfp_netdev_ops;
	dev->rtnl_link_ops = &sfp_link_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	/* No GSO features: the stack segments before our xmit sees it. */
	dev->features = NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
	dev->hw_features = 0;
	dev->needs_free_netdev = true;
	dev->priv_destructor = sfp_dev_free;
	netif_keep_dst(dev);
}

/**
 * sfp_is_proxy() - whether a device is an sfcproxy device
 * @dev: any net_device
 *
 * Return: true for proxy devices.
 */
bool sfp_is_proxy(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &sfp_link_ops;
}

static int sfp_link_validate(struct nlattr *tb[], struct nlattr *data[],
			     struct netlink_ext_ack *extack)
{
	if (!data)
		return 0;
	/* Names and indexes come from the rtnetlink message itself. */
	if (data[SFCPROXY_DEV_A_IFINDEX] || data[SFCPROXY_DEV_A_IFNAME]) {
		NL_SET_ERR_MSG_ATTR(extack, data[SFCPROXY_DEV_A_IFINDEX] ?:
				    data[SFCPROXY_DEV_A_IFNAME],
				    "SFCPROXY_DEV_A_IFINDEX/IFNAME are not accepted in IFLA_INFO_DATA; use IFLA_IFNAME");
		return -EINVAL;
	}
	return 0;
}

/* Publish a new configuration; the old one is freed after readers left. */
static void sfp_dev_publish(struct sfp_dev *sd, struct sfp_config *cfg)
{
	struct sfp_config *old = rcu_replace_pointer(sd->cfg, cfg,
						       lockdep_rtnl_is_held());

	if (old)
		kfree_rcu(old, rcu);
}

/*
 * A proxy device carries the function's packets, not the host's: an IPv6
 * link-local address would make it send router solicitations and MLD
 * reports of its own the moment it comes up, and those are not the
 * chain's (they would count as tx_not_cached). What `ip link set DEV
 * addrgenmode none` does, done at creation; the administrator may still
 * change it. The 6.1 kernel has no IFF_NO_ADDRCONF yet.
 */
static void sfp_dev_no_addrconf(struct net_device *dev)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct inet6_dev *idev = __in6_dev_get(dev);

	if (idev)
		idev->cnf.addr_gen_mode = IN6_ADDR_GEN_MODE_NONE;
#endif
}

/*
 * The per-namespace caps on proxy devices and on cache entries (module
 * parameters, sfp_main.c), checked before anything is allocated for the
 * device or its cache. @sd is the device being reconfigured, NULL for a new
 * one. A change that does not grow the namespace's total passes even when
 * root has lowered the cap below it.
 */
static int sfp_dev_check_caps(struct sfp_net *sn, struct sfp_dev *sd,
			      const struct sfp_config *cfg,
			      struct nlattr *tb[],
			      struct netlink_ext_ack *extack)
{
	u32 old = sd ? sfp_cfg_rtnl(sd)->cache_size : 0;

	if (!sd && sn->n_proxies >= READ_ONCE(sfp_max_devices)) {
		NL_SET_ERR_MSG(extack,
			       "too many proxy devices in this network namespace (limit: module parameter max_devices, default 1024)");
		return -ENOSPC;
	}
	if (cfg->cache_size > old &&
	    sn->cache_entries - old + cfg->cache_size >
	    READ_ONCE(sfp_max_cache_entries)) {
		NL_SET_ERR_MSG_ATTR(extack,
				    tb ? tb[SFCPROXY_DEV_A_CACHE_SIZE] : NULL,
				    "SFCPROXY_DEV_A_CACHE_SIZE: the cache sizes of this network namespace's proxy devices would exceed their limit (module parameter max_cache_entries, default 4194304)");
		return -ENOSPC;
	}
	return 0;
}

static int sfp_link_newlink(struct net *src_net, struct net_device *dev,
			    struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct sfp_dev *sd = netdev_priv(dev);
	struct net *net = dev_net(dev);
	struct net_device *lower;
	struct sfp_config *cfg;
	int err;

	/* a proxy cannot follow its lower across namespaces (netns-local) */
	if (!net_eq(src_net, net)) {
		NL_SET_ERR_MSG(extack,
			       "a proxy device must be created in its lower device's network namespace");
		return -EINVAL;
	}
	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG(extack,
			       "IFLA_LINK is required: name the lower device (ip link add NAME link DEV type sfcproxy)");
		return -EINVAL;
	}
	lower = __dev_get_by_index(net, nla_get_u32(tb[IFLA_LINK]));
	if (!lower) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK],
				    "IFLA_LINK: no such device in this network namespace");
		return -ENODEV;
	}

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return -ENOMEM;
	sfp_config_init(cfg);
	err = data ? sfp_config_apply_attrs(cfg, data, extack) : 0;
	if (!err)
		err = sfp_dev_check_caps(sfp_net(net), NULL, cfg, data, extack);
	if (err) {
		kfree(cfg);
		return err;
	}
	sd->dev = dev;
	/* set before registration: the RTM_NEWLINK it sends reports it */
	RCU_INIT_POINTER(sd->cfg, cfg);
	INIT_LIST_HEAD(&sd->port_node);

	if (!tb[IFLA_MTU])
		dev->mtu = lower->mtu;

	err = register_netdevice(dev);
	if (err) {
		/* a failure before ndo_init does not run the destructor */
		kfree(rcu_dereference_protected(sd->cfg, true));
		RCU_INIT_POINTER(sd->cfg, NULL);
		if (err == -ENOMEM)
			NL_SET_ERR_MSG(extack,
				       "no memory for the proxy device's cache and counters (they are charged to the memory cgroup of the process creating it)");
		return err;
	}

	sfp_dev_no_addrconf(dev);

	err = sfp_port_attach(sd, lower, extack);
	if (err) {
		unregister_netdevice(dev);
		return err;
	}
	err = sfp_egress_update(sd, cfg, data ?
				data[SFCPROXY_DEV_A_EGRESS_IFINDEX] : NULL,
				extack);
	if (err) {
		sfp_port_detach(sd);
		unregister_netdevice(dev);
		return err;
	}
	netif_stacked_transfer_operstate(lower, dev);
	list_add_tail_rcu(&sd->net_node, &sfp_net(net)->proxies);
	sfp_net(net)->n_proxies++;
	sfp_net(net)->cache_entries += cfg->cache_size;
	sfp_genl_notify(sd, SFCPROXY_CMD_DEV_NEW);
	return 0;
}

static void sfp_link_dellink(struct net_device *dev, struct list_head *head)
{
	struct sfp_dev *sd = netdev_priv(dev);
	struct sfp_net *sn = sfp_net(dev_net(dev));

	sfp_genl_notify(sd, SFCPROXY_CMD_DEV_DEL);
	list_del_rcu(&sd->net_node);
	sn->n_proxies--;
	sn->cache_entries -= sfp_cfg_rtnl(sd)->cache_size;
	sfp_egress_detach(sd);
	sfp_port_detach(sd);
	unregister_netdevice_queue(dev, head);
}

/**
 * sfp_dev_reconfigure() - apply configuration attributes to a device
 * @sd: the proxy device
 * @tb: attributes parsed with sfp_dev_policy
 * @extack: extended ACK for error messages
 *
 * All or nothing: the attributes are applied to a copy, which replaces the
 * current configuration only when every check passed. Called under RTNL.
 *
 * Return: 0 or a negative errno with @extack set.
 */
int sfp_dev_reconfigure(struct sfp_dev *sd, struct nlattr *tb[],
			struct netlink_ext_ack *extack)
{
	struct sfp_net *sn = sfp_net(dev_net(sd->dev));
	struct sfp_id_slots *ids = NULL;
	struct sfp_config *cfg;
	bool encap_changed;
	int err;

	ASSERT_RTNL();

	cfg = kmemdup(sfp_cfg_rtnl(sd), sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return -ENOMEM;
	err = sfp_config_apply_attrs(cfg, tb, extack);
	if (!err)
		err = sfp_port_check_labels(sd->port, sd, cfg, extack);
	if (!err)
		err = sfp_dev_check_caps(sn, sd, cfg, tb, extack);
	if (!err) {
		/* a cache size or key mode may need another ID index */
		ids = sfp_cache_ids_prepare(&sd->cache, cfg);
		if (IS_ERR(ids)) {
			err = PTR_ERR(ids);
			ids = NULL;
			NL_SET_ERR_MSG_ATTR(extack, tb[SFCPROXY_DEV_A_CACHE_SIZE],
					    "SFCPROXY_DEV_A_CACHE_SIZE: no memory for the ID slots (charged to the requester's memory cgroup)");
		}
	}
	if (!err)	/* last: it is the one check that changes something */
		err = sfp_egress_update(sd, cfg,
					tb[SFCPROXY_DEV_A_EGRESS_IFINDEX],
					extack);
	if (err) {
		kvfree(ids);
		kfree(cfg);
		return err;
	}
	encap_changed = cfg->encap != sfp_cfg_rtnl(sd)->encap;
	sn->cache_entries += cfg->cache_size;
	sn->cache_entries -= sfp_cfg_rtnl(sd)->cache_size;
	sfp_dev_publish(sd, cfg);
	/*
	 * Another encapsulation's headers mean nothing to the new one, and
	 * its egress would misread them. A CPU that read the old
	 * configuration may still be caching a header of the old
	 * encapsulation: the flush waits for every such reader, so that no
	 * entry made under the old configuration outlives it.
	 */
	if (encap_changed) {
		synchronize_net();
		sfp_cache_flush(&sd->cache);
	}
	sfp_cache_trim(&sd->cache, cfg, ids);
	sfp_genl_notify(sd, SFCPROXY_CMD_DEV_NEW);
	return 0;
}

static int sfp_link_changelink(struct net_device *dev, struct nlattr *tb[],
			       struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	struct sfp_dev *sd = netdev_priv(dev);

	if (tb[IFLA_LINK] &&
	    nla_get_u32(tb[IFLA_LINK]) != (u32)sd->port->lower->ifindex) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK],
				    "the lower device of a proxy device cannot be changed");
		return -EOPNOTSUPP;
	}
	if (!data)
		return 0;
	return sfp_dev_reconfigure(sd, data, extack);
}

static size_t sfp_link_get_size(const struct net_device *dev)
{
	return sfp_config_nlmsg_size();
}

static int sfp_link_fill_info(struct sk_buff *skb,
			      const struct net_device *dev)
{
	struct sfp_dev *sd = netdev_priv(dev);

	return sfp_config_fill(skb, sfp_cfg_rtnl(sd)) ?:
	       sfp_egress_fill(skb, sd);
}

struct rtnl_link_ops sfp_link_ops __read_mostly = {
	.kind		= SFCPROXY_LINK_KIND,
	.priv_size	= sizeof(struct sfp_dev),
	.setup		= sfp_dev_setup,
	.maxtype	= SFCPROXY_DEV_A_MAX,
	.policy		= sfp_dev_policy,
	.validate	= sfp_link_validate,
	.newlink	= sfp_link_newlink,
	.changelink	= sfp_link_changelink,
	.dellink	= sfp_link_dellink,
	.get_size	= sfp_link_get_size,
	.fill_info	= sfp_link_fill_info,
};

/**
 * sfp_dev_find() - the proxy device a genl request names
 * @net: the requester's network namespace
 * @tb: request attributes; SFCPROXY_DEV_A_IFINDEX or SFCPROXY_DEV_A_IFNAME
 * @extack: extended ACK for error messages
 *
 * Called under RTNL.
 *
 * Return: the device, or an ERR_PTR with @extack set.
 */
struct sfp_dev *sfp_dev_find(struct net *net, struct nlattr *tb[],
			     struct netlink_ext_ack *extack)
{
	struct nlattr *by_index = tb[SFCPROXY_DEV_A_IFINDEX];
	struct nlattr *by_name = tb[SFCPROXY_DEV_A_IFNAME];
	struct net_device *dev;

	ASSERT_RTNL();

	if (!by_index && !by_name) {
		NL_SET_ERR_MSG(extack,
			       "SFCPROXY_DEV_A_IFINDEX or SFCPROXY_DEV_A_IFNAME is required");
		return ERR_PTR(-EINVAL);
	}
	if (by_index)
		dev = __dev_get_by_index(net, nla_get_u32(by_index));
	else
		dev = __dev_get_by_name(net, nla_data(by_name));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, by_index ?: by_name,
				    "no such device in this network namespace");
		return ERR_PTR(-ENODEV);
	}
	if (!sfp_is_proxy(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, by_index ?: by_name,
				    "not an sfcproxy device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}

/**
 * sfp_dev_stats_read() - a device's counters as reported
 * @sd: the proxy device
 * @out: SFP_STAT_COUNT values, since the last reset
 *
 * rx_ignored belongs to the lower device's port: frames that no proxy on it
 * took are not any single proxy's, so each proxy reports its port's count.
 * rx_success is the device's rx_packets (every packet delivered bare is
 * both), kept once so that the receive path counts it once.
 */
void sfp_dev_stats_read(struct sfp_dev *sd, u64 *out)
{
	struct rtnl_link_stats64 link = {};
	struct sfp_port *port;
	unsigned int start;
	int cpu, i;

	memset(out, 0, SFP_STAT_COUNT * sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct sfp_pcpu_stats *s = per_cpu_ptr(sd->stats, cpu);
		u64 v[SFP_STAT_COUNT];

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < SFP_STAT_COUNT; i++)
				v[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < SFP_STAT_COUNT; i++)
			out[i] += v[i];
	}
	dev_fetch_sw_netstats(&link, sd->dev->tstats);
	out[SFP_STAT_RX_SUCCESS] += link.rx_packets;
	port = READ_ONCE(sd->port);	/* NULL once detached */
	if (port)
		out[SFP_STAT_RX_IGNORED] += sfp_port_rx_ignored(port);
	for (i = 0; i < SFP_STAT_COUNT; i++)
		out[i] -= READ_ONCE(sd->stats_base[i]);
}

/**
 * sfp_dev_stats_reset() - make a device's counters read zero
 * @sd: the proxy device
 *
 * Remembers the current values instead of writing the per-CPU counters,
 * which their CPUs may be incrementing right now. Called under RTNL.
 */
void sfp_dev_stats_reset(struct sfp_dev *sd)
{
	u64 now[SFP_STAT_COUNT];
	int i;

	sfp_dev_stats_read(sd, now);
	for (i = 0; i < SFP_STAT_COUNT; i++)
		WRITE_ONCE(sd->stats_base[i], sd->stats_base[i] + now[i]);
}
