/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfcproxy: internal definitions shared by the module's files.
 *
 * Objects and their lifetimes (all changes under RTNL, readers under RCU):
 *
 *   struct sfp_net    one per network namespace (pernet_operations); lists
 *                     the proxy devices of that namespace for dumps.
 *   struct sfp_port   one per lower device that has at least one proxy
 *                     device on top; owns the lower's rx_handler and the
 *                     RCU list of proxy devices to demultiplex to.
 *   struct sfp_dev    netdev_priv() of a proxy device; its configuration is
 *                     an RCU-replaced struct sfp_config so that the datapath
 *                     never sees a half-applied change.
 */
#ifndef _SFP_H
#define _SFP_H

#include <linux/hashtable.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rculist.h>
#include <linux/rhashtable-types.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <uapi/linux/sfcproxy.h>

#include "sfp_cache.h"

#define SFP_DEFAULT_ID_MASK		0xffff0000U
#define SFP_DEFAULT_CACHE_SIZE		4096U
#define SFP_DEFAULT_CACHE_TIMEOUT_MS	1000U

/**
 * struct sfp_config - configuration of one proxy device
 * @encap: enum sfcproxy_encap
 * @pop: MPLS labels consumed by this SF, not re-attached on egress
 * @key_mode: enum sfcproxy_key_mode
 * @miss: enum sfcproxy_miss
 * @depth: deepest MPLS label stack accepted
 * @ttl: enum sfcproxy_ttl
 * @n_labels: number of valid entries in @labels
 * @labels: MPLS labels that identify this SF on its lower device
 * @id_mask: skb->mark bits that carry the per-packet ID
 * @cache_size: maximum number of cached headers
 * @cache_timeout_ms: idle timeout of a cached header
 * @cache_bytes: cap on cached header bytes, 0 = derived from @cache_size
 * @rcu: frees the replaced configuration after a grace period
 */
struct sfp_config {
	u8 encap;
	u8 pop;
	u8 key_mode;
	u8 miss;
	u8 depth;
	u8 ttl;
	u8 n_labels;
	u32 labels[SFCPROXY_MAX_LABELS];
	u32 id_mask;
	u32 cache_size;
	u32 cache_timeout_ms;
	u32 cache_bytes;
	struct rcu_head rcu;
};

/* Per-device counters; sfp_stat_attrs[] names their netlink attributes. */
enum sfp_stat {
	SFP_STAT_RX_IGNORED,
	SFP_STAT_RX_SUCCESS,
	SFP_STAT_RX_MALFORMED,
	SFP_STAT_RX_TOO_BIG,
	SFP_STAT_RX_DUPLICATE,
	SFP_STAT_TX_IGNORED,
	SFP_STAT_TX_NOT_CACHED,
	SFP_STAT_TX_SUCCESS,
	SFP_STAT_EVICTED,
	SFP_STAT_EXPIRED,
	SFP_STAT_ALLOC_FAIL,
	SFP_STAT_TX_TTL_EXPIRED,
	SFP_STAT_TX_NO_ROUTE,
	SFP_STAT_TX_TOO_BIG,
	SFP_STAT_RX_DUP_LIMIT,
	SFP_STAT_COUNT
};

/**
 * struct sfp_pcpu_stats - one CPU's share of a device's counters
 * @cnt: counters indexed by enum sfp_stat
 * @syncp: lets 32-bit readers see consistent 64-bit values
 */
struct sfp_pcpu_stats {
	u64_stats_t cnt[SFP_STAT_COUNT];
	struct u64_stats_sync syncp;
};

/**
 * struct sfp_port - a lower device with proxy devices on top
 * @lower: the lower device; the port lives as long as it has proxies
 * @proxies: RCU list of struct sfp_dev, walked by the rx_handler
 * @rx_ignored: per-CPU count of frames no proxy device took
 * @rcu: frees the port after the last reader of the rx_handler data
 */
struct sfp_port {
	struct net_device *lower;
	struct list_head proxies;
	u64 __percpu *rx_ignored;
	struct rcu_head rcu;
};

/**
 * struct sfp_egress - a proxy's hook on the egress of its output device
 * @dev: the hooked device, NULL when the function routes into the proxy
 * @ifindex: @dev's ifindex or 0, what SFCPROXY_DEV_A_EGRESS_IFINDEX reports;
 *	kept apart from @dev so that lockless message fills can read it
 * @tracker: reference tracking for @dev
 * @ops: netfilter hooks (NF_NETDEV_EGRESS on @dev); @ops[@cur] is the
 *	registered one, the other lets a new hook go in before the old goes
 * @cur: see @ops
 *
 * Changed under RTNL only. Hooks are per (namespace, device), so the hook
 * goes before either the proxy or @dev does.
 */
struct sfp_egress {
	struct net_device *dev;
	u32 ifindex;
	netdevice_tracker tracker;
	struct nf_hook_ops ops[2];
	u8 cur;
};

/**
 * struct sfp_dev - private part of a proxy net_device
 * @dev: the proxy device itself
 * @port: the lower device's port
 * @cfg: current configuration, replaced as a whole under RTNL
 * @stats: per-CPU counters
 * @stats_base: counter values at the last reset, subtracted when reported
 *	(a reset never writes another CPU's counters, so it cannot race them)
 * @port_node: entry in @port->proxies
 * @net_node: entry in the namespace's struct sfp_net list
 * @cache: headers of the packets the function is working on
 * @egress: the egress hook, if the configuration asks for one
 * @sid: the SRv6 SID this device serves (encap srv6), set under RTNL
 */
struct sfp_dev {
	struct net_device *dev;
	struct sfp_port *port;
	struct sfp_config __rcu *cfg;
	struct sfp_pcpu_stats __percpu *stats;
	u64 stats_base[SFP_STAT_COUNT];
	struct list_head port_node;
	struct list_head net_node;
	struct sfp_cache cache;
	struct sfp_egress egress;
	struct sfp_sid __rcu *sid;
};

/* NSH forwarder counters of a namespace; see sfp_nsh_stat_attrs[] */
enum sfp_nsh_stat {
	SFP_NSH_STAT_RX_MALFORMED,
	SFP_NSH_STAT_RX_BAD_VERSION,
	SFP_NSH_STAT_RX_EXPIRED,
	SFP_NSH_STAT_NO_PATH,
	SFP_NSH_STAT_NO_ROUTE,
	SFP_NSH_STAT_CLASSIFIED,
	SFP_NSH_STAT_TX_TOO_BIG,
	SFP_NSH_STAT_COUNT
};

/**
 * struct sfp_pcpu_nsh_stats - one CPU's share of the NSH forwarder counters
 * @cnt: counters indexed by enum sfp_nsh_stat
 * @syncp: lets 32-bit readers see consistent 64-bit values
 */
struct sfp_pcpu_nsh_stats {
	u64_stats_t cnt[SFP_NSH_STAT_COUNT];
	struct u64_stats_sync syncp;
};

/**
 * struct sfp_pcpu_tally - one CPU's packets and bytes of a table entry
 *	(forwarding entry, classifier rule)
 * @packets: packets counted
 * @bytes: their bytes
 * @syncp: lets 32-bit readers see consistent 64-bit values
 */
struct sfp_pcpu_tally {
	u64_stats_t packets;
	u64_stats_t bytes;
	struct u64_stats_sync syncp;
};

static inline void sfp_tally_add(struct sfp_pcpu_tally __percpu *tally,
				 unsigned int len)
{
	struct sfp_pcpu_tally *t = this_cpu_ptr(tally);

	u64_stats_update_begin(&t->syncp);
	u64_stats_inc(&t->packets);
	u64_stats_add(&t->bytes, len);
	u64_stats_update_end(&t->syncp);
}

#define SFP_FWD_HASH_BITS	8

/**
 * struct sfp_nsh_net - a namespace's NSH forwarding table and classifier
 * @fwd: (SPI, SI) -> struct sfp_fwd_entry, RCU hash, changed under RTNL
 * @rules: classifier rules (struct sfp_cls_rule) in match order, RCU list
 *	changed under RTNL
 * @hooks_on: the classifier's netfilter hooks are registered
 * @n_fwd: entries in @fwd, at most sfp_max_fwd_entries (changed under RTNL)
 * @n_rules: rules in @rules, at most sfp_max_cls_rules (changed under RTNL)
 * @stats: forwarder counters
 */
struct sfp_nsh_net {
	DECLARE_HASHTABLE(fwd, SFP_FWD_HASH_BITS);
	struct list_head rules;
	bool hooks_on;
	unsigned int n_fwd;
	unsigned int n_rules;
	struct sfp_pcpu_nsh_stats __percpu *stats;
};

/**
 * struct sfp_srv6_net - a namespace's SRv6 SID table (sfp_srv6.c)
 * @exact: /128 SIDs (struct sfp_sid), RCU hash changed under RTNL
 * @prefixes: shorter SIDs, longest first, RCU list changed under RTNL
 * @count: SIDs in both, at most sfp_max_sids
 * @hook_on: the IPv6 PRE_ROUTING hook is registered
 */
struct sfp_srv6_net {
	DECLARE_HASHTABLE(exact, 8);
	struct list_head prefixes;
	unsigned int count;
	bool hook_on;
};

/**
 * struct sfp_pipe_net - a namespace's End.VNF flow records (sfp_pipe.c)
 * @flows: struct sfp_flow by addresses and ports
 * @count: records in @flows, at most SFCPROXY_PIPE_MAX_FLOWS
 * @gc: ages records out while there are any
 */
struct sfp_pipe_net {
	struct rhashtable flows;
	atomic_t count;
	struct delayed_work gc;
};

/**
 * struct sfp_vnf - an End.VNF SID's parameters, for sfp_pipe.c
 * @plen: the SID's prefix length: where function bits start
 * @proto: IP protocol handed to the device (TCP)
 * @retpath_tlv: the return-path TLV's type
 * @timeout: jiffies of quiet after which a flow record goes
 * @limit: records the SID may hold
 * @memcg: the memory cgroup of the task that added the SID (a reference),
 *	charged for the flow records its packets make
 * @count: records the SID holds, at most @limit
 * @half_open: of those, records whose flow sent only SYNs so far
 * @flows: records made
 * @full: SYNs left unrecorded for want of room
 * @too_big: SYNs left unrecorded for an SRH beyond SFCPROXY_FLOW_RECORD_MAX
 * @unanswered: half-open records that went without their flow's ACK
 *
 * Records point at these counters: a SID leaving the table waits for the
 * packets that found it before its records are flushed, and is freed a
 * grace period after that (sfp_sid_release()).
 */
struct sfp_vnf {
	u8 plen;
	u8 proto;
	u8 retpath_tlv;
	unsigned long timeout;
	u32 limit;
	struct mem_cgroup *memcg;
	atomic_t count;
	atomic_t half_open;
	atomic64_t flows;
	atomic64_t full;
	atomic64_t too_big;
	atomic64_t unanswered;
};

/**
 * struct sfp_net - per network namespace state
 * @proxies: RCU list of the namespace's proxy devices (struct sfp_dev),
 *	changed under RTNL, walked by netlink dumps under RCU
 * @n_proxies: devices on @proxies, at most sfp_max_devices (under RTNL)
 * @cache_entries: the cache sizes of the devices on @proxies added up, at
 *	most sfp_max_cache_entries (under RTNL)
 * @nsh: NSH forwarding and classification
 * @srv6: SRv6 SID table
 * @pipe: End.VNF flow records
 */
struct sfp_net {
	struct list_head proxies;
	unsigned int n_proxies;
	u64 cache_entries;
	struct sfp_nsh_net nsh;
	struct sfp_srv6_net srv6;
	struct sfp_pipe_net pipe;
};

/**
 * struct sfp_next_hop - where sfp_route_lookup() says a packet goes
 * @tbl: neighbour table (NEIGH_ARP_TABLE or NEIGH_ND_TABLE)
 * @addr: next hop address for that table
 */
struct sfp_next_hop {
	int tbl;
	u8 addr[16];
};

/* sfp_main.c */
struct sfp_net *sfp_net(const struct net *net);

/*
 * Per-namespace caps on what requests can make (module parameters, see
 * Documentation/security.md). Read with READ_ONCE(): root may change them
 * while the module is loaded; a lowered cap refuses new objects only.
 */
extern unsigned int sfp_max_devices;
extern unsigned int sfp_max_cache_entries;
extern unsigned int sfp_max_fwd_entries;
extern unsigned int sfp_max_cls_rules;
extern unsigned int sfp_max_sids;

/* sfp_config.c */
extern const struct nla_policy sfp_dev_policy[SFCPROXY_DEV_A_MAX + 1];
void sfp_config_init(struct sfp_config *cfg);
int sfp_config_apply_attrs(struct sfp_config *cfg, struct nlattr *tb[],
			   struct netlink_ext_ack *extack);
int sfp_config_fill(struct sk_buff *skb, const struct sfp_config *cfg);
size_t sfp_config_nlmsg_size(void);

/* sfp_dev.c */
extern struct rtnl_link_ops sfp_link_ops;
bool sfp_is_proxy(const struct net_device *dev);
struct sfp_dev *sfp_dev_find(struct net *net, struct nlattr *tb[],
			     struct netlink_ext_ack *extack);
int sfp_dev_reconfigure(struct sfp_dev *sd, struct nlattr *tb[],
			struct netlink_ext_ack *extack);
void sfp_dev_stats_read(struct sfp_dev *sd, u64 *out);
void sfp_dev_stats_reset(struct sfp_dev *sd);

/* sfp_port.c */
int sfp_port_attach(struct sfp_dev *sd, struct net_device *lower,
		    struct netlink_ext_ack *extack);
void sfp_port_detach(struct sfp_dev *sd);
int sfp_port_check_labels(const struct sfp_port *port,
			  const struct sfp_dev *self,
			  const struct sfp_config *cfg,
			  struct netlink_ext_ack *extack);
u64 sfp_port_rx_ignored(const struct sfp_port *port);
int sfp_port_notifier_register(void);
void sfp_port_notifier_unregister(void);

/* sfp_egress.c */
int sfp_egress_update(struct sfp_dev *sd, const struct sfp_config *cfg,
		      struct nlattr *attr, struct netlink_ext_ack *extack);
void sfp_egress_detach(struct sfp_dev *sd);
void sfp_egress_device_gone(struct net_device *dev);
int sfp_egress_fill(struct sk_buff *skb, const struct sfp_dev *sd);

/* sfp_route.c */
struct net_device *sfp_route_lookup(struct net *net, struct sk_buff *skb,
				    struct sfp_next_hop *hop);
bool sfp_route_xmit(struct sk_buff *skb, struct net_device *out,
		    struct sfp_next_hop *hop);
bool sfp_route_input(struct sk_buff *skb, struct net_device *dev);
bool sfp_route_is_reentry(const struct nf_hook_state *state);

/* sfp_nsh.c */
void sfp_nsh_rx(struct sfp_dev *sd, struct sk_buff *skb);
void sfp_nsh_xmit(struct sfp_dev *sd, struct sk_buff *skb);

/* sfp_fwd.c */
extern const struct nla_policy sfp_fwd_policy[SFCPROXY_FWD_A_MAX + 1];
int sfp_fwd_net_init(struct sfp_nsh_net *nn);
void sfp_fwd_net_exit(struct net *net);
void sfp_fwd_net_free(struct sfp_nsh_net *nn);
int sfp_fwd_dispatch(struct net *net, struct sk_buff *skb, u32 path,
		     bool transit);
void sfp_fwd_device_gone(struct net_device *dev);
void sfp_nsh_stat_inc(struct net *net, enum sfp_nsh_stat stat);
void sfp_fwd_register(void);
void sfp_fwd_unregister(void);
int sfp_genl_fwd_get_doit(struct sk_buff *skb, struct genl_info *info);
int sfp_genl_fwd_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int sfp_genl_fwd_new_doit(struct sk_buff *skb, struct genl_info *info);
int sfp_genl_fwd_del_doit(struct sk_buff *skb, struct genl_info *info);
int sfp_genl_nsh_stats_doit(struct sk_buff *skb, struct genl_info *info);

/* sfp_classifier.c */
extern const struct nla_policy sfp_cls_policy[SFCPROXY_CLS_A_MAX + 1];
void sfp_cls_net_exit(struct net *net);
int sfp_genl_cls_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int sfp_genl_cls_new_doit(struct sk_buff *skb, struct genl_info *info);
int sfp_genl_cls_del_doit(struct sk_buff *skb, struct genl_info *info);

/* sfp_srv6.c */
struct sfp_sid;
extern const struct nla_policy sfp_sid_policy[SFCPROXY_SID_A_MAX + 1];
void sfp_sid_net_init(struct sfp_srv6_net *sn);
void sfp_sid_net_exit(struct net *net);
void sfp_sid_device_gone(struct net_device *dev);
void sfp_srv6_xmit(struct sfp_dev *sd, struct sk_buff *skb);
void sfp_srv6_rewrite(struct sk_buff *skb, unsigned int len,
		      void (*rewrite)(u8 *hdr));
int sfp_genl_sid_get_doit(struct sk_buff *skb, struct genl_info *info);
int sfp_genl_sid_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int sfp_genl_sid_new_doit(struct sk_buff *skb, struct genl_info *info);
int sfp_genl_sid_del_doit(struct sk_buff *skb, struct genl_info *info);

/* sfp_pipe.c */
extern const struct nla_policy sfp_flow_policy[SFCPROXY_FLOW_A_MAX + 1];
int sfp_pipe_net_init(struct sfp_pipe_net *pn);
void sfp_pipe_net_free(struct sfp_pipe_net *pn);
void sfp_pipe_flush(struct net *net, const struct sfp_vnf *vnf);
int sfp_vnf_rx(struct net *net, struct sfp_vnf *vnf, struct net_device *dev,
	       struct sk_buff *skb);
int sfp_genl_flow_get_doit(struct sk_buff *skb, struct genl_info *info);
int sfp_genl_flow_dump_start(struct netlink_callback *cb);
int sfp_genl_flow_dump_done(struct netlink_callback *cb);
int sfp_genl_flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* sfp_mpls.c */
rx_handler_result_t sfp_mpls_handle_frame(struct sk_buff **pskb);
void sfp_mpls_xmit(struct sfp_dev *sd, struct sk_buff *skb);
unsigned int sfp_mpls_egress_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state);

/* sfp_netlink.c */
int sfp_genl_register(void);
void sfp_genl_unregister(void);
void sfp_genl_notify(struct sfp_dev *sd, u8 cmd);
/* multicast groups of the family, in the order of its mcgrps array */
enum sfp_mcgrp {
	SFP_MCGRP_EVENTS,	/* device events, anyone */
	SFP_MCGRP_FLOWS,	/* End.VNF flow events, CAP_NET_ADMIN */
};

bool sfp_genl_has_listeners(struct net *net, enum sfp_mcgrp group);
void sfp_genl_event(struct net *net, enum sfp_mcgrp group,
		    struct sk_buff *msg, gfp_t gfp);
int sfp_genl_fill_dev(struct sk_buff *skb, struct sfp_dev *sd, u32 portid,
		      u32 seq, int flags, u8 cmd);
void *sfp_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		   u8 cmd);
extern const u16 sfp_nsh_stat_attrs[SFP_NSH_STAT_COUNT];
int sfp_nla_put_counters(struct sk_buff *skb, const u16 *attrs, int pad,
			 const u64 *cnt, int n);
struct sfp_pcpu_tally __percpu *sfp_tally_alloc(void);
int sfp_nla_put_tally(struct sk_buff *skb,
		      const struct sfp_pcpu_tally __percpu *tally,
		      int packets_attr, int bytes_attr, int pad);

/* Counter helpers used on the datapath. */
static inline void sfp_stat_inc(struct sfp_dev *sd, enum sfp_stat stat)
{
	struct sfp_pcpu_stats *s = this_cpu_ptr(sd->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[stat]);
	u64_stats_update_end(&s->syncp);
}

/* Whether @label identifies the SF of an MPLS proxy configured with @cfg. */
static inline bool sfp_config_has_label(const struct sfp_config *cfg,
					u32 label)
{
	int i;

	for (i = 0; i < cfg->n_labels; i++)
		if (cfg->labels[i] == label)
			return true;
	return false;
}

/* Largest header a proxy of @encap caches: the default byte cap's unit. */
static inline unsigned int sfp_encap_max_hdr(u8 encap)
{
	if (encap == SFCPROXY_ENCAP_MPLS)
		return SFP_HDR_SMALL;
	return encap == SFCPROXY_ENCAP_NSH ? SFP_HDR_MEDIUM : SFP_HDR_MAX;
}

static inline struct sfp_config *sfp_cfg_rtnl(const struct sfp_dev *sd)
{
	return rtnl_dereference(sd->cfg);
}

#endif /* _SFP_H */
