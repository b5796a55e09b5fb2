// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: lower device ports.
 *
 * Several proxy devices (one per SF) may sit on one lower device, told apart
 * by what identifies each SF in the encapsulation (MPLS labels, ...). The
 * port's rx_handler (sfp_mpls_handle_frame(), beside the rest of the
 * packet's path) demultiplexes arriving frames to the proxy devices; the
 * port exists while at least one proxy device is attached, like macvlan's.
 *
 * An rx_handler rather than a netfilter ingress hook: it runs once per frame
 * before any protocol handler, costs one indirect call for frames that are
 * not ours, and can hand a frame to another device (RX_HANDLER_ANOTHER)
 * without re-queueing it. Its one limitation, a single rx_handler per
 * device, is reported to the user when the lower is already a bridge port,
 * bond slave or macvlan/ipvlan lower.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "sfp.h"

static struct sfp_port *sfp_port_get_rtnl(const struct net_device *lower)
{
	if (rtnl_dereference(lower->rx_handler) != sfp_mpls_handle_frame)
		return NULL;
	return rtnl_dereference(lower->rx_handler_data);
}

static int sfp_port_create(struct net_device *lower,
			   struct netlink_ext_ack *extack)
{
	struct sfp_port *port;
	int err;

	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return -ENOMEM;
	port->rx_ignored = alloc_percpu_gfp(u64, GFP_KERNEL_ACCOUNT);
	if (!port->rx_ignored) {
		kfree(port);
		return -ENOMEM;
	}
	port->lower = lower;
	INIT_LIST_HEAD(&port->proxies);

	err = netdev_rx_handler_register(lower, sfp_mpls_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "lower device already has an rx_handler (bridge port, bond slave, macvlan/ipvlan lower?)");
		free_percpu(port->rx_ignored);
		kfree(port);
	}
	return err;
}

static void sfp_port_free_rcu(struct rcu_head *head)
{
	struct sfp_port *port = container_of(head, struct sfp_port, rcu);

	free_percpu(port->rx_ignored);
	kfree(port);
}

static void sfp_port_destroy(struct sfp_port *port)
{
	netdev_rx_handler_unregister(port->lower);
	/* frames already inside the handler may still read the port */
	call_rcu(&port->rcu, sfp_port_free_rcu);
}

/**
 * sfp_port_check_labels() - refuse labels another proxy on the port uses
 * @port: port of the lower device, or NULL before the first attach
 * @self: the proxy device being configured (skipped), or NULL
 * @cfg: the configuration about to be published
 * @extack: extended ACK for the error message
 *
 * Demultiplexing by label is only well defined when no label belongs to two
 * proxy devices of the same lower device.
 *
 * Return: 0 or -EADDRINUSE. Called under RTNL.
 */
int sfp_port_check_labels(const struct sfp_port *port,
			  const struct sfp_dev *self,
			  const struct sfp_config *cfg,
			  struct netlink_ext_ack *extack)
{
	const struct sfp_config *other;
	const struct sfp_dev *sd;
	int i;

	if (!port || cfg->encap != SFCPROXY_ENCAP_MPLS)
		return 0;

	list_for_each_entry(sd, &port->proxies, port_node) {
		if (sd == self)
			continue;
		other = sfp_cfg_rtnl(sd);
		if (other->encap != SFCPROXY_ENCAP_MPLS)
			continue;
		for (i = 0; i < cfg->n_labels; i++) {
			if (!sfp_config_has_label(other, cfg->labels[i]))
				continue;
			NL_SET_ERR_MSG(extack,
				       "SFCPROXY_DEV_A_LABELS: a label is already used by another proxy device on this lower device");
			return -EADDRINUSE;
		}
	}
	return 0;
}

/**
 * sfp_port_attach() - put a proxy device on top of its lower device
 * @sd: the proxy device, not yet on any port
 * @lower: the lower device
 * @extack: extended ACK for error messages
 *
 * Creates the lower's port on first use and links the proxy as an upper
 * device of @lower, so that `ip link` shows the relation and the stack
 * refuses loops. Called under RTNL.
 *
 * Return: 0 or a negative errno with @extack set.
 */
int sfp_port_attach(struct sfp_dev *sd, struct net_device *lower,
		    struct netlink_ext_ack *extack)
{
	struct sfp_port *port;
	bool created = false;
	int err;

	ASSERT_RTNL();

	if (sfp_is_proxy(lower)) {
		NL_SET_ERR_MSG(extack,
			       "lower device cannot be an sfcproxy device");
		return -EINVAL;
	}
	if (lower->type != ARPHRD_ETHER || lower->addr_len != ETH_ALEN ||
	    (lower->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG(extack, "lower device must be an Ethernet device");
		return -EINVAL;
	}

	port = sfp_port_get_rtnl(lower);
	if (!port) {
		err = sfp_port_create(lower, extack);
		if (err)
			return err;
		port = sfp_port_get_rtnl(lower);
		created = true;
	}

	err = sfp_port_check_labels(port, sd, sfp_cfg_rtnl(sd), extack);
	if (err)
		goto err_port;

	err = netdev_upper_dev_link(lower, sd->dev, extack);
	if (err)
		goto err_port;

	/* lockless readers (stats, iflink) load it once */
	WRITE_ONCE(sd->port, port);
	list_add_tail_rcu(&sd->port_node, &port->proxies);
	return 0;

err_port:
	if (created)
		sfp_port_destroy(port);
	return err;
}

/**
 * sfp_port_detach() - take a proxy device off its lower device
 * @sd: an attached proxy device
 *
 * The last proxy to leave removes the port and the rx_handler. Called under
 * RTNL; readers may still see @sd until a grace period has passed, which the
 * netdev unregistration that follows guarantees.
 */
void sfp_port_detach(struct sfp_dev *sd)
{
	struct sfp_port *port = sd->port;

	ASSERT_RTNL();

	if (!port)
		return;
	list_del_rcu(&sd->port_node);
	netdev_upper_dev_unlink(port->lower, sd->dev);
	WRITE_ONCE(sd->port, NULL);
	if (list_empty(&port->proxies))
		sfp_port_destroy(port);
}

/**
 * sfp_port_rx_ignored() - frames on a port that no proxy device took
 * @port: the port
 *
 * Return: the sum over all CPUs.
 */
u64 sfp_port_rx_ignored(const struct sfp_port *port)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(port->rx_ignored, cpu));
	return sum;
}

/*
 * A proxy device cannot outlive its lower device: when the lower goes away
 * (deleted, or moved to another namespace, where the proxy could not follow
 * since proxy devices are netns-local) its proxies are deleted with it.
 */
static int sfp_port_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *lower = netdev_notifier_info_to_dev(ptr);
	struct sfp_dev *sd, *tmp;
	struct sfp_port *port;
	LIST_HEAD(kill);

	if (event == NETDEV_UNREGISTER) {
		sfp_egress_device_gone(lower);
		sfp_fwd_device_gone(lower);
		sfp_sid_device_gone(lower);
	}
	port = sfp_port_get_rtnl(lower);
	if (!port)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		list_for_each_entry(sd, &port->proxies, port_node)
			netif_stacked_transfer_operstate(lower, sd->dev);
		break;
	case NETDEV_UNREGISTER:
		list_for_each_entry_safe(sd, tmp, &port->proxies, port_node)
			sfp_link_ops.dellink(sd->dev, &kill);
		unregister_netdevice_many(&kill);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block sfp_port_notifier = {
	.notifier_call = sfp_port_netdev_event,
};

int sfp_port_notifier_register(void)
{
	return register_netdevice_notifier(&sfp_port_notifier);
}

void sfp_port_notifier_unregister(void)
{
	unregister_netdevice_notifier(&sfp_port_notifier);
}
