// SPDX-License-Identifier: GPL-2.0
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "errors.hpp"
#include "messages.hpp"

using namespace sfcproxy;

namespace {

// Attributes of one level, by type; repeated types keep every occurrence
// so label lists can be checked too.
using Attrs = std::multimap<uint16_t, const nlattr *>;

int collect(const nlattr *a, void *data)
{
	static_cast<Attrs *>(data)->emplace(mnl_attr_get_type(a), a);
	return MNL_CB_OK;
}

Attrs top_attrs(const nlmsghdr *nlh, size_t hdrlen)
{
	Attrs out;
	EXPECT_EQ(mnl_attr_parse(nlh, static_cast<unsigned>(hdrlen), collect, &out), MNL_CB_OK);
	return out;
}

Attrs nested(const nlattr *nest)
{
	Attrs out;
	EXPECT_EQ(mnl_attr_parse_nested(nest, collect, &out), MNL_CB_OK);
	return out;
}

const nlattr *one(const Attrs &a, uint16_t type)
{
	EXPECT_EQ(a.count(type), 1u) << "attribute " << type;
	auto it = a.find(type);
	return it == a.end() ? nullptr : it->second;
}

std::vector<uint32_t> labels_of(const nlattr *nest)
{
	std::vector<uint32_t> out;
	for (auto &[type, a] : nested(nest)) {
		EXPECT_EQ(type, SFCPROXY_LABEL_A_LABEL);
		EXPECT_EQ(mnl_attr_get_payload_len(a), 4u);
		out.push_back(mnl_attr_get_u32(a));
	}
	return out;
}

const genlmsghdr *genl_of(const nlmsghdr *nlh)
{
	return static_cast<const genlmsghdr *>(mnl_nlmsg_get_payload(nlh));
}

} // namespace

TEST(Messages, DevAddIsOneAtomicNewlink)
{
	DevConfig cfg;
	cfg.name = "sfp0";
	cfg.link = "eth0";
	cfg.encap = SFCPROXY_ENCAP_MPLS;
	cfg.labels = std::vector<uint32_t>{100, 200};
	cfg.pop = 1;
	cfg.id_mask = 0xffff0000;
	cfg.cache_bytes = 0;

	MsgBuf buf;
	nlmsghdr *nlh = build_dev_add(buf, cfg, 7, 42);
	EXPECT_EQ(nlh->nlmsg_type, RTM_NEWLINK);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	EXPECT_EQ(nlh->nlmsg_seq, 42u);

	const auto *ifi = static_cast<const ifinfomsg *>(mnl_nlmsg_get_payload(nlh));
	EXPECT_EQ(ifi->ifi_index, 0);

	Attrs top = top_attrs(nlh, sizeof(ifinfomsg));
	EXPECT_STREQ(mnl_attr_get_str(one(top, IFLA_IFNAME)), "sfp0");
	EXPECT_EQ(mnl_attr_get_u32(one(top, IFLA_LINK)), 7u);

	Attrs info = nested(one(top, IFLA_LINKINFO));
	EXPECT_STREQ(mnl_attr_get_str(one(info, IFLA_INFO_KIND)), "sfcproxy");
	Attrs data = nested(one(info, IFLA_INFO_DATA));
	EXPECT_EQ(mnl_attr_get_u8(one(data, SFCPROXY_DEV_A_ENCAP)), SFCPROXY_ENCAP_MPLS);
	EXPECT_EQ(labels_of(one(data, SFCPROXY_DEV_A_LABELS)), (std::vector<uint32_t>{100, 200}));
	EXPECT_EQ(mnl_attr_get_u8(one(data, SFCPROXY_DEV_A_POP)), 1);
	EXPECT_EQ(mnl_attr_get_u32(one(data, SFCPROXY_DEV_A_ID_MASK)), 0xffff0000u);
	// Zero is a real value for cache-bytes and must still be sent.
	EXPECT_EQ(mnl_attr_get_u32(one(data, SFCPROXY_DEV_A_CACHE_BYTES)), 0u);
	// Exactly what was given, no more: the kernel applies the defaults.
	EXPECT_EQ(data.size(), 5u);
	EXPECT_EQ(data.count(SFCPROXY_DEV_A_IFNAME), 0u);
}

TEST(Messages, DevSetCarriesNameAndGivenAttributes)
{
	DevConfig cfg;
	cfg.name = "sfp3";
	cfg.cache_size = 128;
	cfg.miss = SFCPROXY_MISS_PASS;
	cfg.key_mode = SFCPROXY_KEY_ID;
	cfg.cache_timeout = 50;
	cfg.depth = 4;
	cfg.ttl = SFCPROXY_TTL_COPY;

	MsgBuf buf;
	nlmsghdr *nlh = build_dev_set(buf, 0x1234, cfg, 9);
	EXPECT_EQ(nlh->nlmsg_type, 0x1234);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_DEV_SET);
	EXPECT_EQ(genl_of(nlh)->version, SFCPROXY_GENL_VERSION);

	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_STREQ(mnl_attr_get_str(one(a, SFCPROXY_DEV_A_IFNAME)), "sfp3");
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_DEV_A_CACHE_SIZE)), 128u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_DEV_A_MISS)), SFCPROXY_MISS_PASS);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_DEV_A_KEY_MODE)), SFCPROXY_KEY_ID);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_DEV_A_CACHE_TIMEOUT)), 50u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_DEV_A_DEPTH)), 4);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_DEV_A_TTL)), SFCPROXY_TTL_COPY);
	EXPECT_EQ(a.size(), 7u);
}

TEST(Messages, LabelNoneIsAnEmptyNest)
{
	DevConfig cfg;
	cfg.name = "sfp0";
	cfg.labels.emplace();
	MsgBuf buf;
	nlmsghdr *nlh = build_dev_set(buf, 20, cfg, 1);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	const nlattr *nest = one(a, SFCPROXY_DEV_A_LABELS);
	ASSERT_NE(nest, nullptr);
	EXPECT_EQ(mnl_attr_get_payload_len(nest), 0u);
	EXPECT_TRUE(mnl_attr_get_type(nest) == SFCPROXY_DEV_A_LABELS);
}

TEST(Messages, GetIsDoitWithNameAndDumpWithout)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_dev_get(buf, 20, std::string("sfp0"), 1);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_DEV_GET);
	EXPECT_STREQ(mnl_attr_get_str(one(top_attrs(nlh, sizeof(genlmsghdr)),
					  SFCPROXY_DEV_A_IFNAME)), "sfp0");

	nlh = build_dev_get(buf, 20, std::nullopt, 2);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());
}

TEST(Messages, StatsAndCacheRequests)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_stats_reset(buf, 20, std::nullopt, 1);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_STATS_RESET);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());

	nlh = build_cache_get(buf, 20, std::string("sfp1"), 1);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_CACHE_GET);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_STREQ(mnl_attr_get_str(one(top_attrs(nlh, sizeof(genlmsghdr)),
					  SFCPROXY_DEV_A_IFNAME)), "sfp1");

	nlh = build_cache_flush(buf, 20, std::string("sfp1"), 1);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_CACHE_FLUSH);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
}

TEST(Messages, Dellink)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_dellink(buf, 17, 3);
	EXPECT_EQ(nlh->nlmsg_type, RTM_DELLINK);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_EQ(static_cast<const ifinfomsg *>(mnl_nlmsg_get_payload(nlh))->ifi_index, 17);
}

TEST(Messages, GetFamily)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_get_family(buf, "sfcproxy", 5);
	EXPECT_EQ(nlh->nlmsg_type, GENL_ID_CTRL);
	EXPECT_EQ(genl_of(nlh)->cmd, CTRL_CMD_GETFAMILY);
	EXPECT_STREQ(mnl_attr_get_str(one(top_attrs(nlh, sizeof(genlmsghdr)),
					  CTRL_ATTR_FAMILY_NAME)), "sfcproxy");
}

namespace {

nlmsghdr *put_reply_header(MsgBuf &buf, uint16_t type, uint8_t cmd)
{
	nlmsghdr *nlh = mnl_nlmsg_put_header(buf.data());
	nlh->nlmsg_type = type;
	auto *g = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh, sizeof(genlmsghdr)));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

} // namespace

TEST(Replies, FamilyWithEventsGroup)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "sfcproxy");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 33);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	nlattr *groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	nlattr *g = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 9);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
	mnl_attr_nest_end(nlh, g);
	mnl_attr_nest_end(nlh, groups);

	GenlFamily f = parse_family(nlh);
	EXPECT_EQ(f.id, 33);
	EXPECT_EQ(f.version, 1u);
	EXPECT_EQ(f.mcast_groups.at("events"), 9u);
}

TEST(Replies, DevGetIntoDevInfo)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_DEV_GET);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_IFINDEX, 12);
	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_LINK, 3);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_ENCAP, SFCPROXY_ENCAP_MPLS);
	nlattr *labels = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_LABELS);
	mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, 100);
	mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, 200);
	mnl_attr_nest_end(nlh, labels);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_POP, 1);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_KEY_MODE, SFCPROXY_KEY_AUTO);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_ID_MASK, 0xffff0000);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 4096);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_TIMEOUT, 1000);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_MISS, SFCPROXY_MISS_DROP);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_DEPTH, 16);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_TTL, SFCPROXY_TTL_DEC);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_BYTES, 0);
	nlattr *stats = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_STATS);
	mnl_attr_put_u64(nlh, SFCPROXY_STATS_A_RX_SUCCESS, 5000000000ULL);
	mnl_attr_put_u64(nlh, SFCPROXY_STATS_A_CACHE_ENTRIES, 7);
	mnl_attr_put_u64(nlh, 99, 1); // a counter from the future
	mnl_attr_nest_end(nlh, stats);
	mnl_attr_put_u32(nlh, 250, 1); // an attribute from the future

	DevInfo d = parse_dev_info(nlh);
	EXPECT_EQ(d.ifindex, 12u);
	EXPECT_EQ(d.name, "sfp0");
	EXPECT_EQ(d.link, 3u);
	EXPECT_EQ(d.encap, SFCPROXY_ENCAP_MPLS);
	EXPECT_EQ(d.labels, (std::vector<uint32_t>{100, 200}));
	EXPECT_EQ(d.pop, 1);
	EXPECT_EQ(d.key_mode, SFCPROXY_KEY_AUTO);
	EXPECT_EQ(d.id_mask, 0xffff0000u);
	EXPECT_EQ(d.cache_size, 4096u);
	EXPECT_EQ(d.cache_timeout, 1000u);
	EXPECT_EQ(d.miss, SFCPROXY_MISS_DROP);
	EXPECT_EQ(d.depth, 16);
	EXPECT_EQ(d.ttl, SFCPROXY_TTL_DEC);
	EXPECT_EQ(d.cache_bytes, 0u);
	EXPECT_TRUE(d.has_stats);
	EXPECT_EQ(d.stats.at(SFCPROXY_STATS_A_RX_SUCCESS), 5000000000ULL);
	EXPECT_EQ(d.stats.at(SFCPROXY_STATS_A_CACHE_ENTRIES), 7u);
	EXPECT_EQ(d.stats.size(), 2u);
}

TEST(Replies, MissingAttributesStayUnset)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_DEV_GET);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_IFINDEX, 4);
	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp9");
	DevInfo d = parse_dev_info(nlh);
	EXPECT_EQ(d.name, "sfp9");
	EXPECT_FALSE(d.encap);
	EXPECT_FALSE(d.labels);
	EXPECT_FALSE(d.has_stats);
}

TEST(Replies, WrongSizedAttributeIsAnError)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_DEV_GET);
	mnl_attr_put_u16(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 4);
	EXPECT_THROW(parse_dev_info(nlh), Error);
}

TEST(Replies, CacheEntry)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_CACHE_GET);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_IFINDEX, 12);
	nlattr *e = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_CACHE_ENTRY);
	const uint8_t key[] = {0x00, 0x01, 0x00, 0x00};
	const uint8_t hdr[] = {0x00, 0x06, 0x41, 0x40};
	mnl_attr_put(nlh, SFCPROXY_CACHE_A_KEY, sizeof(key), key);
	mnl_attr_put_u8(nlh, SFCPROXY_CACHE_A_KEY_MODE, SFCPROXY_KEY_ID);
	mnl_attr_put(nlh, SFCPROXY_CACHE_A_HEADER, sizeof(hdr), hdr);
	mnl_attr_put_u32(nlh, SFCPROXY_CACHE_A_AGE_MS, 12);
	mnl_attr_nest_end(nlh, e);

	CacheEntry c = parse_cache_entry(nlh);
	EXPECT_EQ(c.ifindex, 12u);
	EXPECT_EQ(c.key, std::vector<uint8_t>(key, key + 4));
	EXPECT_EQ(c.header, std::vector<uint8_t>(hdr, hdr + 4));
	EXPECT_EQ(c.key_mode, SFCPROXY_KEY_ID);
	EXPECT_EQ(c.age_ms, 12u);
}
