// SPDX-License-Identifier: GPL-2.0
#include "messages.hpp"

#include <array>
#include <cstring>
#include <vector>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "errors.hpp"

namespace sfcproxy {

namespace {

nlmsghdr *put_genl(MsgBuf &buf, uint16_t family, uint8_t cmd, uint8_t version,
		   uint16_t flags, uint32_t seq)
{
	nlmsghdr *nlh = mnl_nlmsg_put_header(buf.data());
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	auto *genl = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh, sizeof(genlmsghdr)));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

nlmsghdr *put_sfcproxy(MsgBuf &buf, uint16_t family, uint8_t cmd, uint16_t flags,
		       uint32_t seq, const std::optional<std::string> &ifname)
{
	nlmsghdr *nlh = put_genl(buf, family, cmd, SFCPROXY_GENL_VERSION, flags, seq);
	if (ifname)
		mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, ifname->c_str());
	return nlh;
}

// A request to one of the per-namespace tables (FWD_*, CLS_*, SID_*):
// a dump, or a do command with plain flags. NLM_F_REPLACE and NLM_F_EXCL
// are the dump bits NLM_F_ROOT and NLM_F_MATCH, which generic netlink
// refuses on a strictly validated do command; replacing is the flag
// attribute `replace_attr` instead, put when `replace` is set.
nlmsghdr *put_table_req(MsgBuf &buf, uint16_t family, uint8_t cmd, uint32_t seq,
			bool dump = false)
{
	return put_genl(buf, family, cmd, SFCPROXY_GENL_VERSION,
			NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK), seq);
}

void put_replace(nlmsghdr *nlh, uint16_t replace_attr, bool replace)
{
	if (replace)
		mnl_attr_put(nlh, replace_attr, 0, nullptr);
}

// The keys of the tables; nothing for a request about the whole table.
nlmsghdr *put_nsh_path(nlmsghdr *nlh, const std::optional<NshPath> &path)
{
	if (path) {
		mnl_attr_put_u32(nlh, SFCPROXY_FWD_A_SPI, path->spi);
		mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_SI, path->si);
	}
	return nlh;
}

nlmsghdr *put_sid_prefix(nlmsghdr *nlh, const std::optional<SidPrefix> &sid)
{
	if (sid) {
		mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sid->addr.size(), sid->addr.data());
		mnl_attr_put_u8(nlh, SFCPROXY_SID_A_PREFIX_LEN, sid->len);
	}
	return nlh;
}

// Only what the match has: an absent attribute is "any" to the kernel and
// part of the rule's identity.
void put_cls_match(nlmsghdr *nlh, const ClsMatch &m)
{
	if (m.family)
		mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_FAMILY, *m.family);
	if (m.src) {
		mnl_attr_put(nlh, SFCPROXY_CLS_A_SRC, m.src->size(), m.src->data());
		mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_SRC_LEN, m.src_len);
	}
	if (m.dst) {
		mnl_attr_put(nlh, SFCPROXY_CLS_A_DST, m.dst->size(), m.dst->data());
		mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_DST_LEN, m.dst_len);
	}
	if (m.proto)
		mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_PROTO, *m.proto);
	if (m.sport)
		mnl_attr_put_u16(nlh, SFCPROXY_CLS_A_SPORT, *m.sport);
	if (m.dport)
		mnl_attr_put_u16(nlh, SFCPROXY_CLS_A_DPORT, *m.dport);
}

// Index attributes by type so each one can be looked up and checked once;
// attributes past the table are newer than this tool and ignored.
class AttrTable {
public:
	explicit AttrTable(unsigned max) : tb_(max + 1, nullptr) {}

	static int collect(const nlattr *attr, void *data)
	{
		auto *self = static_cast<AttrTable *>(data);
		uint16_t type = mnl_attr_get_type(attr);
		if (type < self->tb_.size())
			self->tb_[type] = attr;
		return MNL_CB_OK;
	}

	const nlattr *operator[](unsigned type) const { return tb_[type]; }

private:
	std::vector<const nlattr *> tb_;
};

[[noreturn]] void malformed(const char *what, unsigned type)
{
	throw Error(EXIT_KERNEL, std::string("Error: malformed ") + what +
				 " attribute " + std::to_string(type) + " in kernel reply");
}

void check(const nlattr *a, mnl_attr_data_type t, const char *what)
{
	if (mnl_attr_validate(a, t) < 0)
		malformed(what, mnl_attr_get_type(a));
}

std::optional<uint8_t> opt_u8(const AttrTable &tb, unsigned type, const char *what = "device")
{
	if (!tb[type])
		return std::nullopt;
	check(tb[type], MNL_TYPE_U8, what);
	return mnl_attr_get_u8(tb[type]);
}

std::optional<uint16_t> opt_u16(const AttrTable &tb, unsigned type, const char *what)
{
	if (!tb[type])
		return std::nullopt;
	check(tb[type], MNL_TYPE_U16, what);
	return mnl_attr_get_u16(tb[type]);
}

std::optional<uint32_t> opt_u32(const AttrTable &tb, unsigned type, const char *what = "device")
{
	if (!tb[type])
		return std::nullopt;
	check(tb[type], MNL_TYPE_U32, what);
	return mnl_attr_get_u32(tb[type]);
}

std::string get_string(const nlattr *a, const char *what)
{
	check(a, MNL_TYPE_NUL_STRING, what);
	return mnl_attr_get_str(a);
}

std::vector<uint8_t> get_binary(const nlattr *a)
{
	const auto *p = static_cast<const uint8_t *>(mnl_attr_get_payload(a));
	return {p, p + mnl_attr_get_payload_len(a)};
}

// Counters are u64 by contract; a u32 is accepted as well because
// widening costs nothing and keeps an older module readable.
uint64_t get_counter(const nlattr *a)
{
	switch (mnl_attr_get_payload_len(a)) {
	case sizeof(uint64_t):
		return mnl_attr_get_u64(a);
	case sizeof(uint32_t):
		return mnl_attr_get_u32(a);
	default:
		malformed("statistics", mnl_attr_get_type(a));
	}
}

std::optional<uint64_t> opt_counter(const AttrTable &tb, unsigned type)
{
	if (!tb[type])
		return std::nullopt;
	return get_counter(tb[type]);
}

// Binary attributes whose size the contract fixes (MAC, MD1 context).
template <size_t N>
std::optional<std::array<uint8_t, N>> opt_fixed(const AttrTable &tb, unsigned type,
						 const char *what)
{
	if (!tb[type])
		return std::nullopt;
	if (mnl_attr_get_payload_len(tb[type]) != N)
		malformed(what, type);
	std::array<uint8_t, N> out;
	std::memcpy(out.data(), mnl_attr_get_payload(tb[type]), N);
	return out;
}

// Every child of a nest in order; repeated types (label lists, group
// lists) are the reason AttrTable cannot be used here.
std::vector<const nlattr *> nested_list(const nlattr *nest, const char *what)
{
	std::vector<const nlattr *> out;
	auto cb = [](const nlattr *a, void *data) -> int {
		static_cast<std::vector<const nlattr *> *>(data)->push_back(a);
		return MNL_CB_OK;
	};
	if (mnl_attr_parse_nested(nest, cb, &out) < 0)
		malformed(what, mnl_attr_get_type(nest));
	return out;
}

void parse_nested(const nlattr *nest, AttrTable &tb, const char *what)
{
	if (mnl_attr_parse_nested(nest, AttrTable::collect, &tb) < 0)
		malformed(what, mnl_attr_get_type(nest));
}

void parse_top(const nlmsghdr *nlh, size_t hdrlen, AttrTable &tb)
{
	if (nlh->nlmsg_len < mnl_nlmsg_size(hdrlen))
		throw Error(EXIT_KERNEL, "Error: truncated kernel reply");
	if (mnl_attr_parse(nlh, hdrlen, AttrTable::collect, &tb) < 0)
		throw Error(EXIT_KERNEL, "Error: malformed kernel reply");
}

} // namespace

nlmsghdr *build_get_family(MsgBuf &buf, const std::string &name, uint32_t seq)
{
	nlmsghdr *nlh = put_genl(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
				 NLM_F_REQUEST | NLM_F_ACK, seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name.c_str());
	return nlh;
}

GenlFamily parse_family(const nlmsghdr *nlh)
{
	AttrTable tb(CTRL_ATTR_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	GenlFamily fam;
	if (!tb[CTRL_ATTR_FAMILY_ID])
		throw Error(EXIT_KERNEL, "Error: family reply without an id");
	check(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16, "family");
	fam.id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (auto v = opt_u32(tb, CTRL_ATTR_VERSION, "family"))
		fam.version = *v;

	if (const nlattr *groups = tb[CTRL_ATTR_MCAST_GROUPS]) {
		for (const nlattr *grp : nested_list(groups, "multicast group")) {
			AttrTable g(CTRL_ATTR_MCAST_GRP_MAX);
			parse_nested(grp, g, "multicast group");
			if (!g[CTRL_ATTR_MCAST_GRP_NAME] || !g[CTRL_ATTR_MCAST_GRP_ID])
				continue;
			fam.mcast_groups[get_string(g[CTRL_ATTR_MCAST_GRP_NAME], "multicast group")] =
				*opt_u32(g, CTRL_ATTR_MCAST_GRP_ID, "multicast group");
		}
	}
	return fam;
}

void put_dev_config(nlmsghdr *nlh, const DevConfig &cfg)
{
	if (cfg.encap)
		mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_ENCAP, *cfg.encap);
	if (cfg.labels) {
		nlattr *nest = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_LABELS);
		for (uint32_t label : *cfg.labels)
			mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, label);
		mnl_attr_nest_end(nlh, nest);
	}
	if (cfg.pop)
		mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_POP, *cfg.pop);
	if (cfg.key_mode)
		mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_KEY_MODE, *cfg.key_mode);
	if (cfg.id_mask)
		mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_ID_MASK, *cfg.id_mask);
	if (cfg.cache_size)
		mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_SIZE, *cfg.cache_size);
	if (cfg.cache_timeout)
		mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_TIMEOUT, *cfg.cache_timeout);
	if (cfg.miss)
		mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_MISS, *cfg.miss);
	if (cfg.depth)
		mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_DEPTH, *cfg.depth);
	if (cfg.ttl)
		mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_TTL, *cfg.ttl);
	if (cfg.cache_bytes)
		mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_BYTES, *cfg.cache_bytes);
	if (cfg.egress_ifindex)
		mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_EGRESS_IFINDEX, *cfg.egress_ifindex);
}

nlmsghdr *build_dev_add(MsgBuf &buf, const DevConfig &cfg, uint32_t link_ifindex,
			uint32_t seq)
{
	nlmsghdr *nlh = mnl_nlmsg_put_header(buf.data());
	nlh->nlmsg_type = RTM_NEWLINK;
	// EXCL: an existing device of that name must be an error, never a
	// silent reconfiguration through RTM_CHANGELINK semantics.
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = seq;
	auto *ifi = static_cast<ifinfomsg *>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
	ifi->ifi_family = AF_UNSPEC;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, cfg.name.c_str());
	mnl_attr_put_u32(nlh, IFLA_LINK, link_ifindex);
	nlattr *linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, SFCPROXY_LINK_KIND);
	nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	put_dev_config(nlh, cfg);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nlh;
}

nlmsghdr *build_dellink(MsgBuf &buf, uint32_t ifindex, uint32_t seq)
{
	nlmsghdr *nlh = mnl_nlmsg_put_header(buf.data());
	nlh->nlmsg_type = RTM_DELLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	auto *ifi = static_cast<ifinfomsg *>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = static_cast<int>(ifindex);
	return nlh;
}

nlmsghdr *build_dev_set(MsgBuf &buf, uint16_t family, const DevConfig &cfg, uint32_t seq)
{
	nlmsghdr *nlh = put_sfcproxy(buf, family, SFCPROXY_CMD_DEV_SET,
				     NLM_F_REQUEST | NLM_F_ACK, seq, cfg.name);
	put_dev_config(nlh, cfg);
	return nlh;
}

nlmsghdr *build_dev_get(MsgBuf &buf, uint16_t family,
			const std::optional<std::string> &ifname, uint32_t seq)
{
	uint16_t flags = NLM_F_REQUEST | (ifname ? NLM_F_ACK : NLM_F_DUMP);
	return put_sfcproxy(buf, family, SFCPROXY_CMD_DEV_GET, flags, seq, ifname);
}

nlmsghdr *build_stats_reset(MsgBuf &buf, uint16_t family,
			    const std::optional<std::string> &ifname, uint32_t seq)
{
	return put_sfcproxy(buf, family, SFCPROXY_CMD_STATS_RESET,
			    NLM_F_REQUEST | NLM_F_ACK, seq, ifname);
}

nlmsghdr *build_cache_get(MsgBuf &buf, uint16_t family,
			  const std::optional<std::string> &ifname, uint32_t seq)
{
	return put_sfcproxy(buf, family, SFCPROXY_CMD_CACHE_GET,
			    NLM_F_REQUEST | NLM_F_DUMP, seq, ifname);
}

nlmsghdr *build_cache_flush(MsgBuf &buf, uint16_t family,
			    const std::optional<std::string> &ifname, uint32_t seq)
{
	return put_sfcproxy(buf, family, SFCPROXY_CMD_CACHE_FLUSH,
			    NLM_F_REQUEST | NLM_F_ACK, seq, ifname);
}

nlmsghdr *build_fwd_get(MsgBuf &buf, uint16_t family, const std::optional<NshPath> &path,
			uint32_t seq)
{
	return put_nsh_path(put_table_req(buf, family, SFCPROXY_CMD_FWD_GET, seq, !path), path);
}

nlmsghdr *build_fwd_new(MsgBuf &buf, uint16_t family, const FwdEntry &e, bool replace,
			uint32_t seq)
{
	nlmsghdr *nlh = put_table_req(buf, family, SFCPROXY_CMD_FWD_NEW, seq);
	put_nsh_path(nlh, NshPath{e.spi, e.si});
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, e.action);
	if (e.action != SFCPROXY_FWD_END)
		mnl_attr_put_u32(nlh, SFCPROXY_FWD_A_IFINDEX, e.ifindex);
	if (e.mac)
		mnl_attr_put(nlh, SFCPROXY_FWD_A_MAC, e.mac->size(), e.mac->data());
	put_replace(nlh, SFCPROXY_FWD_A_REPLACE, replace);
	return nlh;
}

nlmsghdr *build_fwd_del(MsgBuf &buf, uint16_t family, const std::optional<NshPath> &path,
			uint32_t seq)
{
	return put_nsh_path(put_table_req(buf, family, SFCPROXY_CMD_FWD_DEL, seq), path);
}

nlmsghdr *build_nsh_stats_get(MsgBuf &buf, uint16_t family, uint32_t seq)
{
	return put_table_req(buf, family, SFCPROXY_CMD_NSH_STATS_GET, seq);
}

nlmsghdr *build_cls_get(MsgBuf &buf, uint16_t family, uint32_t seq)
{
	return put_table_req(buf, family, SFCPROXY_CMD_CLS_GET, seq, true);
}

nlmsghdr *build_cls_new(MsgBuf &buf, uint16_t family, const ClsRule &r, bool replace,
			uint32_t seq)
{
	nlmsghdr *nlh = put_table_req(buf, family, SFCPROXY_CMD_CLS_NEW, seq);
	put_cls_match(nlh, r.match);
	mnl_attr_put_u32(nlh, SFCPROXY_CLS_A_SPI, r.spi);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_SI, r.si);
	if (r.ttl)
		mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_TTL, *r.ttl);
	if (r.md1)
		mnl_attr_put(nlh, SFCPROXY_CLS_A_MD1_CTX, r.md1->size(), r.md1->data());
	// Present but empty is meaningful: MD type 2 without context headers.
	if (r.md2)
		mnl_attr_put(nlh, SFCPROXY_CLS_A_MD2_TLVS, r.md2->size(), r.md2->data());
	put_replace(nlh, SFCPROXY_CLS_A_REPLACE, replace);
	return nlh;
}

nlmsghdr *build_cls_del(MsgBuf &buf, uint16_t family, const ClsMatch &m, uint32_t seq)
{
	nlmsghdr *nlh = put_table_req(buf, family, SFCPROXY_CMD_CLS_DEL, seq);
	put_cls_match(nlh, m);
	return nlh;
}

nlmsghdr *build_sid_get(MsgBuf &buf, uint16_t family, const std::optional<SidPrefix> &sid,
			uint32_t seq)
{
	return put_sid_prefix(put_table_req(buf, family, SFCPROXY_CMD_SID_GET, seq, !sid), sid);
}

nlmsghdr *build_sid_new(MsgBuf &buf, uint16_t family, const SidEntry &e, bool replace,
			uint32_t seq)
{
	nlmsghdr *nlh = put_table_req(buf, family, SFCPROXY_CMD_SID_NEW, seq);
	put_sid_prefix(nlh, e.sid);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_BEHAVIOR, e.behavior);
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_IFINDEX, e.ifindex);
	if (e.src)
		mnl_attr_put(nlh, SFCPROXY_SID_A_SRC, e.src->size(), e.src->data());
	if (!e.segs.empty()) {
		// 16 bytes per segment, concatenated in visit order
		std::vector<uint8_t> segs;
		for (const auto &a : e.segs)
			segs.insert(segs.end(), a.begin(), a.end());
		mnl_attr_put(nlh, SFCPROXY_SID_A_SEGS, segs.size(), segs.data());
	}
	if (e.proto)
		mnl_attr_put_u8(nlh, SFCPROXY_SID_A_PROTO, *e.proto);
	if (e.retpath_tlv)
		mnl_attr_put_u8(nlh, SFCPROXY_SID_A_RETPATH_TLV, *e.retpath_tlv);
	if (e.flow_timeout)
		mnl_attr_put_u32(nlh, SFCPROXY_SID_A_FLOW_TIMEOUT, *e.flow_timeout);
	if (e.flow_limit)
		mnl_attr_put_u32(nlh, SFCPROXY_SID_A_FLOW_LIMIT, *e.flow_limit);
	put_replace(nlh, SFCPROXY_SID_A_REPLACE, replace);
	return nlh;
}

nlmsghdr *build_sid_del(MsgBuf &buf, uint16_t family, const std::optional<SidPrefix> &sid,
			uint32_t seq)
{
	return put_sid_prefix(put_table_req(buf, family, SFCPROXY_CMD_SID_DEL, seq), sid);
}

nlmsghdr *build_flow_get(MsgBuf &buf, uint16_t family, const std::optional<FlowKey> &key,
			 uint32_t seq)
{
	nlmsghdr *nlh = put_table_req(buf, family, SFCPROXY_CMD_FLOW_GET, seq, !key);
	if (key) {
		mnl_attr_put(nlh, SFCPROXY_FLOW_A_SADDR, key->client.size(), key->client.data());
		mnl_attr_put(nlh, SFCPROXY_FLOW_A_DADDR, key->server.size(), key->server.data());
		// host order: the kernel converts them
		mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_SPORT, key->sport);
		mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_DPORT, key->dport);
	}
	return nlh;
}

DevInfo parse_dev_info(const nlmsghdr *nlh)
{
	AttrTable tb(SFCPROXY_DEV_A_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	DevInfo d;
	if (auto v = opt_u32(tb, SFCPROXY_DEV_A_IFINDEX))
		d.ifindex = *v;
	if (tb[SFCPROXY_DEV_A_IFNAME])
		d.name = get_string(tb[SFCPROXY_DEV_A_IFNAME], "device");
	if (auto v = opt_u32(tb, SFCPROXY_DEV_A_LINK))
		d.link = *v;
	d.encap = opt_u8(tb, SFCPROXY_DEV_A_ENCAP);
	if (const nlattr *nest = tb[SFCPROXY_DEV_A_LABELS]) {
		d.labels.emplace();
		for (const nlattr *a : nested_list(nest, "label")) {
			if (mnl_attr_get_type(a) != SFCPROXY_LABEL_A_LABEL)
				continue;
			check(a, MNL_TYPE_U32, "label");
			d.labels->push_back(mnl_attr_get_u32(a));
		}
	}
	d.pop = opt_u8(tb, SFCPROXY_DEV_A_POP);
	d.key_mode = opt_u8(tb, SFCPROXY_DEV_A_KEY_MODE);
	d.id_mask = opt_u32(tb, SFCPROXY_DEV_A_ID_MASK);
	d.cache_size = opt_u32(tb, SFCPROXY_DEV_A_CACHE_SIZE);
	d.cache_timeout = opt_u32(tb, SFCPROXY_DEV_A_CACHE_TIMEOUT);
	d.miss = opt_u8(tb, SFCPROXY_DEV_A_MISS);
	d.depth = opt_u8(tb, SFCPROXY_DEV_A_DEPTH);
	d.ttl = opt_u8(tb, SFCPROXY_DEV_A_TTL);
	d.cache_bytes = opt_u32(tb, SFCPROXY_DEV_A_CACHE_BYTES);
	d.egress_ifindex = opt_u32(tb, SFCPROXY_DEV_A_EGRESS_IFINDEX);

	if (const nlattr *nest = tb[SFCPROXY_DEV_A_STATS]) {
		AttrTable st(SFCPROXY_STATS_A_MAX);
		parse_nested(nest, st, "statistics");
		d.has_stats = true;
		for (const auto &s : stat_names)
			if (st[s.attr])
				d.stats[s.attr] = get_counter(st[s.attr]);
	}
	return d;
}

CacheEntry parse_cache_entry(const nlmsghdr *nlh)
{
	AttrTable tb(SFCPROXY_DEV_A_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	CacheEntry e;
	if (auto v = opt_u32(tb, SFCPROXY_DEV_A_IFINDEX))
		e.ifindex = *v;
	if (tb[SFCPROXY_DEV_A_IFNAME])
		e.ifname = get_string(tb[SFCPROXY_DEV_A_IFNAME], "device");
	if (const nlattr *nest = tb[SFCPROXY_DEV_A_CACHE_ENTRY]) {
		AttrTable c(SFCPROXY_CACHE_A_MAX);
		parse_nested(nest, c, "cache entry");
		if (c[SFCPROXY_CACHE_A_KEY])
			e.key = get_binary(c[SFCPROXY_CACHE_A_KEY]);
		if (c[SFCPROXY_CACHE_A_HEADER])
			e.header = get_binary(c[SFCPROXY_CACHE_A_HEADER]);
		e.key_mode = opt_u8(c, SFCPROXY_CACHE_A_KEY_MODE);
		e.age_ms = opt_u32(c, SFCPROXY_CACHE_A_AGE_MS, "cache entry");
	}
	return e;
}

FwdEntry parse_fwd_entry(const nlmsghdr *nlh)
{
	static const char what[] = "forwarding entry";
	AttrTable tb(SFCPROXY_FWD_A_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	FwdEntry e;
	e.spi = opt_u32(tb, SFCPROXY_FWD_A_SPI, what).value_or(0);
	e.si = opt_u8(tb, SFCPROXY_FWD_A_SI, what).value_or(0);
	e.action = opt_u8(tb, SFCPROXY_FWD_A_ACTION, what).value_or(SFCPROXY_FWD_UNSPEC);
	e.ifindex = opt_u32(tb, SFCPROXY_FWD_A_IFINDEX, what).value_or(0);
	e.mac = opt_fixed<6>(tb, SFCPROXY_FWD_A_MAC, what);
	e.packets = opt_counter(tb, SFCPROXY_FWD_A_PACKETS);
	e.bytes = opt_counter(tb, SFCPROXY_FWD_A_BYTES);
	return e;
}

namespace {

// A prefix address must have the family's size and a length that fits
// it; anything else means the two sides disagree about the contract.
std::optional<std::vector<uint8_t>> get_prefix(const AttrTable &tb, unsigned addr_type,
					       unsigned len_type, uint8_t &len,
					       const std::optional<uint8_t> &family)
{
	static const char what[] = "classifier rule";
	if (!tb[addr_type])
		return std::nullopt;
	std::vector<uint8_t> addr = get_binary(tb[addr_type]);
	size_t want = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	if (addr.size() != want)
		malformed(what, addr_type);
	len = opt_u8(tb, len_type, what).value_or(static_cast<uint8_t>(want * 8));
	if (len > want * 8)
		malformed(what, len_type);
	return addr;
}

} // namespace

ClsRule parse_cls_rule(const nlmsghdr *nlh)
{
	static const char what[] = "classifier rule";
	AttrTable tb(SFCPROXY_CLS_A_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	ClsRule r;
	ClsMatch &m = r.match;
	m.family = opt_u8(tb, SFCPROXY_CLS_A_FAMILY, what);
	m.src = get_prefix(tb, SFCPROXY_CLS_A_SRC, SFCPROXY_CLS_A_SRC_LEN, m.src_len, m.family);
	m.dst = get_prefix(tb, SFCPROXY_CLS_A_DST, SFCPROXY_CLS_A_DST_LEN, m.dst_len, m.family);
	m.proto = opt_u8(tb, SFCPROXY_CLS_A_PROTO, what);
	m.sport = opt_u16(tb, SFCPROXY_CLS_A_SPORT, what);
	m.dport = opt_u16(tb, SFCPROXY_CLS_A_DPORT, what);
	r.spi = opt_u32(tb, SFCPROXY_CLS_A_SPI, what).value_or(0);
	r.si = opt_u8(tb, SFCPROXY_CLS_A_SI, what).value_or(0);
	r.ttl = opt_u8(tb, SFCPROXY_CLS_A_TTL, what);
	r.md1 = opt_fixed<SFCPROXY_NSH_MD1_CTX_LEN>(tb, SFCPROXY_CLS_A_MD1_CTX, what);
	if (tb[SFCPROXY_CLS_A_MD2_TLVS])
		r.md2 = get_binary(tb[SFCPROXY_CLS_A_MD2_TLVS]);
	r.packets = opt_counter(tb, SFCPROXY_CLS_A_PACKETS);
	r.bytes = opt_counter(tb, SFCPROXY_CLS_A_BYTES);
	return r;
}

SidEntry parse_sid_entry(const nlmsghdr *nlh)
{
	static const char what[] = "SID";
	AttrTable tb(SFCPROXY_SID_A_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	SidEntry e;
	e.sid.addr = opt_fixed<16>(tb, SFCPROXY_SID_A_ADDR, what).value_or(Ipv6Addr{});
	e.sid.len = opt_u8(tb, SFCPROXY_SID_A_PREFIX_LEN, what).value_or(128);
	if (e.sid.len < 1 || e.sid.len > 128)
		malformed(what, SFCPROXY_SID_A_PREFIX_LEN);
	e.behavior = opt_u8(tb, SFCPROXY_SID_A_BEHAVIOR, what).value_or(SFCPROXY_SID_UNSPEC);
	e.ifindex = opt_u32(tb, SFCPROXY_SID_A_IFINDEX, what).value_or(0);
	e.src = opt_fixed<16>(tb, SFCPROXY_SID_A_SRC, what);
	if (const nlattr *a = tb[SFCPROXY_SID_A_SEGS]) {
		auto segs = ipv6_list(get_binary(a));
		if (!segs || segs->empty())
			malformed(what, SFCPROXY_SID_A_SEGS);
		e.segs = std::move(*segs);
	}
	e.proto = opt_u8(tb, SFCPROXY_SID_A_PROTO, what);
	e.retpath_tlv = opt_u8(tb, SFCPROXY_SID_A_RETPATH_TLV, what);
	e.flow_timeout = opt_u32(tb, SFCPROXY_SID_A_FLOW_TIMEOUT, what);
	e.flow_limit = opt_u32(tb, SFCPROXY_SID_A_FLOW_LIMIT, what);
	e.packets = opt_counter(tb, SFCPROXY_SID_A_PACKETS);
	e.bytes = opt_counter(tb, SFCPROXY_SID_A_BYTES);
	e.errors = opt_counter(tb, SFCPROXY_SID_A_ERRORS);
	e.flows = opt_counter(tb, SFCPROXY_SID_A_FLOWS);
	e.flows_full = opt_counter(tb, SFCPROXY_SID_A_FLOWS_FULL);
	// how many records there are now, not a count of events: u32 by
	// contract, and nothing older to widen
	e.flows_active = opt_u32(tb, SFCPROXY_SID_A_FLOWS_ACTIVE, what);
	e.flows_half_open = opt_u32(tb, SFCPROXY_SID_A_FLOWS_HALF_OPEN, what);
	e.flows_too_big = opt_counter(tb, SFCPROXY_SID_A_FLOWS_TOO_BIG);
	e.flows_unanswered = opt_counter(tb, SFCPROXY_SID_A_FLOWS_UNANSWERED);
	return e;
}

FlowRecord parse_flow_record(const nlmsghdr *nlh)
{
	static const char what[] = "flow record";
	AttrTable tb(SFCPROXY_FLOW_A_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	FlowRecord f;
	FlowKey &k = f.key;
	k.client = opt_fixed<16>(tb, SFCPROXY_FLOW_A_SADDR, what).value_or(Ipv6Addr{});
	k.server = opt_fixed<16>(tb, SFCPROXY_FLOW_A_DADDR, what).value_or(Ipv6Addr{});
	k.sport = opt_u16(tb, SFCPROXY_FLOW_A_SPORT, what).value_or(0);
	k.dport = opt_u16(tb, SFCPROXY_FLOW_A_DPORT, what).value_or(0);
	f.sid = opt_fixed<16>(tb, SFCPROXY_FLOW_A_SID, what).value_or(Ipv6Addr{});
	f.sid_prefix_len = opt_u8(tb, SFCPROXY_FLOW_A_SID_PREFIX_LEN, what).value_or(0);
	if (f.sid_prefix_len > 128)
		malformed(what, SFCPROXY_FLOW_A_SID_PREFIX_LEN);
	f.function = opt_u16(tb, SFCPROXY_FLOW_A_FUNCTION, what).value_or(0);
	f.args = opt_u32(tb, SFCPROXY_FLOW_A_ARGS, what).value_or(0);
	// Both as they are: the printer decodes what it can and shows the
	// rest raw.
	if (tb[SFCPROXY_FLOW_A_SRH])
		f.srh = get_binary(tb[SFCPROXY_FLOW_A_SRH]);
	if (tb[SFCPROXY_FLOW_A_RETPATH])
		f.retpath = get_binary(tb[SFCPROXY_FLOW_A_RETPATH]);
	f.ifindex = opt_u32(tb, SFCPROXY_FLOW_A_IFINDEX, what).value_or(0);
	f.age_ms = opt_u32(tb, SFCPROXY_FLOW_A_AGE, what).value_or(0);
	f.packets = opt_counter(tb, SFCPROXY_FLOW_A_PACKETS).value_or(0);
	return f;
}

NshStats parse_nsh_stats(const nlmsghdr *nlh)
{
	AttrTable tb(SFCPROXY_FWD_A_MAX);
	parse_top(nlh, sizeof(genlmsghdr), tb);

	NshStats stats;
	if (const nlattr *nest = tb[SFCPROXY_FWD_A_STATS]) {
		AttrTable st(SFCPROXY_NSH_STATS_A_MAX);
		parse_nested(nest, st, "statistics");
		for (const auto &s : nsh_stat_names)
			if (st[s.attr])
				stats[s.attr] = get_counter(st[s.attr]);
	}
	return stats;
}

} // namespace sfcproxy
