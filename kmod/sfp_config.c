// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: proxy device configuration.
 *
 * One policy and one parser serve both ways of configuring a proxy device:
 * IFLA_INFO_DATA on RTM_NEWLINK/RTM_CHANGELINK and SFCPROXY_CMD_DEV_SET on
 * the generic netlink family. Requests are applied to a private copy of the
 * configuration, which the caller publishes only when every attribute was
 * accepted, so a rejected request changes nothing.
 */
#include <linux/netlink.h>
#include <net/netlink.h>

#include "sfp.h"

/**
 * struct sfp_attr_range - accepted values of an integer attribute
 * @min: smallest accepted value
 * @max: largest accepted value
 * @msg: extack message naming the attribute and its range
 */
struct sfp_attr_range {
	u32 min;
	u32 max;
	const char *msg;
};

/*
 * The policy core's own range message ("integer out of range") does not say
 * which attribute was wrong; this table lets one validator name it.
 */
static const struct sfp_attr_range sfp_dev_ranges[SFCPROXY_DEV_A_MAX + 1] = {
	[SFCPROXY_DEV_A_ENCAP] = { SFCPROXY_ENCAP_MPLS, SFCPROXY_ENCAP_MAX,
		"SFCPROXY_DEV_A_ENCAP: unknown encapsulation (1=mpls 2=nsh 3=srv6)" },
	[SFCPROXY_DEV_A_POP] = { 0, SFCPROXY_MAX_DEPTH,
		"SFCPROXY_DEV_A_POP: must be 0..16" },
	[SFCPROXY_DEV_A_KEY_MODE] = { SFCPROXY_KEY_ID, SFCPROXY_KEY_MAX,
		"SFCPROXY_DEV_A_KEY_MODE: unknown key mode (1=id 2=header 3=auto)" },
	[SFCPROXY_DEV_A_ID_MASK] = { 1, U32_MAX,
		"SFCPROXY_DEV_A_ID_MASK: must not be 0" },
	[SFCPROXY_DEV_A_CACHE_SIZE] = { 1, SFCPROXY_CACHE_SIZE_MAX,
		"SFCPROXY_DEV_A_CACHE_SIZE: must be 1..4194304 entries" },
	[SFCPROXY_DEV_A_CACHE_TIMEOUT] = { 1, SFCPROXY_CACHE_TIMEOUT_MAX,
		"SFCPROXY_DEV_A_CACHE_TIMEOUT: must be 1..3600000 ms" },
	[SFCPROXY_DEV_A_MISS] = { SFCPROXY_MISS_DROP, SFCPROXY_MISS_MAX,
		"SFCPROXY_DEV_A_MISS: unknown miss policy (1=drop 2=pass)" },
	[SFCPROXY_DEV_A_DEPTH] = { 1, SFCPROXY_MAX_DEPTH,
		"SFCPROXY_DEV_A_DEPTH: must be 1..16 labels" },
	[SFCPROXY_DEV_A_TTL] = { SFCPROXY_TTL_DEC, SFCPROXY_TTL_MAX,
		"SFCPROXY_DEV_A_TTL: unknown TTL policy (1=dec 2=copy)" },
	[SFCPROXY_DEV_A_CACHE_BYTES] = { 0, U32_MAX, NULL },
};

static u32 sfp_nla_get_uint(const struct nlattr *nla)
{
	return nla_len(nla) == sizeof(u8) ? nla_get_u8(nla) : nla_get_u32(nla);
}

/*
 * Range checks live here rather than in the policy: the policy core's range
 * message does not name the attribute, and on 6.1 a validation function on
 * an integer attribute makes policy dumps (and extack policy reports) warn.
 * The policy still fixes every attribute's type and exact length.
 */
static int sfp_config_check_ranges(struct nlattr *tb[],
				   struct netlink_ext_ack *extack)
{
	const struct sfp_attr_range *r;
	u32 v;
	int i;

	for (i = 0; i <= SFCPROXY_DEV_A_MAX; i++) {
		r = &sfp_dev_ranges[i];
		if (!tb[i] || !r->msg)
			continue;
		v = sfp_nla_get_uint(tb[i]);
		if (v < r->min || v > r->max) {
			/*
			 * NL_SET_ERR_MSG_ATTR() only takes string literals;
			 * the table's messages are static too.
			 */
			if (extack) {
				extack->_msg = r->msg;
				extack->bad_attr = tb[i];
			}
			return -ERANGE;
		}
	}
	return 0;
}

static const struct nla_policy sfp_label_policy[SFCPROXY_LABEL_A_MAX + 1] = {
	[SFCPROXY_LABEL_A_LABEL] = { .type = NLA_U32 },
};

const struct nla_policy sfp_dev_policy[SFCPROXY_DEV_A_MAX + 1] = {
	/* strict length and nesting checks even on rtnetlink's liberal parse */
	[SFCPROXY_DEV_A_UNSPEC] = { .strict_start_type = SFCPROXY_DEV_A_IFINDEX },
	[SFCPROXY_DEV_A_IFINDEX] = { .type = NLA_U32 },
	[SFCPROXY_DEV_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[SFCPROXY_DEV_A_LINK] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_DEV_A_LINK is read-only: set IFLA_LINK at creation" },
	[SFCPROXY_DEV_A_ENCAP] = { .type = NLA_U8 },
	[SFCPROXY_DEV_A_LABELS] = NLA_POLICY_NESTED(sfp_label_policy),
	[SFCPROXY_DEV_A_POP] = { .type = NLA_U8 },
	[SFCPROXY_DEV_A_KEY_MODE] = { .type = NLA_U8 },
	[SFCPROXY_DEV_A_ID_MASK] = { .type = NLA_U32 },
	[SFCPROXY_DEV_A_CACHE_SIZE] = { .type = NLA_U32 },
	[SFCPROXY_DEV_A_CACHE_TIMEOUT] = { .type = NLA_U32 },
	[SFCPROXY_DEV_A_MISS] = { .type = NLA_U8 },
	[SFCPROXY_DEV_A_DEPTH] = { .type = NLA_U8 },
	[SFCPROXY_DEV_A_TTL] = { .type = NLA_U8 },
	[SFCPROXY_DEV_A_CACHE_BYTES] = { .type = NLA_U32 },
	[SFCPROXY_DEV_A_STATS] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_DEV_A_STATS is read-only" },
	[SFCPROXY_DEV_A_CACHE_ENTRY] = { .type = NLA_REJECT,
		.reject_message = "SFCPROXY_DEV_A_CACHE_ENTRY is read-only" },
	[SFCPROXY_DEV_A_PAD] = { .type = NLA_REJECT },
	[SFCPROXY_DEV_A_EGRESS_IFINDEX] = { .type = NLA_U32 },
};

/**
 * sfp_config_init() - fill in the defaults of a new proxy device
 * @cfg: configuration to initialise
 */
void sfp_config_init(struct sfp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->encap = SFCPROXY_ENCAP_MPLS;
	cfg->pop = 1;
	cfg->key_mode = SFCPROXY_KEY_AUTO;
	cfg->miss = SFCPROXY_MISS_DROP;
	cfg->depth = SFCPROXY_MAX_DEPTH;
	cfg->ttl = SFCPROXY_TTL_DEC;
	cfg->id_mask = SFP_DEFAULT_ID_MASK;
	cfg->cache_size = SFP_DEFAULT_CACHE_SIZE;
	cfg->cache_timeout_ms = SFP_DEFAULT_CACHE_TIMEOUT_MS;
}

/*
 * The policy has already checked each label's type and length; the range
 * is checked here so that the message can name it.
 */
static int sfp_config_parse_labels(struct sfp_config *cfg,
				   const struct nlattr *nest,
				   struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	int rem;
	u32 label;

	cfg->n_labels = 0;
	nla_for_each_nested(nla, nest, rem) {
		label = nla_get_u32(nla);
		if (label > SFCPROXY_MPLS_LABEL_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "SFCPROXY_LABEL_A_LABEL: must be 0..1048575");
			return -ERANGE;
		}
		if (cfg->n_labels == SFCPROXY_MAX_LABELS) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "SFCPROXY_DEV_A_LABELS: at most 16 labels");
			return -E2BIG;
		}
		if (sfp_config_has_label(cfg, label)) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "SFCPROXY_DEV_A_LABELS: label given twice");
			return -EINVAL;
		}
		cfg->labels[cfg->n_labels++] = label;
	}
	return 0;
}

/**
 * sfp_config_apply_attrs() - apply configuration attributes to a config
 * @cfg: private copy to change; the caller publishes it on success
 * @tb: attributes parsed with sfp_dev_policy
 * @extack: extended ACK for messages naming the rejected attribute
 *
 * Return: 0, or a negative errno with @extack set; @cfg is then undefined.
 */
int sfp_config_apply_attrs(struct sfp_config *cfg, struct nlattr *tb[],
			   struct netlink_ext_ack *extack)
{
	int err;

	err = sfp_config_check_ranges(tb, extack);
	if (err)
		return err;
	if (tb[SFCPROXY_DEV_A_ENCAP])
		cfg->encap = nla_get_u8(tb[SFCPROXY_DEV_A_ENCAP]);
	if (tb[SFCPROXY_DEV_A_POP])
		cfg->pop = nla_get_u8(tb[SFCPROXY_DEV_A_POP]);
	if (tb[SFCPROXY_DEV_A_KEY_MODE])
		cfg->key_mode = nla_get_u8(tb[SFCPROXY_DEV_A_KEY_MODE]);
	if (tb[SFCPROXY_DEV_A_ID_MASK])
		cfg->id_mask = nla_get_u32(tb[SFCPROXY_DEV_A_ID_MASK]);
	if (tb[SFCPROXY_DEV_A_CACHE_SIZE])
		cfg->cache_size = nla_get_u32(tb[SFCPROXY_DEV_A_CACHE_SIZE]);
	if (tb[SFCPROXY_DEV_A_CACHE_TIMEOUT])
		cfg->cache_timeout_ms =
			nla_get_u32(tb[SFCPROXY_DEV_A_CACHE_TIMEOUT]);
	if (tb[SFCPROXY_DEV_A_MISS])
		cfg->miss = nla_get_u8(tb[SFCPROXY_DEV_A_MISS]);
	if (tb[SFCPROXY_DEV_A_DEPTH])
		cfg->depth = nla_get_u8(tb[SFCPROXY_DEV_A_DEPTH]);
	if (tb[SFCPROXY_DEV_A_TTL])
		cfg->ttl = nla_get_u8(tb[SFCPROXY_DEV_A_TTL]);
	if (tb[SFCPROXY_DEV_A_CACHE_BYTES])
		cfg->cache_bytes = nla_get_u32(tb[SFCPROXY_DEV_A_CACHE_BYTES]);
	if (tb[SFCPROXY_DEV_A_LABELS]) {
		err = sfp_config_parse_labels(cfg, tb[SFCPROXY_DEV_A_LABELS],
					      extack);
		if (err)
			return err;
	}

	/* IDs count up under the mask, so its bits must be one run */
	if (tb[SFCPROXY_DEV_A_ID_MASK] &&
	    ((cfg->id_mask >> __ffs(cfg->id_mask)) &
	     ((cfg->id_mask >> __ffs(cfg->id_mask)) + 1))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SFCPROXY_DEV_A_ID_MASK],
				    "SFCPROXY_DEV_A_ID_MASK: the mask bits must be contiguous");
		return -EINVAL;
	}

	/* Constraints between attributes, checked on the merged result. */
	if (cfg->pop > cfg->depth) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SFCPROXY_DEV_A_POP] ?:
				    tb[SFCPROXY_DEV_A_DEPTH],
				    "SFCPROXY_DEV_A_POP: cannot pop more labels than SFCPROXY_DEV_A_DEPTH accepts");
		return -EINVAL;
	}
	if (cfg->encap != SFCPROXY_ENCAP_MPLS && cfg->n_labels) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SFCPROXY_DEV_A_LABELS] ?:
				    tb[SFCPROXY_DEV_A_ENCAP],
				    "SFCPROXY_DEV_A_LABELS: labels only apply to encap mpls");
		return -EINVAL;
	}
	return 0;
}

/**
 * sfp_config_fill() - put a configuration into a netlink message
 * @skb: message being built
 * @cfg: configuration to report
 *
 * Return: 0 or -EMSGSIZE.
 */
int sfp_config_fill(struct sk_buff *skb, const struct sfp_config *cfg)
{
	struct nlattr *nest;
	int i;

	if (nla_put_u8(skb, SFCPROXY_DEV_A_ENCAP, cfg->encap) ||
	    nla_put_u8(skb, SFCPROXY_DEV_A_POP, cfg->pop) ||
	    nla_put_u8(skb, SFCPROXY_DEV_A_KEY_MODE, cfg->key_mode) ||
	    nla_put_u32(skb, SFCPROXY_DEV_A_ID_MASK, cfg->id_mask) ||
	    nla_put_u32(skb, SFCPROXY_DEV_A_CACHE_SIZE, cfg->cache_size) ||
	    nla_put_u32(skb, SFCPROXY_DEV_A_CACHE_TIMEOUT,
			cfg->cache_timeout_ms) ||
	    nla_put_u8(skb, SFCPROXY_DEV_A_MISS, cfg->miss) ||
	    nla_put_u8(skb, SFCPROXY_DEV_A_DEPTH, cfg->depth) ||
	    nla_put_u8(skb, SFCPROXY_DEV_A_TTL, cfg->ttl) ||
	    nla_put_u32(skb, SFCPROXY_DEV_A_CACHE_BYTES, cfg->cache_bytes))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, SFCPROXY_DEV_A_LABELS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < cfg->n_labels; i++) {
		if (nla_put_u32(skb, SFCPROXY_LABEL_A_LABEL, cfg->labels[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * sfp_config_nlmsg_size() - room sfp_config_fill() needs at most
 *
 * Return: bytes of attributes.
 */
size_t sfp_config_nlmsg_size(void)
{
	return 5 * nla_total_size(sizeof(u8)) +	/* encap pop key miss depth */
	       nla_total_size(sizeof(u8)) +		/* ttl */
	       5 * nla_total_size(sizeof(u32)) +	/* mask size timeout bytes,
							 * and sfp_egress_fill()'s
							 */
	       nla_total_size(0) +			/* labels nest */
	       SFCPROXY_MAX_LABELS * nla_total_size(sizeof(u32));
}
