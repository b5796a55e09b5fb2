// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the "sfcproxy" generic netlink family.
 *
 * Every request acts on the requester's network namespace. Requests that
 * change state need CAP_NET_ADMIN over that namespace (GENL_UNS_ADMIN_PERM),
 * so an unprivileged user namespace can manage proxies in network
 * namespaces it owns but nowhere else. Attributes are validated strictly by
 * sfp_dev_policy before any handler runs.
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#include "sfp.h"

/*
 * Without the flag (upstream 6.6, in Debian's 6.1 as a stable backport)
 * any user could join the flows group and read every client's path: a
 * kernel without it is refused rather than built with the group open.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "GENL_MCAST_CAP_NET_ADMIN is missing: the flows multicast group would be open to every user"
#endif

static struct genl_family sfp_genl_family;

static const struct genl_multicast_group sfp_mcgrps[] = {
	[SFP_MCGRP_EVENTS] = { .name = SFCPROXY_MCGRP_EVENTS },
	/* flow records carry clients' paths, like FLOW_GET (admin) */
	[SFP_MCGRP_FLOWS] = { .name = SFCPROXY_MCGRP_FLOWS,
			      .flags = GENL_MCAST_CAP_NET_ADMIN },
};

/**
 * sfp_genl_put() - start a message of the sfcproxy family
 * @skb: message buffer
 * @portid: destination port id
 * @seq: sequence number of the request answered
 * @flags: netlink message flags
 * @cmd: command field
 *
 * Return: the user header, or NULL when @skb is full.
 */
void *sfp_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		   u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &sfp_genl_family, flags, cmd);
}

/* The attribute of each per-device counter (enum sfp_stat). */
static const u16 sfp_stat_attrs[SFP_STAT_COUNT] = {
	[SFP_STAT_RX_IGNORED]		= SFCPROXY_STATS_A_RX_IGNORED,
	[SFP_STAT_RX_SUCCESS]		= SFCPROXY_STATS_A_RX_SUCCESS,
	[SFP_STAT_RX_MALFORMED]		= SFCPROXY_STATS_A_RX_MALFORMED,
	[SFP_STAT_RX_TOO_BIG]		= SFCPROXY_STATS_A_RX_TOO_BIG,
	[SFP_STAT_RX_DUPLICATE]		= SFCPROXY_STATS_A_RX_DUPLICATE,
	[SFP_STAT_TX_IGNORED]		= SFCPROXY_STATS_A_TX_IGNORED,
	[SFP_STAT_TX_NOT_CACHED]	= SFCPROXY_STATS_A_TX_NOT_CACHED,
	[SFP_STAT_TX_SUCCESS]		= SFCPROXY_STATS_A_TX_SUCCESS,
	[SFP_STAT_EVICTED]		= SFCPROXY_STATS_A_EVICTED,
	[SFP_STAT_EXPIRED]		= SFCPROXY_STATS_A_EXPIRED,
	[SFP_STAT_ALLOC_FAIL]		= SFCPROXY_STATS_A_ALLOC_FAIL,
	[SFP_STAT_TX_TTL_EXPIRED]	= SFCPROXY_STATS_A_TX_TTL_EXPIRED,
	[SFP_STAT_TX_NO_ROUTE]		= SFCPROXY_STATS_A_TX_NO_ROUTE,
	[SFP_STAT_TX_TOO_BIG]		= SFCPROXY_STATS_A_TX_TOO_BIG,
	[SFP_STAT_RX_DUP_LIMIT]		= SFCPROXY_STATS_A_RX_DUP_LIMIT,
};

/* The attribute of each NSH forwarder counter (enum sfp_nsh_stat). */
const u16 sfp_nsh_stat_attrs[SFP_NSH_STAT_COUNT] = {
	[SFP_NSH_STAT_RX_MALFORMED]	= SFCPROXY_NSH_STATS_A_RX_MALFORMED,
	[SFP_NSH_STAT_RX_BAD_VERSION]	= SFCPROXY_NSH_STATS_A_RX_BAD_VERSION,
	[SFP_NSH_STAT_RX_EXPIRED]	= SFCPROXY_NSH_STATS_A_RX_EXPIRED,
	[SFP_NSH_STAT_NO_PATH]		= SFCPROXY_NSH_STATS_A_NO_PATH,
	[SFP_NSH_STAT_NO_ROUTE]		= SFCPROXY_NSH_STATS_A_NO_ROUTE,
	[SFP_NSH_STAT_CLASSIFIED]	= SFCPROXY_NSH_STATS_A_CLASSIFIED,
	[SFP_NSH_STAT_TX_TOO_BIG]	= SFCPROXY_NSH_STATS_A_TX_TOO_BIG,
};

/**
 * sfp_nla_put_counters() - put u64 counter attributes
 * @skb: message buffer
 * @attrs: attribute type of each of @cnt (counters added to the uapi
 *	later come after the set's padding attribute, so the types are not
 *	consecutive)
 * @pad: the attribute set's padding type
 * @cnt: the values
 * @n: how many
 *
 * Return: 0 or -EMSGSIZE.
 */
int sfp_nla_put_counters(struct sk_buff *skb, const u16 *attrs, int pad,
			 const u64 *cnt, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (nla_put_u64_64bit(skb, attrs[i], cnt[i], pad))
			return -EMSGSIZE;
	return 0;
}

/**
 * sfp_tally_alloc() - per-CPU packet and byte counters of a table entry
 *
 * Return: the counters, zeroed, or NULL. Freed with free_percpu().
 */
struct sfp_pcpu_tally __percpu *sfp_tally_alloc(void)
{
	struct sfp_pcpu_tally __percpu *tally;
	int cpu;

	/* made by requests: charged to the requester's memory cgroup */
	tally = alloc_percpu_gfp(struct sfp_pcpu_tally, GFP_KERNEL_ACCOUNT);
	if (tally)
		for_each_possible_cpu(cpu)
			u64_stats_init(&per_cpu_ptr(tally, cpu)->syncp);
	return tally;
}

/**
 * sfp_nla_put_tally() - put a table entry's packets and bytes
 * @skb: message buffer
 * @tally: the entry's counters
 * @packets_attr: attribute type for the packets
 * @bytes_attr: attribute type for the bytes
 * @pad: the attribute set's padding type
 *
 * Return: 0 or -EMSGSIZE.
 */
int sfp_nla_put_tally(struct sk_buff *skb,
		      const struct sfp_pcpu_tally __percpu *tally,
		      int packets_attr, int bytes_attr, int pad)
{
	u64 packets = 0, bytes = 0, p, b;
	unsigned int start;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct sfp_pcpu_tally *t = per_cpu_ptr(tally, cpu);

		do {
			start = u64_stats_fetch_begin(&t->syncp);
			p = u64_stats_read(&t->packets);
			b = u64_stats_read(&t->bytes);
		} while (u64_stats_fetch_retry(&t->syncp, start));
		packets += p;
		bytes += b;
	}
	if (nla_put_u64_64bit(skb, packets_attr, packets, pad) ||
	    nla_put_u64_64bit(skb, bytes_attr, bytes, pad))
		return -EMSGSIZE;
	return 0;
}

static int sfp_genl_fill_stats(struct sk_buff *skb, struct sfp_dev *sd)
{
	u64 cnt[SFP_STAT_COUNT];
	u32 entries, bytes;
	struct nlattr *nest;

	sfp_dev_stats_read(sd, cnt);
	sfp_cache_usage(&sd->cache, &entries, &bytes);
	nest = nla_nest_start(skb, SFCPROXY_DEV_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (sfp_nla_put_counters(skb, sfp_stat_attrs, SFCPROXY_STATS_A_PAD,
				 cnt, SFP_STAT_COUNT))
		goto cancel;
	if (nla_put_u64_64bit(skb, SFCPROXY_STATS_A_CACHE_ENTRIES, entries,
			      SFCPROXY_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SFCPROXY_STATS_A_CACHE_BYTES, bytes,
			      SFCPROXY_STATS_A_PAD))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static size_t sfp_genl_dev_size(void)
{
	return NLMSG_ALIGN(GENL_HDRLEN) +
	       nla_total_size(sizeof(u32)) +		/* ifindex */
	       nla_total_size(IFNAMSIZ) +		/* ifname */
	       nla_total_size(sizeof(u32)) +		/* link */
	       sfp_config_nlmsg_size() +
	       nla_total_size(0) +			/* stats nest */
	       (SFCPROXY_STATS_A_MAX) * nla_total_size_64bit(sizeof(u64));
}

/**
 * sfp_genl_fill_dev() - describe a proxy device in a netlink message
 * @skb: message buffer
 * @sd: the proxy device
 * @portid: destination port id
 * @seq: sequence number of the request answered
 * @flags: netlink message flags
 * @cmd: command field of the message
 *
 * Caller holds RTNL or the RCU read lock.
 *
 * Return: 0 or -EMSGSIZE.
 */
int sfp_genl_fill_dev(struct sk_buff *skb, struct sfp_dev *sd, u32 portid,
		      u32 seq, int flags, u8 cmd)
{
	struct sfp_port *port = READ_ONCE(sd->port);
	const struct sfp_config *cfg;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &sfp_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	rcu_read_lock();
	cfg = rcu_dereference_rtnl(sd->cfg);
	if (nla_put_u32(skb, SFCPROXY_DEV_A_IFINDEX, sd->dev->ifindex) ||
	    nla_put_string(skb, SFCPROXY_DEV_A_IFNAME, sd->dev->name) ||
	    (port && nla_put_u32(skb, SFCPROXY_DEV_A_LINK,
				 port->lower->ifindex)) ||
	    sfp_config_fill(skb, cfg) || sfp_egress_fill(skb, sd) ||
	    sfp_genl_fill_stats(skb, sd)) {
		rcu_read_unlock();
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	rcu_read_unlock();
	genlmsg_end(skb, hdr);
	return 0;
}

/**
 * sfp_genl_notify() - tell `sfcproxy monitor` listeners about a device
 * @sd: the proxy device
 * @cmd: SFCPROXY_CMD_DEV_NEW or SFCPROXY_CMD_DEV_DEL
 *
 * Called under RTNL.
 */
void sfp_genl_notify(struct sfp_dev *sd, u8 cmd)
{
	struct net *net = dev_net(sd->dev);
	struct sk_buff *skb;

	if (!sfp_genl_has_listeners(net, SFP_MCGRP_EVENTS))
		return;
	skb = genlmsg_new(sfp_genl_dev_size(), GFP_KERNEL);
	if (!skb)
		return;
	if (sfp_genl_fill_dev(skb, sd, 0, 0, 0, cmd)) {
		kfree_skb(skb);
		return;
	}
	sfp_genl_event(net, SFP_MCGRP_EVENTS, skb, GFP_KERNEL);
}

/**
 * sfp_genl_has_listeners() - whether anyone in @net listens to a group
 * @net: the namespace
 * @group: the multicast group
 *
 * Return: true when building an event message is worth it.
 */
bool sfp_genl_has_listeners(struct net *net, enum sfp_mcgrp group)
{
	return genl_has_listeners(&sfp_genl_family, net, group);
}

/**
 * sfp_genl_event() - send a finished message to a multicast group
 * @net: the namespace whose listeners get it
 * @group: the multicast group
 * @msg: the message; consumed
 * @gfp: allocation context of the caller
 */
void sfp_genl_event(struct net *net, enum sfp_mcgrp group,
		    struct sk_buff *msg, gfp_t gfp)
{
	genlmsg_multicast_netns(&sfp_genl_family, net, msg, 0, group, gfp);
}

static int sfp_genl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct sfp_dev *sd;
	int err;

	msg = genlmsg_new(sfp_genl_dev_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	sd = sfp_dev_find(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(sd))
		err = PTR_ERR(sd);
	else
		err = sfp_genl_fill_dev(msg, sd, info->snd_portid,
					info->snd_seq, 0, SFCPROXY_CMD_DEV_GET);
	rtnl_unlock();

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: number of devices already dumped, to resume after it */
static int sfp_genl_dev_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct sfp_net *sn = sfp_net(sock_net(skb->sk));
	long skip = cb->args[0], idx = 0;
	struct sfp_dev *sd;
	int err = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(sd, &sn->proxies, net_node) {
		if (idx++ < skip)
			continue;
		err = sfp_genl_fill_dev(skb, sd, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					SFCPROXY_CMD_DEV_GET);
		if (err) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	/* a full buffer ends this part of the dump, the next call resumes */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static int sfp_genl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sfp_dev *sd;
	int err;

	rtnl_lock();
	sd = sfp_dev_find(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(sd))
		err = PTR_ERR(sd);
	else
		err = sfp_dev_reconfigure(sd, info->attrs, info->extack);
	rtnl_unlock();
	return err;
}

typedef void (*sfp_dev_fn)(struct sfp_dev *sd);

/* Devices a request names: one, or all of the namespace when none is named */
static int sfp_genl_apply_to_devs(struct genl_info *info, sfp_dev_fn fn)
{
	struct net *net = genl_info_net(info);
	struct sfp_dev *sd;
	int err = 0;

	rtnl_lock();
	if (info->attrs[SFCPROXY_DEV_A_IFINDEX] ||
	    info->attrs[SFCPROXY_DEV_A_IFNAME]) {
		sd = sfp_dev_find(net, info->attrs, info->extack);
		if (IS_ERR(sd))
			err = PTR_ERR(sd);
		else
			fn(sd);
	} else {
		list_for_each_entry(sd, &sfp_net(net)->proxies, net_node)
			fn(sd);
	}
	rtnl_unlock();
	return err;
}

static void sfp_dev_cache_flush(struct sfp_dev *sd)
{
	sfp_cache_flush(&sd->cache);
}

static int sfp_genl_stats_reset_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	return sfp_genl_apply_to_devs(info, sfp_dev_stats_reset);
}

static int sfp_genl_cache_flush_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	return sfp_genl_apply_to_devs(info, sfp_dev_cache_flush);
}

struct sfp_cache_dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct sfp_dev *sd;
	unsigned long now;
};

static int sfp_genl_fill_entry(const struct sfp_entry *e, void *arg)
{
	struct sfp_cache_dump_ctx *ctx = arg;
	struct sk_buff *skb = ctx->skb;
	const struct sfp_key *key = &e->key;
	struct sfp_key id_key;
	enum sfp_index idx;
	struct nlattr *nest;
	void *hdr;

	idx = (e->indexed & BIT(SFP_BY_ID)) ? SFP_BY_ID : SFP_BY_HDR;
	if (idx == SFP_BY_ID) {
		/* the key an ID stands for on the wire (see the uapi) */
		sfp_key_from_id(e->id, &id_key);
		key = &id_key;
	}
	hdr = genlmsg_put(skb, NETLINK_CB(ctx->cb->skb).portid,
			  ctx->cb->nlh->nlmsg_seq, &sfp_genl_family,
			  NLM_F_MULTI, SFCPROXY_CMD_CACHE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SFCPROXY_DEV_A_IFINDEX, ctx->sd->dev->ifindex) ||
	    nla_put_string(skb, SFCPROXY_DEV_A_IFNAME, ctx->sd->dev->name))
		goto cancel;
	nest = nla_nest_start(skb, SFCPROXY_DEV_A_CACHE_ENTRY);
	if (!nest ||
	    nla_put(skb, SFCPROXY_CACHE_A_KEY, sizeof(*key), key) ||
	    nla_put_u8(skb, SFCPROXY_CACHE_A_KEY_MODE,
		       idx == SFP_BY_ID ? SFCPROXY_KEY_ID :
					  SFCPROXY_KEY_HEADER) ||
	    nla_put(skb, SFCPROXY_CACHE_A_HEADER, e->hdr_len, e->hdr) ||
	    nla_put_u32(skb, SFCPROXY_CACHE_A_AGE_MS,
			jiffies_to_msecs(ctx->now - e->tstamp)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * struct sfp_cache_dump_state - a CACHE_GET dump between calls, in cb->ctx
 * @dev_idx: devices finished, by position on the namespace's list
 * @ifindex: the device @pos is in the middle of, 0 when none
 * @pos: how far the walk of that device's cache got (see sfp_cache_dump())
 *
 * Devices that come and go between calls may be missed or shown twice, as
 * with any dump of a changing list; within a device's cache, an entry
 * cached for the whole dump is shown exactly once.
 */
struct sfp_cache_dump_state {
	long dev_idx;
	int ifindex;
	struct sfp_cache_dump_pos pos;
};

/*
 * End the cache walk @st is in the middle of, which frees its cursor in
 * that cache, if the device is still there. Under rcu_read_lock(): a
 * device found on the list keeps its cache for the read section.
 */
static void sfp_genl_cache_dump_release(struct sfp_net *sn,
					struct sfp_cache_dump_state *st)
{
	struct sfp_dev *sd;

	if (st->ifindex)
		list_for_each_entry_rcu(sd, &sn->proxies, net_node)
			if (sd->dev->ifindex == st->ifindex)
				sfp_cache_dump_end(&sd->cache, &st->pos);
	st->ifindex = 0;
	memset(&st->pos, 0, sizeof(st->pos));
}

static int sfp_genl_cache_get_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct sfp_cache_dump_state *st = (void *)cb->ctx;
	struct sfp_net *sn = sfp_net(sock_net(skb->sk));
	struct sfp_cache_dump_ctx ctx = {
		.skb = skb, .cb = cb, .now = jiffies,
	};
	struct nlattr *by_index = info->attrs[SFCPROXY_DEV_A_IFINDEX];
	struct nlattr *by_name = info->attrs[SFCPROXY_DEV_A_IFNAME];
	long dev_idx = 0;
	int err;

	BUILD_BUG_ON(sizeof(*st) > sizeof(cb->ctx));
	rcu_read_lock();
	list_for_each_entry_rcu(ctx.sd, &sn->proxies, net_node) {
		if (dev_idx++ < st->dev_idx)
			continue;
		if ((by_index &&
		     ctx.sd->dev->ifindex != nla_get_u32(by_index)) ||
		    (by_name && nla_strcmp(by_name, ctx.sd->dev->name))) {
			st->dev_idx = dev_idx;
			continue;
		}
		/* the list changed under a walk that stopped in a device */
		if (st->ifindex && st->ifindex != ctx.sd->dev->ifindex)
			sfp_genl_cache_dump_release(sn, st);
		st->ifindex = ctx.sd->dev->ifindex;
		err = sfp_cache_dump(&ctx.sd->cache, &st->pos,
				     sfp_genl_fill_entry, &ctx);
		if (err < 0) {
			sfp_genl_cache_dump_release(sn, st);
			rcu_read_unlock();
			return err;
		}
		/* the buffer is full: resume in this device */
		if (err && skb->len)
			break;
		if (err)
			sfp_cache_dump_end(&ctx.sd->cache, &st->pos);
		st->dev_idx = dev_idx;
		st->ifindex = 0;
		memset(&st->pos, 0, sizeof(st->pos));
	}
	rcu_read_unlock();
	return skb->len;
}

/* A dump closed before its end leaves a cursor in a cache: free it. */
static int sfp_genl_cache_get_done(struct netlink_callback *cb)
{
	struct sfp_net *sn = sfp_net(sock_net(cb->skb->sk));

	rcu_read_lock();
	sfp_genl_cache_dump_release(sn, (void *)cb->ctx);
	rcu_read_unlock();
	return 0;
}

static const struct genl_ops sfp_genl_ops[] = {
	{
		.cmd = SFCPROXY_CMD_DEV_GET,
		.doit = sfp_genl_dev_get_doit,
		.dumpit = sfp_genl_dev_get_dumpit,
	},
	{
		.cmd = SFCPROXY_CMD_DEV_SET,
		.doit = sfp_genl_dev_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_STATS_RESET,
		.doit = sfp_genl_stats_reset_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_CACHE_GET,
		.dumpit = sfp_genl_cache_get_dumpit,
		.done = sfp_genl_cache_get_done,
		/* headers and keys are packet contents: admins only */
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_CACHE_FLUSH,
		.doit = sfp_genl_cache_flush_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	/* the NSH forwarder's commands have attribute sets of their own */
	{
		.cmd = SFCPROXY_CMD_FWD_GET,
		.doit = sfp_genl_fwd_get_doit,
		.dumpit = sfp_genl_fwd_get_dumpit,
		.policy = sfp_fwd_policy,
		.maxattr = SFCPROXY_FWD_A_MAX,
	},
	{
		.cmd = SFCPROXY_CMD_FWD_NEW,
		.doit = sfp_genl_fwd_new_doit,
		.policy = sfp_fwd_policy,
		.maxattr = SFCPROXY_FWD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_FWD_DEL,
		.doit = sfp_genl_fwd_del_doit,
		.policy = sfp_fwd_policy,
		.maxattr = SFCPROXY_FWD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_NSH_STATS_GET,
		.doit = sfp_genl_nsh_stats_doit,
		.policy = sfp_fwd_policy,
		.maxattr = SFCPROXY_FWD_A_MAX,
	},
	{
		.cmd = SFCPROXY_CMD_CLS_GET,
		.dumpit = sfp_genl_cls_get_dumpit,
		.policy = sfp_cls_policy,
		.maxattr = SFCPROXY_CLS_A_MAX,
	},
	{
		.cmd = SFCPROXY_CMD_CLS_NEW,
		.doit = sfp_genl_cls_new_doit,
		.policy = sfp_cls_policy,
		.maxattr = SFCPROXY_CLS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_CLS_DEL,
		.doit = sfp_genl_cls_del_doit,
		.policy = sfp_cls_policy,
		.maxattr = SFCPROXY_CLS_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_SID_GET,
		.doit = sfp_genl_sid_get_doit,
		.dumpit = sfp_genl_sid_get_dumpit,
		.policy = sfp_sid_policy,
		.maxattr = SFCPROXY_SID_A_MAX,
	},
	{
		.cmd = SFCPROXY_CMD_SID_NEW,
		.doit = sfp_genl_sid_new_doit,
		.policy = sfp_sid_policy,
		.maxattr = SFCPROXY_SID_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SFCPROXY_CMD_SID_DEL,
		.doit = sfp_genl_sid_del_doit,
		.policy = sfp_sid_policy,
		.maxattr = SFCPROXY_SID_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		/* records carry clients' paths, as the cache does */
		.cmd = SFCPROXY_CMD_FLOW_GET,
		.doit = sfp_genl_flow_get_doit,
		.start = sfp_genl_flow_dump_start,
		.dumpit = sfp_genl_flow_get_dumpit,
		.done = sfp_genl_flow_dump_done,
		.policy = sfp_flow_policy,
		.maxattr = SFCPROXY_FLOW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family sfp_genl_family __ro_after_init = {
	.name		= SFCPROXY_GENL_NAME,
	.version	= SFCPROXY_GENL_VERSION,
	.maxattr	= SFCPROXY_DEV_A_MAX,
	.policy		= sfp_dev_policy,
	.netnsok	= true,
	/* every command is validated strictly, reserved header bits too */
	.resv_start_op	= SFCPROXY_CMD_DEV_GET,
	.ops		= sfp_genl_ops,
	.n_ops		= ARRAY_SIZE(sfp_genl_ops),
	.mcgrps		= sfp_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(sfp_mcgrps),
	.module		= THIS_MODULE,
};

int __init sfp_genl_register(void)
{
	return genl_register_family(&sfp_genl_family);
}

void sfp_genl_unregister(void)
{
	genl_unregister_family(&sfp_genl_family);
}
