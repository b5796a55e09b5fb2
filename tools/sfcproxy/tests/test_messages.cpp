// SPDX-License-Identifier: GPL-2.0
#include <array>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "errors.hpp"
#include "messages.hpp"
#include "test_util.hpp"

using namespace sfcproxy;
using namespace sfcproxy::test;

namespace {


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
	put_dev_attrs(nlh);
	nlattr *stats = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_STATS);
	mnl_attr_put_u64(nlh, SFCPROXY_STATS_A_RX_SUCCESS, 5000000000ULL);
	mnl_attr_put_u64(nlh, SFCPROXY_STATS_A_CACHE_ENTRIES, 7);
	mnl_attr_put_u64(nlh, SFCPROXY_STATS_A_RX_DUP_LIMIT, 3); // after the pad
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
	EXPECT_EQ(d.stats.at(SFCPROXY_STATS_A_RX_DUP_LIMIT), 3u);
	EXPECT_EQ(d.stats.size(), 3u);
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

namespace {

FwdEntry next_hop_entry()
{
	FwdEntry e;
	e.spi = 100;
	e.si = 254;
	e.action = SFCPROXY_FWD_NEXT_HOP;
	e.dev = "eth0";
	e.ifindex = 3;
	e.mac = std::array<uint8_t, 6>{2, 0, 0, 0, 0, 2};
	return e;
}

// Every attribute of a rule set.
ClsRule sample_rule()
{
	ClsRule r = test::sample_cls_rule();
	r.match.src = std::vector<uint8_t>{192, 0, 2, 0};
	r.match.src_len = 24;
	r.match.sport = 1000;
	r.ttl = 17;
	return r;
}

} // namespace

TEST(NshMessages, FwdNewNextHop)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_fwd_new(buf, 0x1234, next_hop_entry(), false, 11);
	// No NLM_F_CREATE/EXCL/REPLACE: two of them are dump bits, which
	// generic netlink refuses on a strictly validated do command.
	expect_request(nlh, 0x1234, 11, SFCPROXY_CMD_FWD_NEW, NLM_F_REQUEST | NLM_F_ACK);

	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_FWD_A_SPI)), 4u);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_FWD_A_SPI)), 100u);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_FWD_A_SI)), 1u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_FWD_A_SI)), 254);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_FWD_A_ACTION)), 1u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_FWD_A_ACTION)), SFCPROXY_FWD_NEXT_HOP);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_FWD_A_IFINDEX)), 4u);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_FWD_A_IFINDEX)), 3u);
	EXPECT_EQ(payload_of(one(a, SFCPROXY_FWD_A_MAC)), (std::vector<uint8_t>{2, 0, 0, 0, 0, 2}));
	EXPECT_EQ(a.size(), 5u);
}

TEST(NshMessages, FwdReplaceProxyAndEnd)
{
	FwdEntry e;
	e.spi = 7;
	e.si = 255;
	e.action = SFCPROXY_FWD_PROXY;
	e.ifindex = 9;
	MsgBuf buf;
	nlmsghdr *nlh = build_fwd_new(buf, 20, e, true, 1);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_FWD_A_ACTION)), SFCPROXY_FWD_PROXY);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_FWD_A_IFINDEX)), 9u);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_FWD_A_REPLACE)), 0u); // a flag
	EXPECT_EQ(a.count(SFCPROXY_FWD_A_MAC), 0u);
	EXPECT_EQ(a.size(), 5u);

	e.action = SFCPROXY_FWD_END;
	e.ifindex = 0;
	nlh = build_fwd_new(buf, 20, e, false, 2);
	a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_FWD_A_ACTION)), SFCPROXY_FWD_END);
	EXPECT_EQ(a.count(SFCPROXY_FWD_A_IFINDEX), 0u);
	EXPECT_EQ(a.size(), 3u);
}

TEST(NshMessages, FwdGetAndDel)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_fwd_get(buf, 20, NshPath{5, 6}, 1);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_FWD_GET);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_FWD_A_SPI)), 5u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_FWD_A_SI)), 6);
	EXPECT_EQ(a.size(), 2u);

	nlh = build_fwd_get(buf, 20, std::nullopt, 2);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());

	nlh = build_fwd_del(buf, 20, NshPath{0xffffff, 1}, 3);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_FWD_DEL);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_FWD_A_SPI)), 0xffffffu);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_FWD_A_SI)), 1);
	EXPECT_EQ(a.size(), 2u);

	// flush: neither attribute
	nlh = build_fwd_del(buf, 20, std::nullopt, 4);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_FWD_DEL);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());

	nlh = build_nsh_stats_get(buf, 20, 5);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_NSH_STATS_GET);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());
}

TEST(NshMessages, ClsNewCarriesMatchAndAction)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_cls_new(buf, 20, sample_rule(), false, 1);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_CLS_NEW);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_CLS_A_FAMILY)), 1u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_FAMILY)), AF_INET);
	EXPECT_EQ(payload_of(one(a, SFCPROXY_CLS_A_SRC)), (std::vector<uint8_t>{192, 0, 2, 0}));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_SRC_LEN)), 24);
	EXPECT_EQ(payload_of(one(a, SFCPROXY_CLS_A_DST)), (std::vector<uint8_t>{10, 0, 3, 0}));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_DST_LEN)), 24);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_PROTO)), IPPROTO_UDP);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_CLS_A_SPORT)), 2u);
	EXPECT_EQ(mnl_attr_get_u16(one(a, SFCPROXY_CLS_A_SPORT)), 1000);
	EXPECT_EQ(mnl_attr_get_u16(one(a, SFCPROXY_CLS_A_DPORT)), 5001);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_CLS_A_SPI)), 4u);
	EXPECT_EQ(mnl_attr_get_u32(one(a, SFCPROXY_CLS_A_SPI)), 100u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_SI)), 255);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_TTL)), 17);
	EXPECT_EQ(payload_of(one(a, SFCPROXY_CLS_A_MD2_TLVS)),
		  (std::vector<uint8_t>{0x01, 0x00, 0x01, 0x03, 0xc0, 0xff, 0xee, 0x00}));
	EXPECT_EQ(a.count(SFCPROXY_CLS_A_MD1_CTX), 0u);
	EXPECT_EQ(a.count(SFCPROXY_CLS_A_REPLACE), 0u);
	EXPECT_EQ(a.size(), 12u);
}

TEST(NshMessages, ClsNewMinimalAndMetadata)
{
	ClsRule r;
	r.spi = 1;
	r.si = 2;
	MsgBuf buf;
	nlmsghdr *nlh = build_cls_new(buf, 20, r, true, 1);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	// No match attribute at all: "any" is absence, and the kernel
	// applies the TTL and metadata defaults.
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_CLS_A_REPLACE)), 0u);
	EXPECT_EQ(a.size(), 3u);

	r.md1 = std::array<uint8_t, 16>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	nlh = build_cls_new(buf, 20, r, false, 2);
	a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(payload_of(one(a, SFCPROXY_CLS_A_MD1_CTX)),
		  std::vector<uint8_t>(r.md1->begin(), r.md1->end()));

	// MD type 2 without context headers is an empty attribute, not none.
	r.md1.reset();
	r.md2.emplace();
	nlh = build_cls_new(buf, 20, r, false, 3);
	a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_CLS_A_MD2_TLVS)), 0u);
}

TEST(NshMessages, ClsGetAndDel)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_cls_get(buf, 20, 1);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_CLS_GET);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());

	ClsMatch m;
	m.family = AF_INET6;
	m.dst = std::vector<uint8_t>(16, 0);
	m.dst_len = 0;
	m.proto = IPPROTO_TCP;
	m.dport = 443;
	nlh = build_cls_del(buf, 20, m, 2);
	EXPECT_EQ(genl_of(nlh)->cmd, SFCPROXY_CMD_CLS_DEL);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	Attrs a = top_attrs(nlh, sizeof(genlmsghdr));
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_FAMILY)), AF_INET6);
	EXPECT_EQ(mnl_attr_get_payload_len(one(a, SFCPROXY_CLS_A_DST)), 16u);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_DST_LEN)), 0);
	EXPECT_EQ(mnl_attr_get_u8(one(a, SFCPROXY_CLS_A_PROTO)), IPPROTO_TCP);
	EXPECT_EQ(mnl_attr_get_u16(one(a, SFCPROXY_CLS_A_DPORT)), 443);
	EXPECT_EQ(a.size(), 5u);

	// flush
	nlh = build_cls_del(buf, 20, ClsMatch{}, 3);
	EXPECT_TRUE(top_attrs(nlh, sizeof(genlmsghdr)).empty());
}

TEST(NshReplies, FwdEntry)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_FWD_GET);
	mnl_attr_put_u32(nlh, SFCPROXY_FWD_A_SPI, 100);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_SI, 254);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_NEXT_HOP);
	mnl_attr_put_u32(nlh, SFCPROXY_FWD_A_IFINDEX, 3);
	const uint8_t mac[] = {2, 0, 0, 0, 0, 2};
	mnl_attr_put(nlh, SFCPROXY_FWD_A_MAC, sizeof(mac), mac);
	mnl_attr_put_u64(nlh, SFCPROXY_FWD_A_PACKETS, 10);
	mnl_attr_put_u64(nlh, SFCPROXY_FWD_A_BYTES, 5000000000ULL);
	mnl_attr_put_u32(nlh, 200, 1); // from the future

	FwdEntry e = parse_fwd_entry(nlh);
	EXPECT_EQ(e.spi, 100u);
	EXPECT_EQ(e.si, 254);
	EXPECT_EQ(e.action, SFCPROXY_FWD_NEXT_HOP);
	EXPECT_EQ(e.ifindex, 3u);
	EXPECT_TRUE(e.dev.empty()); // resolved by the caller
	EXPECT_EQ(e.mac, (std::array<uint8_t, 6>{2, 0, 0, 0, 0, 2}));
	EXPECT_EQ(e.packets, 10u);
	EXPECT_EQ(e.bytes, 5000000000ULL);
}

TEST(NshReplies, FwdEntryEndWithoutCounters)
{
	FwdEntry end;
	end.spi = 1;
	end.si = 252;
	end.action = SFCPROXY_FWD_END;
	MsgBuf req;
	FwdEntry e = parse_reply(SFCPROXY_CMD_FWD_GET, parse_fwd_entry, [&](nlmsghdr *n) {
		copy_attrs(n, build_fwd_new(req, 33, end, false, 1));
	});
	EXPECT_EQ(e, end);
	EXPECT_EQ(e.ifindex, 0u);
	EXPECT_FALSE(e.mac);
	EXPECT_FALSE(e.packets);
	EXPECT_FALSE(e.bytes);
}

TEST(NshReplies, FwdWrongSizes)
{
	auto with = [](auto put) { return parse_reply(SFCPROXY_CMD_FWD_GET, parse_fwd_entry, put); };
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_FWD_A_SPI, 1); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_FWD_A_SI, 1); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_FWD_A_ACTION, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u8(n, SFCPROXY_FWD_A_IFINDEX, 1); }),
		     Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_FWD_A_MAC, 1); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_FWD_A_PACKETS, 1); }),
		     Error);
	try {
		with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_FWD_A_MAC, 1); });
		ADD_FAILURE() << "no error";
	} catch (const Error &e) {
		EXPECT_EQ(e.exit_code(), EXIT_KERNEL);
		EXPECT_STREQ(e.what(), "Error: malformed forwarding entry attribute 5 in kernel reply");
	}
	// A u32 counter from an older module widens.
	EXPECT_EQ(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_FWD_A_BYTES, 7); }).bytes, 7u);
}

TEST(NshReplies, ClsRule)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_CLS_GET);
	ClsRule want = sample_rule();
	// What the kernel reports is what the tool would send, plus counters.
	MsgBuf req;
	copy_attrs(nlh, build_cls_new(req, 33, want, false, 1));
	mnl_attr_put_u64(nlh, SFCPROXY_CLS_A_PACKETS, 3);
	mnl_attr_put_u64(nlh, SFCPROXY_CLS_A_BYTES, 300);
	mnl_attr_put_u8(nlh, 222, 1); // from the future

	ClsRule r = parse_cls_rule(nlh);
	EXPECT_EQ(r.match, want.match);
	EXPECT_TRUE(r.same_action(want));
	EXPECT_EQ(r.md2, want.md2);
	EXPECT_EQ(r.packets, 3u);
	EXPECT_EQ(r.bytes, 300u);
}

TEST(NshReplies, ClsRuleIpv6AndMd1)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_CLS_GET);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_FAMILY, AF_INET6);
	std::vector<uint8_t> addr(16, 0);
	addr[0] = 0x20;
	mnl_attr_put(nlh, SFCPROXY_CLS_A_DST, addr.size(), addr.data());
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_DST_LEN, 8);
	mnl_attr_put_u32(nlh, SFCPROXY_CLS_A_SPI, 5);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_SI, 9);
	std::array<uint8_t, 16> ctx{};
	ctx[15] = 1;
	mnl_attr_put(nlh, SFCPROXY_CLS_A_MD1_CTX, ctx.size(), ctx.data());

	ClsRule r = parse_cls_rule(nlh);
	EXPECT_EQ(r.match.family, AF_INET6);
	EXPECT_EQ(r.match.dst, addr);
	EXPECT_EQ(r.match.dst_len, 8);
	EXPECT_FALSE(r.match.src);
	EXPECT_FALSE(r.match.proto);
	EXPECT_EQ(r.spi, 5u);
	EXPECT_EQ(r.si, 9);
	EXPECT_FALSE(r.ttl);
	EXPECT_EQ(r.md1, ctx);
	EXPECT_FALSE(r.md2);
	EXPECT_FALSE(r.packets);
}

TEST(NshReplies, ClsWrongSizes)
{
	auto with = [](auto put) { return parse_reply(SFCPROXY_CMD_CLS_GET, parse_cls_rule, put); };
	const uint8_t v4[] = {10, 0, 0, 0};
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_CLS_A_SPI, 1); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_CLS_A_SPORT, 1); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u16(n, SFCPROXY_CLS_A_TTL, 1); }), Error);
	EXPECT_THROW(with([](nlmsghdr *n) { mnl_attr_put_u32(n, SFCPROXY_CLS_A_MD1_CTX, 1); }),
		     Error);
	// an address that does not fit the family, or no family at all
	EXPECT_THROW(with([&](nlmsghdr *n) {
			     mnl_attr_put_u8(n, SFCPROXY_CLS_A_FAMILY, AF_INET6);
			     mnl_attr_put(n, SFCPROXY_CLS_A_SRC, sizeof(v4), v4);
		     }),
		     Error);
	EXPECT_THROW(with([&](nlmsghdr *n) { mnl_attr_put(n, SFCPROXY_CLS_A_DST, sizeof(v4), v4); }),
		     Error);
	// a prefix length longer than the address
	EXPECT_THROW(with([&](nlmsghdr *n) {
			     mnl_attr_put_u8(n, SFCPROXY_CLS_A_FAMILY, AF_INET);
			     mnl_attr_put(n, SFCPROXY_CLS_A_SRC, sizeof(v4), v4);
			     mnl_attr_put_u8(n, SFCPROXY_CLS_A_SRC_LEN, 33);
		     }),
		     Error);
	// the address without its length is the whole address
	ClsRule r = with([&](nlmsghdr *n) {
		mnl_attr_put_u8(n, SFCPROXY_CLS_A_FAMILY, AF_INET);
		mnl_attr_put(n, SFCPROXY_CLS_A_SRC, sizeof(v4), v4);
	});
	EXPECT_EQ(r.match.src_len, 32);
}

TEST(NshReplies, NshStats)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, SFCPROXY_CMD_NSH_STATS_GET);
	nlattr *st = mnl_attr_nest_start(nlh, SFCPROXY_FWD_A_STATS);
	mnl_attr_put_u64(nlh, SFCPROXY_NSH_STATS_A_RX_MALFORMED, 1);
	mnl_attr_put_u64(nlh, SFCPROXY_NSH_STATS_A_NO_PATH, 5000000000ULL);
	mnl_attr_put_u64(nlh, SFCPROXY_NSH_STATS_A_CLASSIFIED, 12);
	mnl_attr_put_u64(nlh, 77, 1); // a counter from the future
	mnl_attr_nest_end(nlh, st);

	NshStats s = parse_nsh_stats(nlh);
	EXPECT_EQ(s.size(), 3u);
	EXPECT_EQ(s.at(SFCPROXY_NSH_STATS_A_RX_MALFORMED), 1u);
	EXPECT_EQ(s.at(SFCPROXY_NSH_STATS_A_NO_PATH), 5000000000ULL);
	EXPECT_EQ(s.at(SFCPROXY_NSH_STATS_A_CLASSIFIED), 12u);

	MsgBuf bad;
	nlh = put_reply_header(bad, 33, SFCPROXY_CMD_NSH_STATS_GET);
	st = mnl_attr_nest_start(nlh, SFCPROXY_FWD_A_STATS);
	mnl_attr_put_u16(nlh, SFCPROXY_NSH_STATS_A_NO_ROUTE, 1);
	mnl_attr_nest_end(nlh, st);
	EXPECT_THROW(parse_nsh_stats(nlh), Error);

	nlh = put_reply_header(bad, 33, SFCPROXY_CMD_NSH_STATS_GET);
	EXPECT_TRUE(parse_nsh_stats(nlh).empty());
}
