// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: module entry points and per network namespace state.
 *
 * Registration order matters for teardown: the per-netns state must outlive
 * every proxy device (devices are deleted by rtnl_link_unregister() and on
 * namespace exit), and the genl family must outlive the devices, whose
 * deletion it announces.
 */
#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "sfp.h"

static unsigned int sfp_net_id __read_mostly;

/*
 * Per-namespace caps. The generic netlink family and the link kind are open
 * to the administrator of any network namespace, including one an
 * unprivileged user made in a user namespace of their own, so each table a
 * request grows is capped per namespace; what the request allocates is also
 * charged to the requester's memory cgroup (see Documentation/security.md).
 * Module parameters: the host's root decides, the namespaces cannot.
 */
unsigned int sfp_max_devices __read_mostly = 1024;
module_param_named(max_devices, sfp_max_devices, uint, 0644);
MODULE_PARM_DESC(max_devices, "proxy devices per network namespace (default 1024)");

unsigned int sfp_max_cache_entries __read_mostly = SFCPROXY_CACHE_SIZE_MAX;
module_param_named(max_cache_entries, sfp_max_cache_entries, uint, 0644);
MODULE_PARM_DESC(max_cache_entries,
		 "cache sizes of a network namespace's proxy devices added up (default 4194304)");

unsigned int sfp_max_fwd_entries __read_mostly = 65536;
module_param_named(max_fwd_entries, sfp_max_fwd_entries, uint, 0644);
MODULE_PARM_DESC(max_fwd_entries, "NSH forwarding entries per network namespace (default 65536)");

unsigned int sfp_max_cls_rules __read_mostly = 4096;
module_param_named(max_cls_rules, sfp_max_cls_rules, uint, 0644);
MODULE_PARM_DESC(max_cls_rules, "classifier rules per network namespace (default 4096)");

unsigned int sfp_max_sids __read_mostly = 4096;
module_param_named(max_sids, sfp_max_sids, uint, 0644);
MODULE_PARM_DESC(max_sids, "SRv6 SIDs per network namespace (default 4096)");

/**
 * sfp_net() - sfcproxy state of a network namespace
 * @net: the namespace
 *
 * Return: the namespace's struct sfp_net.
 */
struct sfp_net *sfp_net(const struct net *net)
{
	return net_generic(net, sfp_net_id);
}

/*
 * The state lives in two pernet_operations. sfp_net_state_ops (a subsys:
 * its exit runs after every device of a dying namespace is gone, so no
 * packet can reach the state any more) owns the memory: it allocates the
 * per-netns struct and the tables' memory and frees them. sfp_net_ops (a
 * device op: its exit_batch runs before the core deletes the namespace's
 * devices) empties the tables, which hold devices, and deletes the proxy
 * devices in one batch.
 */
static int __net_init sfp_net_init(struct net *net)
{
	struct sfp_net *sn = sfp_net(net);
	int err;

	INIT_LIST_HEAD(&sn->proxies);
	sfp_sid_net_init(&sn->srv6);
	err = sfp_pipe_net_init(&sn->pipe);
	if (err)
		return err;
	err = sfp_fwd_net_init(&sn->nsh);
	if (err)
		sfp_pipe_net_free(&sn->pipe);
	return err;
}

static void __net_exit sfp_net_exit(struct net *net)
{
	sfp_fwd_net_free(&sfp_net(net)->nsh);
	sfp_pipe_net_free(&sfp_net(net)->pipe);
}

static struct pernet_operations sfp_net_state_ops = {
	.init = sfp_net_init,
	.exit = sfp_net_exit,
	.id   = &sfp_net_id,
	.size = sizeof(struct sfp_net),
};

/*
 * Pernet exit handlers run in reverse order of registration, so ours runs
 * before the core's default_device_exit_batch() would delete rtnl_link
 * devices: the namespace's proxy devices are deleted here, in one batch.
 */
static void __net_exit sfp_net_exit_batch(struct list_head *net_list)
{
	struct sfp_dev *sd, *tmp;
	struct net *net;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list) {
		/* rules and entries hold devices: they go before devices do */
		sfp_cls_net_exit(net);
		sfp_fwd_net_exit(net);
		sfp_sid_net_exit(net);
		list_for_each_entry_safe(sd, tmp, &sfp_net(net)->proxies,
					 net_node)
			sfp_link_ops.dellink(sd->dev, &kill);
	}
	unregister_netdevice_many(&kill);
	rtnl_unlock();
}

static struct pernet_operations sfp_net_ops = {
	.exit_batch = sfp_net_exit_batch,
};

static int __init sfp_init(void)
{
	int err;

	err = sfp_cache_module_init();
	if (err)
		return err;
	err = register_pernet_subsys(&sfp_net_state_ops);
	if (err)
		goto err_cache;
	err = register_pernet_device(&sfp_net_ops);
	if (err)
		goto err_state;
	err = rtnl_link_register(&sfp_link_ops);
	if (err)
		goto err_pernet;
	err = sfp_port_notifier_register();
	if (err)
		goto err_link;
	err = sfp_genl_register();
	if (err)
		goto err_notifier;
	sfp_fwd_register();
	pr_info("sfcproxy: per-packet caching SFC proxy loaded\n");
	return 0;

err_notifier:
	sfp_port_notifier_unregister();
err_link:
	rtnl_link_unregister(&sfp_link_ops);
err_pernet:
	unregister_pernet_device(&sfp_net_ops);
err_state:
	synchronize_net();
	unregister_pernet_subsys(&sfp_net_state_ops);
err_cache:
	sfp_cache_module_exit();
	return err;
}

static void __exit sfp_exit(void)
{
	/* no NSH frame reaches a forwarding table that is going away */
	sfp_fwd_unregister();
	/* devices go first, so their DEV_DEL events still have a family */
	rtnl_link_unregister(&sfp_link_ops);
	sfp_genl_unregister();
	sfp_port_notifier_unregister();
	unregister_pernet_device(&sfp_net_ops);
	/* the namespaces' devices live on: let their last packets leave */
	synchronize_net();
	unregister_pernet_subsys(&sfp_net_state_ops);
	/* ports, configurations and cache entries are freed by RCU callbacks */
	rcu_barrier();
	sfp_cache_module_exit();
}

module_init(sfp_init);
module_exit(sfp_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("sfcproxy developers");
MODULE_DESCRIPTION("Per-packet caching SFC proxy (SR-MPLS, NSH, SRv6) for SFC-unaware network functions");
MODULE_ALIAS_RTNL_LINK(SFCPROXY_LINK_KIND);
/* segments MPLS GSO packets that arrive unsegmented (sfp_mpls_rx_gso) */
MODULE_SOFTDEP("pre: mpls_gso nsh");
MODULE_ALIAS_GENL_FAMILY(SFCPROXY_GENL_NAME);
