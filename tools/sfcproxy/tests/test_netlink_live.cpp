// SPDX-License-Identifier: GPL-2.0
//
// Exercises NlSocket against the running kernel with requests every Linux
// answers, no sfcproxy module needed: the receive loop, dump termination,
// sequence checking and extack extraction are otherwise only tested in the
// VM. Skips when netlink is unavailable (e.g. a restricted sandbox).

#include <cerrno>

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "errors.hpp"
#include "messages.hpp"
#include "nlsocket.hpp"

using namespace sfcproxy;

namespace {

std::unique_ptr<NlSocket> open_or_skip(int bus)
{
	try {
		return std::make_unique<NlSocket>(bus);
	} catch (const Error &) {
		return nullptr;
	}
}

// The generic netlink controller, looked up by name like any family.
GenlFamily nlctrl_family(NlSocket &s)
{
	MsgBuf buf;
	GenlFamily fam;
	s.transact(build_get_family(buf, "nlctrl", s.next_seq()),
		   [&](const nlmsghdr *m) { fam = parse_family(m); });
	return fam;
}

} // namespace

TEST(NetlinkLive, DumpEndsAtDone)
{
	auto s = open_or_skip(NETLINK_ROUTE);
	if (!s)
		GTEST_SKIP() << "no netlink";
	MsgBuf buf;
	nlmsghdr *nlh = mnl_nlmsg_put_header(buf.data());
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = s->next_seq();
	auto *ifi = static_cast<ifinfomsg *>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
	ifi->ifi_family = AF_UNSPEC;
	int links = 0;
	s->transact(nlh, [&](const nlmsghdr *m) {
		EXPECT_EQ(m->nlmsg_type, RTM_NEWLINK);
		links++;
	});
	EXPECT_GE(links, 1); // at least lo
}

TEST(NetlinkLive, GenlControllerResolvesItself)
{
	auto s = open_or_skip(NETLINK_GENERIC);
	if (!s)
		GTEST_SKIP() << "no netlink";
	GenlFamily fam = nlctrl_family(*s);
	EXPECT_EQ(fam.id, GENL_ID_CTRL);
	EXPECT_EQ(fam.mcast_groups.count("notify"), 1u);
}

TEST(NetlinkLive, JoinsAMulticastGroup)
{
	// As `monitor` joins the sfcproxy events group: the controller's
	// "notify" group is, like it, open to unprivileged listeners.
	auto s = open_or_skip(NETLINK_GENERIC);
	if (!s)
		GTEST_SKIP() << "no netlink";
	GenlFamily fam = nlctrl_family(*s);
	ASSERT_EQ(fam.mcast_groups.count("notify"), 1u);
	EXPECT_NO_THROW(s->join_group(fam.mcast_groups.at("notify")));
	EXPECT_GE(s->fd(), 0);
	// a group the kernel does not have
	EXPECT_THROW(s->join_group(0xfffffff0u), Error);
}

TEST(NetlinkLive, UnknownFamilyIsEnoent)
{
	auto s = open_or_skip(NETLINK_GENERIC);
	if (!s)
		GTEST_SKIP() << "no netlink";
	MsgBuf buf;
	try {
		s->transact(build_get_family(buf, "nosuchfam", s->next_seq()));
		FAIL() << "expected an error";
	} catch (const KernelError &e) {
		EXPECT_EQ(e.err(), ENOENT);
	}
}

TEST(NetlinkLive, ExtackMessageIsCollected)
{
	auto s = open_or_skip(NETLINK_ROUTE);
	if (!s)
		GTEST_SKIP() << "no netlink";
	// A link kind that cannot exist: rtnetlink refuses it with an extack
	// message (after the permission check, hence the EPERM skip).
	DevConfig cfg;
	cfg.name = "sfcpxtest0";
	MsgBuf buf;
	nlmsghdr *nlh = build_dev_add(buf, cfg, 1, s->next_seq());
	nlattr *info = mnl_attr_next(reinterpret_cast<nlattr *>(
		static_cast<char *>(mnl_nlmsg_get_payload(nlh)) + MNL_ALIGN(sizeof(ifinfomsg))));
	info = mnl_attr_next(info); // IFLA_IFNAME, IFLA_LINK, then IFLA_LINKINFO
	ASSERT_EQ(mnl_attr_get_type(info), IFLA_LINKINFO);
	auto *kind = static_cast<nlattr *>(mnl_attr_get_payload(info));
	ASSERT_EQ(mnl_attr_get_type(kind), IFLA_INFO_KIND);
	static_cast<char *>(mnl_attr_get_payload(kind))[0] = 'x'; // "xfcproxy"
	try {
		s->transact(nlh);
		FAIL() << "expected an error";
	} catch (const KernelError &e) {
		if (e.err() == EPERM)
			GTEST_SKIP() << "needs CAP_NET_ADMIN";
		EXPECT_EQ(e.err(), EOPNOTSUPP);
		EXPECT_EQ(e.extack(), "Unknown device type");
	}
}
