// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the NSH classifier.
 *
 * A namespace's rules look at the IPv4 and IPv6 packets arriving there
 * (netfilter PRE_ROUTING, after defragmentation so that ports are always
 * there to match, before connection tracking, which a packet that leaves as
 * NSH has no use for). The first rule that matches pushes its NSH header,
 * built once when the rule was added, and hands the packet to the
 * forwarding table (sfp_fwd.c): NF_STOLEN. Packets no rule matches,
 * every packet arriving on a proxy device (the function's own input, which
 * has been classified already) and every packet that has just left its
 * chain at this node (sfp_route_input()), continue untouched.
 *
 * The hooks are registered only while the namespace has rules, so a
 * namespace without rules pays nothing.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/socket.h>
#include <asm/unaligned.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "sfp.h"
#include "sfp_nsh_pkt.h"
#include "sfp_proxy.h"

#define SFP_CLS_HAS_PROTO	BIT(0)
#define SFP_CLS_HAS_SPORT	BIT(1)
#define SFP_CLS_HAS_DPORT	BIT(2)

/**
 * struct sfp_cls_match - what a rule matches; also what identifies it
 * @family: AF_INET, AF_INET6, or 0 for both
 * @src: source prefix (IPv4 in the first word), bits past @src_len zero
 * @dst: destination prefix, likewise
 * @src_len: source prefix length, 0 matches any
 * @dst_len: destination prefix length, 0 matches any
 * @has: SFP_CLS_HAS_* bits, which of the fields below are set
 * @proto: IP protocol
 * @sport: source port, network order
 * @dport: destination port, network order
 */
struct sfp_cls_match {
	u8 family;
	struct in6_addr src;
	struct in6_addr dst;
	u8 src_len;
	u8 dst_len;
	u8 has;
	u8 proto;
	__be16 sport;
	__be16 dport;
};

/**
 * struct sfp_cls_rule - one classifier rule
 * @node: entry in the namespace's rule list
 * @m: the match
 * @spi: reported back as configured
 * @si: likewise
 * @ttl: likewise
 * @md1: MD type 1 context, when @md_type is 1
 * @md_type: SFP_NSH_MD_TYPE1 or SFP_NSH_MD_TYPE2
 * @stats: per-CPU packets and bytes
 * @rcu: frees the rule after readers left
 * @hdr_len: bytes in @hdr
 * @hdr: the NSH to push; its next protocol byte is set per packet
 */
struct sfp_cls_rule {
	struct list_head node;
	struct sfp_cls_match m;
	u32 spi;
	u8 si;
	u8 ttl;
	u8 md_type;
	struct sfp_pcpu_tally __percpu *stats;
	struct rcu_head rcu;
	u8 hdr_len;
	u8 hdr[SFP_NSH_MAX_HDR];
};

static struct sfp_nsh_net *sfp_cls_net(const struct net *net)
{
	return &sfp_net(net)->nsh;
}

/* Does @addr (4 or 16 bytes) fall in the prefix @pfx/@len? */
static bool sfp_cls_prefix(const void *addr, const struct in6_addr *pfx,
			   unsigned int len)
{
	const __be32 *a = addr, *p = pfx->s6_addr32;
	unsigned int i;

	for (i = 0; len >= 32; i++, len -= 32)
		if (a[i] != p[i])
			return false;
	return !len || !((a[i] ^ p[i]) & htonl(~0U << (32 - len)));
}

/* Header fields of one packet, as the rules see them. */
struct sfp_cls_pkt {
	u8 family;
	const void *saddr;
	const void *daddr;
	u8 proto;
	bool has_ports;
	__be16 sport;
	__be16 dport;
};

static bool sfp_cls_match(const struct sfp_cls_match *m,
			  const struct sfp_cls_pkt *p)
{
	if (m->family && m->family != p->family)
		return false;
	if (m->src_len && !sfp_cls_prefix(p->saddr, &m->src, m->src_len))
		return false;
	if (m->dst_len && !sfp_cls_prefix(p->daddr, &m->dst, m->dst_len))
		return false;
	if ((m->has & SFP_CLS_HAS_PROTO) && m->proto != p->proto)
		return false;
	if ((m->has & (SFP_CLS_HAS_SPORT | SFP_CLS_HAS_DPORT)) &&
	    !p->has_ports)
		return false;
	if ((m->has & SFP_CLS_HAS_SPORT) && m->sport != p->sport)
		return false;
	if ((m->has & SFP_CLS_HAS_DPORT) && m->dport != p->dport)
		return false;
	return true;
}

/* Read what the rules look at; false for a packet too short to tell. */
static bool sfp_cls_parse(struct sk_buff *skb, u8 family,
			  struct sfp_cls_pkt *p)
{
	unsigned int l4;

	p->family = family;
	p->has_ports = false;
	if (family == AF_INET) {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return false;
		iph = ip_hdr(skb);
		p->proto = iph->protocol;
		l4 = iph->ihl * 4;
		/* ports only in a first (or the only) fragment */
		if (iph->frag_off & htons(IP_OFFSET))
			l4 = 0;
	} else {
		const struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, sizeof(*ip6h)))
			return false;
		ip6h = ipv6_hdr(skb);
		p->proto = ip6h->nexthdr;
		l4 = sizeof(*ip6h);
	}
	if (l4 && (p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP ||
		   p->proto == IPPROTO_SCTP) &&
	    pskb_may_pull(skb, l4 + 4)) {
		const __be16 *ports = (const __be16 *)(skb->data + l4);

		p->sport = ports[0];
		p->dport = ports[1];
		p->has_ports = true;
	}
	/* after the pulls, which may have moved the header */
	if (family == AF_INET) {
		p->saddr = &ip_hdr(skb)->saddr;
		p->daddr = &ip_hdr(skb)->daddr;
	} else {
		p->saddr = &ipv6_hdr(skb)->saddr;
		p->daddr = &ipv6_hdr(skb)->daddr;
	}
	return true;
}

/* Push @rule's NSH onto one packet and forward it; consumes @skb. */
static void sfp_cls_encap(struct net *net, const struct sfp_cls_rule *rule,
			  struct sk_buff *skb, u8 family)
{
	u8 *nsh;

	sfp_tally_add(rule->stats, skb->len);

	if (skb_cow_head(skb, rule->hdr_len + LL_MAX_HEADER)) {
		sfp_nsh_stat_inc(net, SFP_NSH_STAT_NO_ROUTE);
		kfree_skb(skb);
		return;
	}
	nsh = skb_push(skb, rule->hdr_len);
	memcpy(nsh, rule->hdr, rule->hdr_len);
	nsh[3] = family == AF_INET ? SFP_NSH_NP_IPV4 : SFP_NSH_NP_IPV6;
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_NSH);
	sfp_nsh_stat_inc(net, SFP_NSH_STAT_CLASSIFIED);
	sfp_fwd_dispatch(net, skb, sfp_nsh_path_key(rule->spi, rule->si),
			 false);
}

struct sfp_cls_seg_ctx {
	struct net *net;
	const struct sfp_cls_rule *rule;
	u8 family;
};

static void sfp_cls_encap_seg(void *arg, struct sk_buff *seg)
{
	struct sfp_cls_seg_ctx *ctx = arg;

	sfp_cls_encap(ctx->net, ctx->rule, seg, ctx->family);
}

static unsigned int sfp_cls_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct sfp_nsh_net *nn = sfp_cls_net(state->net);
	const struct sfp_cls_rule *rule;
	struct sfp_cls_seg_ctx ctx;
	struct sfp_cls_pkt p;

	/* a packet leaving its chain here is not to start another one */
	if (sfp_is_proxy(state->in) || sfp_route_is_reentry(state) ||
	    !sfp_cls_parse(skb, state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6,
			   &p))
		return NF_ACCEPT;
	list_for_each_entry_rcu(rule, &nn->rules, node) {
		if (!sfp_cls_match(&rule->m, &p))
			continue;
		if (!skb_is_gso(skb)) {
			sfp_cls_encap(state->net, rule, skb, p.family);
			return NF_STOLEN;
		}
		/* NSH goes on each packet, not on a super-packet */
		ctx.net = state->net;
		ctx.rule = rule;
		ctx.family = p.family;
		skb->mac_len = 0;
		if (!sfp_proxy_segment(skb, sfp_cls_encap_seg, &ctx))
			sfp_nsh_stat_inc(state->net, SFP_NSH_STAT_NO_ROUTE);
		return NF_STOLEN;
	}
	return NF_ACCEPT;
}

static const struct nf_hook_ops sfp_cls_hook_ops[] = {
	{
		.hook = sfp_cls_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_RAW,
	},
	{
		.hook = sfp_cls_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_RAW,
	},
};

static void sfp_cls_free_rcu(struct rcu_head *head)
{
	struct sfp_cls_rule *rule = container_of(head, struct sfp_cls_rule,
						 rcu);

	free_percpu(rule->stats);
	kfree(rule);
}

/* Under RTNL: hooks follow whether there are rules. */
static void sfp_cls_hooks_update(struct net *net)
{
	struct sfp_nsh_net *nn = sfp_cls_net(net);
	bool want = !list_empty(&nn->rules);

	if (want == nn->hooks_on)
		return;
	if (want) {
		if (nf_register_net_hooks(net, sfp_cls_hook_ops,
					  ARRAY_SIZE(sfp_cls_hook_ops)))
			return;
	} else {
		nf_unregister_net_hooks(net, sfp_cls_hook_ops,
					ARRAY_SIZE(sfp_cls_hook_ops));
	}
	nn->hooks_on = want;
}

/* Under RTNL: the hooks before a rule goes in, so that a failure changes nothing. */
static int sfp_cls_hooks_enable(struct net *net)
{
	struct sfp_nsh_net *nn = sfp_cls_net(net);
	int err;

	if (nn->hooks_on)
		return 0;
	err = nf_register_net_hooks(net, sfp_cls_hook_ops,
				    ARRAY_SIZE(sfp_cls_hook_ops));
	if (!err)
		nn->hooks_on = true;
	return err;
}

static void sfp_cls_remove(struct sfp_nsh_net *nn, struct sfp_cls_rule *rule)
{
	nn->n_rules--;
	list_del_rcu(&rule->node);
	call_rcu(&rule->rcu, sfp_cls_free_rcu);
}

static void sfp_cls_flush(struct net *net)
{
	struct sfp_nsh_net *nn = sfp_cls_net(net);
	struct sfp_cls_rule *rule, *tmp;

	list_for_each_entry_safe(rule, tmp, &nn->rules, node)
		sfp_cls_remove(nn, rule);
	sfp_cls_hooks_update(net);
}

/**
 * sfp_cls_net_exit() - remove a dying namespace's rules and hooks
 * @net: the namespace
 *
 * Called under RTNL.
 */
void sfp_cls_net_exit(struct net *net)
{
	sfp_cls_flush(net);
}

/* Netlink. */

const struct nla_policy sfp_cls_policy[SFCPROXY_CLS_A_MAX + 1] = {
	[SFCPROXY_CLS_A_UNSPEC] = { .strict_start_type = SFCPROXY_CLS_A_FAMILY },
	[SFCPROXY_CLS_A_FAMILY] = { .type = NLA_U8 },
	[SFCPROXY_CLS_A_SRC] = { .type = NLA_BINARY,
				 .len = sizeof(struct in6_addr) },
	[SFCPROXY_CLS_A_SRC_LEN] = { .type = NLA_U8 },
	[SFCPROXY_CLS_A_DST] = { .type = NLA_BINARY,
				 .len = sizeof(struct in6_addr) },
	[SFCPROXY_CLS_A_DST_LEN] = { .type = NLA_U8 },
	[SFCPROXY_CLS_A_PROTO] = { .type = NLA_U8 },
	[SFCPROXY_CLS_A_SPORT] = { .type = NLA_U16 },
	[SFCPROXY_CLS_A_DPORT] = { .type = NLA_U16 },
	[SFCPROXY_CLS_A_SPI] = { .type = NLA_U32 },
	[SFCPROXY_CLS_A_SI] = { .type = NLA_U8 },
	[SFCPROXY_CLS_A_TTL] = { .type = NLA_U8 },
	[SFCPROXY_CLS_A_MD1_CTX] = { .type = NLA_BINARY,
				     .len = SFCPROXY_NSH_MD1_CTX_LEN },
	[SFCPROXY_CLS_A_MD2_TLVS] = { .type = NLA_BINARY,
				      .len = SFCPROXY_NSH_MD2_MAX },
	[SFCPROXY_CLS_A_PACKETS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_CLS_A_PACKETS is read-only" },
	[SFCPROXY_CLS_A_BYTES] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_CLS_A_BYTES is read-only" },
	[SFCPROXY_CLS_A_PAD] = { .type = NLA_REJECT },
	[SFCPROXY_CLS_A_REPLACE] = { .type = NLA_FLAG },
};

/* A prefix attribute pair into @addr/@len; the family decides the size. */
static int sfp_cls_req_prefix(struct genl_info *info, int addr_attr,
			      int len_attr, u8 family, struct in6_addr *addr,
			      u8 *len)
{
	struct nlattr *a = info->attrs[addr_attr], *l = info->attrs[len_attr];
	unsigned int alen = family == AF_INET ? 4 : 16;
	struct in6_addr masked;

	if (!a && !l)
		return 0;
	if (!a || !l || !family) {
		NL_SET_ERR_MSG_ATTR(info->extack, a ?: l,
				    "SFCPROXY_CLS_A_SRC/DST need their _LEN and SFCPROXY_CLS_A_FAMILY");
		return -EINVAL;
	}
	if (nla_len(a) != alen || nla_get_u8(l) > alen * 8) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_CLS_A_SRC/DST: address size or prefix length does not fit the family");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(a), alen);
	*len = nla_get_u8(l);
	masked = *addr;
	ipv6_addr_prefix(&masked, addr, *len);
	if (!*len || memcmp(&masked, addr, sizeof(masked))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "SFCPROXY_CLS_A_SRC/DST: host bits set past the prefix length, or length 0");
		return -EINVAL;
	}
	return 0;
}

static int sfp_cls_req_match(struct genl_info *info, struct sfp_cls_match *m)
{
	struct nlattr **tb = info->attrs;
	int err;

	memset(m, 0, sizeof(*m));
	if (tb[SFCPROXY_CLS_A_FAMILY]) {
		m->family = nla_get_u8(tb[SFCPROXY_CLS_A_FAMILY]);
		if (m->family != AF_INET && m->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_CLS_A_FAMILY],
					    "SFCPROXY_CLS_A_FAMILY: must be AF_INET or AF_INET6");
			return -EAFNOSUPPORT;
		}
	}
	err = sfp_cls_req_prefix(info, SFCPROXY_CLS_A_SRC,
				 SFCPROXY_CLS_A_SRC_LEN, m->family, &m->src,
				 &m->src_len);
	if (!err)
		err = sfp_cls_req_prefix(info, SFCPROXY_CLS_A_DST,
					 SFCPROXY_CLS_A_DST_LEN, m->family,
					 &m->dst, &m->dst_len);
	if (err)
		return err;
	if (tb[SFCPROXY_CLS_A_PROTO] && nla_get_u8(tb[SFCPROXY_CLS_A_PROTO])) {
		m->proto = nla_get_u8(tb[SFCPROXY_CLS_A_PROTO]);
		m->has |= SFP_CLS_HAS_PROTO;
	}
	if (tb[SFCPROXY_CLS_A_SPORT]) {
		m->sport = htons(nla_get_u16(tb[SFCPROXY_CLS_A_SPORT]));
		m->has |= SFP_CLS_HAS_SPORT;
	}
	if (tb[SFCPROXY_CLS_A_DPORT]) {
		m->dport = htons(nla_get_u16(tb[SFCPROXY_CLS_A_DPORT]));
		m->has |= SFP_CLS_HAS_DPORT;
	}
	if ((m->has & (SFP_CLS_HAS_SPORT | SFP_CLS_HAS_DPORT)) &&
	    !(m->proto == IPPROTO_TCP || m->proto == IPPROTO_UDP ||
	      m->proto == IPPROTO_SCTP)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_CLS_A_SPORT] ?:
				    tb[SFCPROXY_CLS_A_DPORT],
				    "SFCPROXY_CLS_A_SPORT/DPORT need SFCPROXY_CLS_A_PROTO tcp, udp or sctp");
		return -EINVAL;
	}
	return 0;
}

/* Split MD type 2 wire-format context headers for sfp_nsh_build(). */
static int sfp_cls_req_tlvs(struct genl_info *info, const struct nlattr *a,
			    struct sfp_nsh_tlv *tlv, unsigned int *n)
{
	const u8 *p = nla_data(a);
	unsigned int len = nla_len(a), off = 0, vlen;

	*n = 0;
	while (off < len) {
		if (len - off < SFP_NSH_TLV_HDR_LEN)
			goto bad;
		vlen = p[off + 3] & 0x7f;
		if (p[off + 3] & 0x80 ||
		    off + SFP_NSH_TLV_HDR_LEN + ALIGN(vlen, 4) > len)
			goto bad;
		tlv[*n].md_class = get_unaligned_be16(p + off);
		tlv[*n].type = p[off + 2];
		tlv[*n].len = vlen;
		tlv[*n].value = p + off + SFP_NSH_TLV_HDR_LEN;
		(*n)++;
		off += SFP_NSH_TLV_HDR_LEN + ALIGN(vlen, 4);
	}
	return 0;
bad:
	NL_SET_ERR_MSG_ATTR(info->extack, a,
			    "SFCPROXY_CLS_A_MD2_TLVS: context headers do not tile the attribute (class, type, length, padded value)");
	return -EINVAL;
}

/* The action half of a request: the NSH the rule will push. */
static int sfp_cls_req_action(struct genl_info *info, struct sfp_cls_rule *r)
{
	/* every context header takes at least 4 bytes */
	struct sfp_nsh_tlv tlv[SFCPROXY_NSH_MD2_MAX / SFP_NSH_TLV_HDR_LEN];
	struct nlattr **tb = info->attrs;
	struct sfp_nsh_spec spec = {};
	int i, len;

	if (!tb[SFCPROXY_CLS_A_SPI] || !tb[SFCPROXY_CLS_A_SI]) {
		NL_SET_ERR_MSG(info->extack,
			       "SFCPROXY_CLS_A_SPI and SFCPROXY_CLS_A_SI are required");
		return -EINVAL;
	}
	spec.spi = nla_get_u32(tb[SFCPROXY_CLS_A_SPI]);
	if (spec.spi > SFCPROXY_NSH_SPI_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_CLS_A_SPI],
				    "SFCPROXY_CLS_A_SPI: must be 0..16777215");
		return -ERANGE;
	}
	spec.si = nla_get_u8(tb[SFCPROXY_CLS_A_SI]);
	if (!spec.si) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_CLS_A_SI],
				    "SFCPROXY_CLS_A_SI: must be 1..255");
		return -ERANGE;
	}
	spec.ttl = SFP_NSH_TTL_DEFAULT;
	if (tb[SFCPROXY_CLS_A_TTL]) {
		spec.ttl = nla_get_u8(tb[SFCPROXY_CLS_A_TTL]);
		if (!spec.ttl || spec.ttl > SFCPROXY_NSH_TTL_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_CLS_A_TTL],
					    "SFCPROXY_CLS_A_TTL: must be 1..63");
			return -ERANGE;
		}
	}
	spec.next_proto = SFP_NSH_NP_IPV4;	/* set per packet */
	spec.md_type = SFP_NSH_MD_TYPE1;
	if (tb[SFCPROXY_CLS_A_MD1_CTX] && tb[SFCPROXY_CLS_A_MD2_TLVS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_CLS_A_MD2_TLVS],
				    "SFCPROXY_CLS_A_MD1_CTX and SFCPROXY_CLS_A_MD2_TLVS exclude each other");
		return -EINVAL;
	}
	if (tb[SFCPROXY_CLS_A_MD1_CTX]) {
		const u8 *ctx = nla_data(tb[SFCPROXY_CLS_A_MD1_CTX]);

		if (nla_len(tb[SFCPROXY_CLS_A_MD1_CTX]) != SFCPROXY_NSH_MD1_CTX_LEN) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[SFCPROXY_CLS_A_MD1_CTX],
					    "SFCPROXY_CLS_A_MD1_CTX: must be 16 bytes");
			return -EINVAL;
		}
		for (i = 0; i < SFP_NSH_MD1_CTX_WORDS; i++)
			spec.md1_ctx[i] = get_unaligned_be32(ctx + 4 * i);
	}
	if (tb[SFCPROXY_CLS_A_MD2_TLVS]) {
		int err = sfp_cls_req_tlvs(info, tb[SFCPROXY_CLS_A_MD2_TLVS],
					   tlv, &spec.n_tlv);

		if (err)
			return err;
		spec.md_type = SFP_NSH_MD_TYPE2;
		spec.tlv = tlv;
	}
	len = sfp_nsh_build(r->hdr, sizeof(r->hdr), &spec);
	if (len < 0) {
		NL_SET_ERR_MSG(info->extack,
			       "the NSH header these attributes describe cannot be built");
		return len;
	}
	r->hdr_len = len;
	r->spi = spec.spi;
	r->si = spec.si;
	r->ttl = spec.ttl;
	r->md_type = spec.md_type;
	return 0;
}

static bool sfp_cls_has_match_attr(struct nlattr **tb)
{
	return tb[SFCPROXY_CLS_A_FAMILY] || tb[SFCPROXY_CLS_A_SRC] ||
	       tb[SFCPROXY_CLS_A_SRC_LEN] || tb[SFCPROXY_CLS_A_DST] ||
	       tb[SFCPROXY_CLS_A_DST_LEN] || tb[SFCPROXY_CLS_A_PROTO] ||
	       tb[SFCPROXY_CLS_A_SPORT] || tb[SFCPROXY_CLS_A_DPORT];
}

static struct sfp_cls_rule *sfp_cls_find(struct sfp_nsh_net *nn,
					 const struct sfp_cls_match *m)
{
	struct sfp_cls_rule *rule;

	list_for_each_entry(rule, &nn->rules, node)
		if (!memcmp(&rule->m, m, sizeof(*m)))
			return rule;
	return NULL;
}

int sfp_genl_cls_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sfp_nsh_net *nn = sfp_cls_net(net);
	struct sfp_cls_rule *rule, *old;
	int err;

	rule = kzalloc(sizeof(*rule), GFP_KERNEL_ACCOUNT);
	if (!rule)
		return -ENOMEM;
	err = sfp_cls_req_match(info, &rule->m) ?:
	      sfp_cls_req_action(info, rule);
	if (err)
		goto err_free;
	rule->stats = sfp_tally_alloc();
	if (!rule->stats) {
		err = -ENOMEM;
		goto err_free;
	}

	rtnl_lock();
	old = sfp_cls_find(nn, &rule->m);
	if (old && !nla_get_flag(info->attrs[SFCPROXY_CLS_A_REPLACE])) {
		rtnl_unlock();
		NL_SET_ERR_MSG(info->extack,
			       "a classifier rule with this match exists (SFCPROXY_CLS_A_REPLACE replaces it)");
		err = -EEXIST;
		goto err_free;
	}
	/* every packet walks the rules in order: they are few, and capped */
	if (!old && nn->n_rules >= READ_ONCE(sfp_max_cls_rules)) {
		rtnl_unlock();
		NL_SET_ERR_MSG(info->extack,
			       "too many classifier rules in this network namespace (limit: module parameter max_cls_rules, default 4096)");
		err = -ENOSPC;
		goto err_free;
	}
	/* what can fail comes first: the old rule stays until then */
	err = sfp_cls_hooks_enable(net);
	if (err) {
		rtnl_unlock();
		NL_SET_ERR_MSG(info->extack, "cannot register the classifier's netfilter hooks");
		goto err_free;
	}
	if (old) {
		list_replace_rcu(&old->node, &rule->node);
		call_rcu(&old->rcu, sfp_cls_free_rcu);
	} else {
		list_add_tail_rcu(&rule->node, &nn->rules);
		nn->n_rules++;
	}
	rtnl_unlock();
	return 0;

err_free:
	free_percpu(rule->stats);
	kfree(rule);
	return err;
}

int sfp_genl_cls_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sfp_cls_match m;
	struct sfp_cls_rule *rule;
	int err;

	if (!sfp_cls_has_match_attr(info->attrs)) {
		rtnl_lock();
		sfp_cls_flush(net);
		rtnl_unlock();
		return 0;
	}
	err = sfp_cls_req_match(info, &m);
	if (err)
		return err;
	rtnl_lock();
	rule = sfp_cls_find(sfp_cls_net(net), &m);
	if (rule) {
		sfp_cls_remove(sfp_cls_net(net), rule);
		sfp_cls_hooks_update(net);
	}
	rtnl_unlock();
	if (!rule) {
		NL_SET_ERR_MSG(info->extack, "no classifier rule with this match");
		return -ENOENT;
	}
	return 0;
}

static int sfp_cls_put_prefix(struct sk_buff *skb, const struct sfp_cls_match *m,
			      int addr_attr, int len_attr,
			      const struct in6_addr *a, u8 len)
{
	if (!len)
		return 0;
	return nla_put(skb, addr_attr, m->family == AF_INET ? 4 : 16, a) ||
	       nla_put_u8(skb, len_attr, len);
}

static int sfp_cls_fill(struct sk_buff *skb, const struct sfp_cls_rule *r,
			u32 portid, u32 seq)
{
	const struct sfp_cls_match *m = &r->m;
	void *hdr;

	hdr = sfp_genl_put(skb, portid, seq, NLM_F_MULTI, SFCPROXY_CMD_CLS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if ((m->family && nla_put_u8(skb, SFCPROXY_CLS_A_FAMILY, m->family)) ||
	    sfp_cls_put_prefix(skb, m, SFCPROXY_CLS_A_SRC,
			       SFCPROXY_CLS_A_SRC_LEN, &m->src, m->src_len) ||
	    sfp_cls_put_prefix(skb, m, SFCPROXY_CLS_A_DST,
			       SFCPROXY_CLS_A_DST_LEN, &m->dst, m->dst_len) ||
	    ((m->has & SFP_CLS_HAS_PROTO) &&
	     nla_put_u8(skb, SFCPROXY_CLS_A_PROTO, m->proto)) ||
	    ((m->has & SFP_CLS_HAS_SPORT) &&
	     nla_put_u16(skb, SFCPROXY_CLS_A_SPORT, ntohs(m->sport))) ||
	    ((m->has & SFP_CLS_HAS_DPORT) &&
	     nla_put_u16(skb, SFCPROXY_CLS_A_DPORT, ntohs(m->dport))) ||
	    nla_put_u32(skb, SFCPROXY_CLS_A_SPI, r->spi) ||
	    nla_put_u8(skb, SFCPROXY_CLS_A_SI, r->si) ||
	    nla_put_u8(skb, SFCPROXY_CLS_A_TTL, r->ttl) ||
	    (r->md_type == SFP_NSH_MD_TYPE1 &&
	     nla_put(skb, SFCPROXY_CLS_A_MD1_CTX, SFCPROXY_NSH_MD1_CTX_LEN,
		     r->hdr + SFP_NSH_BASE_LEN)) ||
	    (r->md_type == SFP_NSH_MD_TYPE2 &&
	     nla_put(skb, SFCPROXY_CLS_A_MD2_TLVS,
		     r->hdr_len - SFP_NSH_BASE_LEN, r->hdr + SFP_NSH_BASE_LEN)) ||
	    sfp_nla_put_tally(skb, r->stats, SFCPROXY_CLS_A_PACKETS,
			      SFCPROXY_CLS_A_BYTES, SFCPROXY_CLS_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: rules already sent */
int sfp_genl_cls_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sfp_nsh_net *nn = sfp_cls_net(sock_net(skb->sk));
	struct sfp_cls_rule *rule;
	long idx = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(rule, &nn->rules, node) {
		if (idx++ < cb->args[0])
			continue;
		if (sfp_cls_fill(skb, rule, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq)) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	return skb->len;
}
