// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: End.VNF, the SRv6Pipes behaviour that lets a transparent
 * user-space TCP proxy terminate flows steered to it by an SRH, and the
 * per-namespace table of the flows it recorded.
 *
 * A TCP packet to an End.VNF SID with SL > 0 gets DA = the final segment
 * and SL = 0 (the transport checksum was computed on the final
 * destination, so it is right again) and is received anew on the SID's
 * device, where a TPROXY rule hands it to the proxy's listener; with SL 0
 * the stack's own SRH processing delivers it locally instead of forwarding
 * it to the next segment. Any other packet gets End: the remaining
 * segments are never skipped silently.
 *
 * The stack does not tell a TCP socket the SRH its SYN carried, so for each
 * SYN the module records the flow here: the SRH as it arrived, the SID's
 * function and parameter bits and the return-path TLV. The proxy asks for
 * the record by the addresses and ports its accept() returned (no NFQUEUE
 * round trip), or listens for SFCPROXY_CMD_FLOW_NEW events. Records are
 * refreshed by the flow's packets and go after SID's flow timeout of quiet,
 * or with their SID.
 *
 * SYNs are cheap to forge, so what they can hold is bounded three ways: a
 * record keeps at most SFCPROXY_FLOW_RECORD_MAX bytes of SRH and return
 * path (a longer one is not recorded); a SID holds at most its flow limit
 * of records and a namespace SFCPROXY_PIPE_MAX_FLOWS; and a record lives
 * only SFCPROXY_FLOW_HALF_OPEN_TIMEOUT until its flow's first ACK (the
 * handshake's third packet) promotes it to the flow timeout. A flood of
 * SYNs from forged sources then holds at most what it sent in the last
 * three seconds, up to the SID's limit; established records are never
 * evicted to make room. Every SYN refused a record is counted.
 */
#include <linux/rhashtable.h>
#include <linux/sched/mm.h>
#include <linux/tcp.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "sfp.h"
#include "sfp_srv6_pkt.h"

#define SFP_PIPE_GC_INTERVAL	HZ
#define SFP_PIPE_WALK_BATCH	128

/* bits of sfp_flow.flags */
enum {
	SFP_FLOW_ANSWERED,	/* the flow sent an ACK: no longer half-open */
};

/**
 * struct sfp_flow_key - a recorded flow, as the proxy's accept() sees it
 * @saddr: the client
 * @daddr: the server (the final segment)
 * @sport: the client's port
 * @dport: the server's port
 */
struct sfp_flow_key {
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
};

/**
 * struct sfp_flow - one End.VNF flow record
 * @node: table linkage
 * @key: addresses and ports
 * @sid: the destination address the SYN arrived with
 * @sid_plen: the SID's prefix length
 * @func: function bits of @sid
 * @args: parameter bits of @sid
 * @vnf: the SID's End.VNF state, for its counters (see struct sfp_vnf)
 * @ifindex: the device the flow is received on
 * @flags: SFP_FLOW_ANSWERED
 * @last_seen: jiffies of the flow's last packet
 * @timeout: jiffies of quiet after which the record goes: the half-open
 *	life, then the SID's flow timeout
 * @packets: packets of the flow while the record lived
 * @srh_len: bytes of SRH at @data
 * @retpath_len: bytes of return-path TLV value after the SRH
 * @has_retpath: the SYN carried a return-path TLV (maybe of length 0)
 * @rcu: frees the record after readers left
 * @data: the SRH, then the return-path value
 */
struct sfp_flow {
	struct rhash_head node;
	struct sfp_flow_key key;
	struct in6_addr sid;
	u8 sid_plen;
	u16 func;
	u32 args;
	struct sfp_vnf *vnf;
	int ifindex;
	unsigned long flags;
	unsigned long last_seen;
	unsigned long timeout;
	atomic64_t packets;
	u16 srh_len;
	u8 retpath_len;
	bool has_retpath;
	struct rcu_head rcu;
	u8 data[];
};

static const struct rhashtable_params sfp_flow_params = {
	.key_len = sizeof(struct sfp_flow_key),
	.key_offset = offsetof(struct sfp_flow, key),
	.head_offset = offsetof(struct sfp_flow, node),
	.automatic_shrinking = true,
};

static struct sfp_pipe_net *sfp_pipe_net(const struct net *net)
{
	return &sfp_net(net)->pipe;
}

/*
 * A record out of the table: its counts go and it is freed after readers.
 * Whoever sets SFP_FLOW_ANSWERED first, this or the flow's ACK in
 * sfp_flow_touch(), takes the record off the half-open count.
 */
static void sfp_flow_release(struct sfp_pipe_net *pn, struct sfp_flow *f,
			     bool quiet)
{
	struct sfp_vnf *vnf = f->vnf;

	if (!test_and_set_bit(SFP_FLOW_ANSWERED, &f->flags)) {
		atomic_dec(&vnf->half_open);
		if (quiet)
			atomic64_inc(&vnf->unanswered);
	}
	atomic_dec(&vnf->count);
	atomic_dec(&pn->count);
	kfree_rcu(f, rcu);
}

static void sfp_flow_remove(struct sfp_pipe_net *pn, struct sfp_flow *f,
			    bool quiet)
{
	if (!rhashtable_remove_fast(&pn->flows, &f->node, sfp_flow_params))
		sfp_flow_release(pn, f, quiet);
}

/*
 * Process context: remove every record @match says yes to, as gone quiet
 * if @quiet. A record is looked at and released inside one RCU read side
 * section, so the SID its counters belong to (freed by call_rcu after its
 * records were removed, maybe by another walk) outlives that.
 */
static void sfp_pipe_remove_if(struct sfp_pipe_net *pn,
			       bool (*match)(const struct sfp_flow *f,
					     const void *arg),
			       const void *arg, bool quiet)
{
	struct rhashtable_iter iter;
	unsigned int n = 0;
	struct sfp_flow *f;

	rhashtable_walk_enter(&pn->flows, &iter);
	rhashtable_walk_start(&iter);
	while ((f = rhashtable_walk_next(&iter))) {
		if (IS_ERR(f))
			continue;	/* -EAGAIN: the table was resized */
		if (match(f, arg))
			sfp_flow_remove(pn, f, quiet);
		if (++n % SFP_PIPE_WALK_BATCH == 0) {
			/* 65,536 records: let the CPU go now and then */
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

static bool sfp_flow_quiet(const struct sfp_flow *f, const void *unused)
{
	return time_after(jiffies,
			  READ_ONCE(f->last_seen) + READ_ONCE(f->timeout));
}

static void sfp_pipe_gc(struct work_struct *work)
{
	struct sfp_pipe_net *pn = container_of(to_delayed_work(work),
					       struct sfp_pipe_net, gc);

	sfp_pipe_remove_if(pn, sfp_flow_quiet, NULL, true);
	if (atomic_read(&pn->count))
		queue_delayed_work(system_power_efficient_wq, &pn->gc,
				   SFP_PIPE_GC_INTERVAL);
}

static int sfp_flow_fill(struct sk_buff *skb, const struct sfp_flow *f,
			 u32 portid, u32 seq, int flags, u8 cmd)
{
	void *hdr = sfp_genl_put(skb, portid, seq, flags, cmd);
	u32 age = jiffies_to_msecs(jiffies - READ_ONCE(f->last_seen));

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_in6_addr(skb, SFCPROXY_FLOW_A_SADDR, &f->key.saddr) ||
	    nla_put_in6_addr(skb, SFCPROXY_FLOW_A_DADDR, &f->key.daddr) ||
	    nla_put_u16(skb, SFCPROXY_FLOW_A_SPORT, ntohs(f->key.sport)) ||
	    nla_put_u16(skb, SFCPROXY_FLOW_A_DPORT, ntohs(f->key.dport)) ||
	    nla_put_in6_addr(skb, SFCPROXY_FLOW_A_SID, &f->sid) ||
	    nla_put_u8(skb, SFCPROXY_FLOW_A_SID_PREFIX_LEN, f->sid_plen) ||
	    nla_put_u16(skb, SFCPROXY_FLOW_A_FUNCTION, f->func) ||
	    nla_put_u32(skb, SFCPROXY_FLOW_A_ARGS, f->args) ||
	    nla_put(skb, SFCPROXY_FLOW_A_SRH, f->srh_len, f->data) ||
	    (f->has_retpath &&
	     nla_put(skb, SFCPROXY_FLOW_A_RETPATH, f->retpath_len,
		     f->data + f->srh_len)) ||
	    nla_put_u32(skb, SFCPROXY_FLOW_A_IFINDEX, f->ifindex) ||
	    nla_put_u32(skb, SFCPROXY_FLOW_A_AGE, age) ||
	    nla_put_u64_64bit(skb, SFCPROXY_FLOW_A_PACKETS,
			      atomic64_read(&f->packets), SFCPROXY_FLOW_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static size_t sfp_flow_msg_size(const struct sfp_flow *f)
{
	return nla_total_size(16) * 3 + nla_total_size(2) * 3 +
	       nla_total_size(1) + nla_total_size(4) * 3 +
	       nla_total_size_64bit(8) + nla_total_size(f->srh_len) +
	       nla_total_size(f->retpath_len);
}

/* Softirq: an SFCPROXY_CMD_FLOW_NEW event for `sfcproxy monitor`. */
static void sfp_flow_notify(struct net *net, const struct sfp_flow *f)
{
	struct sk_buff *msg;

	if (!sfp_genl_has_listeners(net, SFP_MCGRP_FLOWS))
		return;
	msg = genlmsg_new(sfp_flow_msg_size(f), GFP_ATOMIC);
	if (!msg)
		return;
	if (sfp_flow_fill(msg, f, 0, 0, 0, SFCPROXY_CMD_FLOW_NEW)) {
		nlmsg_free(msg);
		return;
	}
	sfp_genl_event(net, SFP_MCGRP_FLOWS, msg, GFP_ATOMIC);
}

/*
 * Whether record @f is of a SYN to @sid with this SRH (@srh_len bytes at
 * @srh) and return path (@rp_len bytes at @rp, @has_rp if there was one):
 * then a new SYN with them is a retransmission.
 */
static bool sfp_flow_same_path(const struct sfp_flow *f,
			       const struct in6_addr *sid, const u8 *srh,
			       unsigned int srh_len, const u8 *rp,
			       unsigned int rp_len, bool has_rp)
{
	return f->srh_len == srh_len && f->retpath_len == rp_len &&
	       f->has_retpath == has_rp && ipv6_addr_equal(&f->sid, sid) &&
	       !memcmp(f->data, srh, srh_len) &&
	       !memcmp(f->data + srh_len, rp, rp_len);
}

/*
 * The record key of a packet: the client, the server (Segment List[0],
 * right after the SRH's 8 fixed bytes), and the ports. @p is the packet's
 * IPv6 header, @th its TCP header.
 */
static void sfp_flow_key_of(const u8 *p, const struct tcphdr *th,
			    struct sfp_flow_key *key)
{
	key->saddr = ((const struct ipv6hdr *)p)->saddr;
	memcpy(&key->daddr, p + SFP_IPV6_HLEN + SFP_SRH_FIXED_LEN,
	       sizeof(key->daddr));
	key->sport = th->source;
	key->dport = th->dest;
}

/*
 * A SYN: record its flow. @p is the packet's IPv6 header as it arrived,
 * @si what sfp_srh_parse() said of it, @th its TCP header.
 */
static void sfp_flow_record(struct net *net, struct sfp_vnf *vnf,
			    const struct net_device *dev, const u8 *p,
			    const struct sfp_srh_info *si,
			    const struct tcphdr *th)
{
	struct sfp_pipe_net *pn = sfp_pipe_net(net);
	unsigned int srh_len = si->hdr_len - SFP_IPV6_HLEN;
	unsigned int rp_off = 0, rp_len = 0;
	const struct ipv6hdr *ip6 = (const struct ipv6hdr *)p;
	struct mem_cgroup *old_memcg;
	struct sfp_flow_key key;
	struct sfp_flow *f, *old;
	bool rp;
	u32 func;

	rp = sfp_srh_find_tlv(p, si, vnf->retpath_tlv, &rp_off, &rp_len);
	if (srh_len + rp_len > SFCPROXY_FLOW_RECORD_MAX) {
		atomic64_inc(&vnf->too_big);
		return;
	}
	/* a retransmitted SYN refreshes its record, even at the limit */
	sfp_flow_key_of(p, th, &key);
	old = rhashtable_lookup(&pn->flows, &key, sfp_flow_params);
	if (old && sfp_flow_same_path(old, &ip6->daddr, p + SFP_IPV6_HLEN,
				      srh_len, p + rp_off, rp_len, rp)) {
		WRITE_ONCE(old->last_seen, jiffies);
		return;
	}
	/*
	 * Room is taken in one step (no count is ever past its limit, even
	 * for a moment, so what is reported never is), and given back if the
	 * record is not made.
	 */
	if (!atomic_add_unless(&vnf->count, 1, vnf->limit))
		goto full;
	if (!atomic_add_unless(&pn->count, 1, SFCPROXY_PIPE_MAX_FLOWS)) {
		atomic_dec(&vnf->count);
		goto full;
	}
	/*
	 * A SYN, in softirq, makes the record: 6.1 would charge that to
	 * nobody, so the SID's creator is charged, as the active memcg.
	 * GFP_NOWAIT: with GFP_ATOMIC's __GFP_HIGH the charge would be forced
	 * past memory.max; at the limit the SYN goes unrecorded (full).
	 */
	old_memcg = set_active_memcg(vnf->memcg);
	f = kmalloc(struct_size(f, data, srh_len + rp_len),
		    GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	set_active_memcg(old_memcg);
	if (!f)
		goto unwind;
	f->key = key;
	f->sid = ip6->daddr;
	f->sid_plen = vnf->plen;
	sfp_sid_func_args(ip6->daddr.s6_addr, vnf->plen, &func, &f->args);
	f->func = func;
	f->vnf = vnf;
	f->ifindex = dev->ifindex;
	f->flags = 0;
	f->last_seen = jiffies;
	f->timeout = min(vnf->timeout,
			 msecs_to_jiffies(SFCPROXY_FLOW_HALF_OPEN_TIMEOUT));
	atomic64_set(&f->packets, 1);
	f->srh_len = srh_len;
	f->retpath_len = rp_len;
	f->has_retpath = rp;
	memcpy(f->data, p + SFP_IPV6_HLEN, srh_len);
	memcpy(f->data + srh_len, p + rp_off, rp_len);

	/* before the record is visible: its ACK may come at once */
	atomic_inc(&vnf->half_open);
	old = rhashtable_lookup_get_insert_fast(&pn->flows, &f->node,
						sfp_flow_params);
	if (IS_ERR(old))
		goto drop;
	if (old) {
		/* the same SYN on another CPU got there first */
		if (sfp_flow_same_path(old, &f->sid, f->data, srh_len,
				       f->data + srh_len, rp_len, rp)) {
			WRITE_ONCE(old->last_seen, jiffies);
			goto drop;
		}
		/* the 4-tuple is reused by a new connection: its path wins */
		if (rhashtable_replace_fast(&pn->flows, &old->node, &f->node,
					    sfp_flow_params))
			goto drop;
		sfp_flow_release(pn, old, false);
	}
	atomic64_inc(&vnf->flows);
	sfp_flow_notify(net, f);
	queue_delayed_work(system_power_efficient_wq, &pn->gc,
			   SFP_PIPE_GC_INTERVAL);
	return;

drop:
	/* never seen by anyone: undone as it was done */
	atomic_dec(&vnf->half_open);
	kfree(f);
	atomic_dec(&pn->count);
	atomic_dec(&vnf->count);
	return;
unwind:
	atomic_dec(&pn->count);
	atomic_dec(&vnf->count);
full:
	atomic64_inc(&vnf->full);
}

/*
 * A packet of a flow that may have a record: keep the record alive. The
 * flow's first ACK (the handshake's last packet; the client has seen the
 * listener's SYN-ACK) gives a half-open record the SID's flow timeout.
 */
static void sfp_flow_touch(struct net *net, const u8 *p,
			   const struct tcphdr *th)
{
	struct sfp_flow_key key;
	struct sfp_flow *f;

	sfp_flow_key_of(p, th, &key);
	f = rhashtable_lookup(&sfp_pipe_net(net)->flows, &key, sfp_flow_params);
	if (!f)
		return;
	atomic64_inc(&f->packets);
	WRITE_ONCE(f->last_seen, jiffies);
	if (th->ack && !th->syn && !th->rst &&
	    !test_bit(SFP_FLOW_ANSWERED, &f->flags) &&
	    !test_and_set_bit(SFP_FLOW_ANSWERED, &f->flags)) {
		WRITE_ONCE(f->timeout, f->vnf->timeout);
		atomic_dec(&f->vnf->half_open);
	}
}

static void sfp_vnf_next_segment(u8 *hdr)
{
	sfp_srh_next_segment(hdr);	/* SL > 0 was checked */
}

/**
 * sfp_vnf_rx() - End.VNF for a packet matching the SID
 * @net: the namespace
 * @vnf: the SID's End.VNF parameters
 * @dev: the SID's device, where TCP is received again
 * @skb: the packet, data at the IPv6 header
 *
 * Return: NF_ACCEPT for a packet that now goes to its next segment (the
 * stack routes it), NF_STOLEN for one handed to @dev, or a negative errno
 * for a packet the caller counts and drops.
 */
int sfp_vnf_rx(struct net *net, struct sfp_vnf *vnf, struct net_device *dev,
	       struct sk_buff *skb)
{
	struct sfp_srh_info si;
	const struct tcphdr *th;
	unsigned int srh_end;
	__be16 frag_off;
	u8 nexthdr;
	int thoff;

	if (!pskb_may_pull(skb, SFP_IPV6_HLEN + SFP_SRH_FIXED_LEN))
		return -EINVAL;
	srh_end = SFP_IPV6_HLEN + (skb->data[SFP_IPV6_HLEN + 1] + 1) * 8;
	if (!pskb_may_pull(skb, srh_end) ||
	    sfp_srh_parse(skb->data, skb_headlen(skb), &si) != SFP_SRH_OK ||
	    !si.sl)
		return -EINVAL;
	nexthdr = si.nexthdr;
	thoff = ipv6_skip_exthdr(skb, si.hdr_len, &nexthdr, &frag_off);
	if (thoff < 0 || nexthdr != vnf->proto || frag_off ||
	    !pskb_may_pull(skb, thoff + sizeof(struct tcphdr))) {
		/* End: the remaining segments are not ours to skip */
		if (skb_ensure_writable(skb, si.hdr_len))
			return -ENOMEM;
		sfp_srv6_rewrite(skb, si.hdr_len, sfp_vnf_next_segment);
		return NF_ACCEPT;
	}
	if (!(dev->flags & IFF_UP) || skb_ensure_writable(skb, si.hdr_len))
		return -ENETDOWN;

	th = (const struct tcphdr *)(skb->data + thoff);
	if (th->syn && !th->ack)
		sfp_flow_record(net, vnf, dev, skb->data, &si, th);
	else
		sfp_flow_touch(net, skb->data, th);

	sfp_srv6_rewrite(skb, si.hdr_len, sfp_srh_to_final);
	skb_scrub_packet(skb, false);
	skb->dev = dev;
	skb->skb_iif = dev->ifindex;
	netif_rx(skb);
	return NF_STOLEN;
}

static bool sfp_flow_of_sid(const struct sfp_flow *f, const void *vnf)
{
	return f->vnf == vnf;
}

/**
 * sfp_pipe_flush() - drop the flow records an End.VNF SID made
 * @net: the namespace
 * @vnf: the SID's End.VNF state
 *
 * Called in process context after the SID left the table and the packets
 * that had found it are done (synchronize_net()), so that no record of it
 * is left afterwards; the SID may be freed a grace period later.
 */
void sfp_pipe_flush(struct net *net, const struct sfp_vnf *vnf)
{
	if (atomic_read(&vnf->count))
		sfp_pipe_remove_if(sfp_pipe_net(net), sfp_flow_of_sid, vnf,
				   false);
}

int sfp_pipe_net_init(struct sfp_pipe_net *pn)
{
	atomic_set(&pn->count, 0);
	INIT_DELAYED_WORK(&pn->gc, sfp_pipe_gc);
	return rhashtable_init(&pn->flows, &sfp_flow_params);
}

static void sfp_flow_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/**
 * sfp_pipe_net_free() - free a namespace's flow table
 * @pn: the table
 *
 * Called when no packet can reach the table any more: the namespace's
 * devices are gone, or the module is going and the SID hooks are.
 */
void sfp_pipe_net_free(struct sfp_pipe_net *pn)
{
	cancel_delayed_work_sync(&pn->gc);
	rhashtable_free_and_destroy(&pn->flows, sfp_flow_free, NULL);
}

/* Netlink. */

const struct nla_policy sfp_flow_policy[SFCPROXY_FLOW_A_MAX + 1] = {
	[SFCPROXY_FLOW_A_UNSPEC] = { .strict_start_type = SFCPROXY_FLOW_A_SADDR },
	[SFCPROXY_FLOW_A_SADDR] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[SFCPROXY_FLOW_A_DADDR] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[SFCPROXY_FLOW_A_SPORT] = { .type = NLA_U16 },
	[SFCPROXY_FLOW_A_DPORT] = { .type = NLA_U16 },
	[SFCPROXY_FLOW_A_SID] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_SID is read-only" },
	[SFCPROXY_FLOW_A_SID_PREFIX_LEN] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_SID_PREFIX_LEN is read-only" },
	[SFCPROXY_FLOW_A_FUNCTION] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_FUNCTION is read-only" },
	[SFCPROXY_FLOW_A_ARGS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_ARGS is read-only" },
	[SFCPROXY_FLOW_A_SRH] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_SRH is read-only" },
	[SFCPROXY_FLOW_A_RETPATH] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_RETPATH is read-only" },
	[SFCPROXY_FLOW_A_IFINDEX] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_IFINDEX is read-only" },
	[SFCPROXY_FLOW_A_AGE] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_AGE is read-only" },
	[SFCPROXY_FLOW_A_PACKETS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_FLOW_A_PACKETS is read-only" },
	[SFCPROXY_FLOW_A_PAD] = { .type = NLA_REJECT },
};

int sfp_genl_flow_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	static const int need[] = { SFCPROXY_FLOW_A_SADDR, SFCPROXY_FLOW_A_DADDR,
				    SFCPROXY_FLOW_A_SPORT, SFCPROXY_FLOW_A_DPORT };
	struct nlattr **tb = info->attrs;
	struct sfp_flow_key key;
	struct sk_buff *msg;
	struct sfp_flow *f;
	int err, i;

	for (i = 0; i < ARRAY_SIZE(need); i++)
		if (!tb[need[i]]) {
			NL_SET_ERR_MSG(info->extack,
				       "SFCPROXY_FLOW_A_SADDR, _DADDR, _SPORT and _DPORT are required");
			return -EINVAL;
		}
	nla_memcpy(&key.saddr, tb[SFCPROXY_FLOW_A_SADDR], sizeof(key.saddr));
	nla_memcpy(&key.daddr, tb[SFCPROXY_FLOW_A_DADDR], sizeof(key.daddr));
	key.sport = htons(nla_get_u16(tb[SFCPROXY_FLOW_A_SPORT]));
	key.dport = htons(nla_get_u16(tb[SFCPROXY_FLOW_A_DPORT]));

	rcu_read_lock();
	f = rhashtable_lookup(&sfp_pipe_net(genl_info_net(info))->flows, &key,
			      sfp_flow_params);
	if (!f) {
		rcu_read_unlock();
		NL_SET_ERR_MSG(info->extack, "no such End.VNF flow");
		return -ENOENT;
	}
	msg = genlmsg_new(sfp_flow_msg_size(f), GFP_ATOMIC);
	err = msg ? sfp_flow_fill(msg, f, info->snd_portid, info->snd_seq, 0,
				  SFCPROXY_CMD_FLOW_GET) : -ENOMEM;
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the dump's table walker, from start to done */
int sfp_genl_flow_dump_start(struct netlink_callback *cb)
{
	/* lives as long as the dump: the dumping socket's memory cgroup's */
	struct rhashtable_iter *iter = kmalloc(sizeof(*iter), GFP_KERNEL_ACCOUNT);

	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(&sfp_pipe_net(sock_net(cb->skb->sk))->flows, iter);
	cb->args[0] = (long)iter;
	return 0;
}

int sfp_genl_flow_dump_done(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];

	if (iter) {
		rhashtable_walk_exit(iter);
		kfree(iter);
	}
	return 0;
}

int sfp_genl_flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	u32 portid = NETLINK_CB(cb->skb).portid, seq = cb->nlh->nlmsg_seq;
	struct sfp_flow *f;

	rhashtable_walk_start(iter);
	/* peek: a record that does not fit is the next message's first */
	while ((f = rhashtable_walk_peek(iter))) {
		if (IS_ERR(f)) {
			/* resized: the walk starts over in the new table */
			if (PTR_ERR(f) == -EAGAIN)
				continue;
			break;
		}
		if (sfp_flow_fill(skb, f, portid, seq, NLM_F_MULTI,
				  SFCPROXY_CMD_FLOW_GET))
			break;
		rhashtable_walk_next(iter);
	}
	rhashtable_walk_stop(iter);
	return skb->len;
}
