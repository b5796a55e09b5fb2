// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy netlink contract tests: strict policies, extack messages that
 * name the attribute, admin-only changes, all-or-nothing updates, dumps that
 * resume. Runs as root in the test VM with sfcproxy.ko loaded; every test
 * works in a network namespace of its own, so nothing leaks between tests
 * even when one fails half way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/sfcproxy.h>

#include "kselftest_harness.h"

/* A netlink socket plus what the last request's ACK said. */
struct nl {
	struct mnl_socket *sk;
	unsigned int seq;
	int family;		/* genl family id, 0 for NETLINK_ROUTE */
	char extack[256];
	int dump_msgs;
	int recvs;		/* datagrams the last request took */
	void *priv;		/* for the data callback of nl_talk() */
	char buf[1 << 16];
};

static int nl_open(struct nl *nl, int bus)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(bus);
	if (!nl->sk)
		return -errno;
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->seq = time(NULL);
	return 0;
}

static int nl_err_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct nl *nl = data;
	const struct nlattr *a;
	unsigned int off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(a, nlh, off) {
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
				snprintf(nl->extack, sizeof(nl->extack), "%s",
					 mnl_attr_get_str(a));
		}
	}
	errno = -e->error;
	return e->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int nl_done_cb(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_STOP;
}

static int nl_count_cb(const struct nlmsghdr *nlh, void *data)
{
	((struct nl *)data)->dump_msgs++;
	return MNL_CB_OK;
}

/* Send one request and read until its ACK/DONE; returns 0 or -errno. */
static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb)
{
	/* a control array replaces libmnl's defaults, DONE included */
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = nl_err_cb,
		[NLMSG_DONE] = nl_done_cb,
	};
	unsigned int portid = mnl_socket_get_portid(nl->sk);
	int ret;

	nl->extack[0] = '\0';
	nl->dump_msgs = 0;
	nl->recvs = 0;
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ret = mnl_socket_recvfrom(nl->sk, nl->buf, sizeof(nl->buf));
		if (ret <= 0)
			return -errno;
		nl->recvs++;
		ret = mnl_cb_run2(nl->buf, ret, nl->seq, portid, cb ?: nl_count_cb,
				  nl, ctl, NLMSG_MIN_TYPE);
	} while (ret == MNL_CB_OK);
	return ret < 0 ? -errno : 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			((struct nl *)data)->family = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int genl_open(struct nl *nl)
{
	char req[256];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int err = nl_open(nl, NETLINK_GENERIC);

	if (err)
		return err;
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SFCPROXY_GENL_NAME);
	err = nl_talk(nl, nlh, family_cb);
	return err ?: (nl->family ? 0 : -ENOENT);
}

static struct nlmsghdr *genl_req(struct nl *nl, char *buf, int cmd, int flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = SFCPROXY_GENL_VERSION;
	return nlh;
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* RTM_NEWLINK of a proxy device on top of `lower`. */
static int link_add(struct nl *rt, const char *name, const char *lower,
		    void (*data)(struct nlmsghdr *nlh))
{
	char req[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct nlattr *li, *d;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_LINK, if_nametoindex(lower));
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, SFCPROXY_LINK_KIND);
	if (data) {
		d = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		data(nlh);
		mnl_attr_nest_end(nlh, d);
	}
	mnl_attr_nest_end(nlh, li);
	return nl_talk(rt, nlh, NULL);
}

/*
 * Run @fn in a child that dropped every capability (uid/gid nobody) while
 * staying in this namespace, with a genl socket of its own. Returns @fn's
 * result (0 for success), or 10/11 when the child could not get there.
 */
static int as_nobody(int (*fn)(struct nl *g))
{
	struct nl unpriv;
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(10);
		if (genl_open(&unpriv))
			_exit(11);
		_exit(fn(&unpriv));
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* 0 when every one of @cmds is refused with EPERM, else 20 + its index */
static int all_eperm(struct nl *g, const int *cmds, unsigned int n)
{
	char req[512];
	unsigned int i;

	for (i = 0; i < n; i++)
		if (nl_talk(g, genl_req(g, req, cmds[i], 0), NULL) != -EPERM)
			return 20 + i;
	return 0;
}

FIXTURE(genl) {
	struct nl g;
	struct nl rt;
};

/* Each test gets a fresh namespace with a veth pair and one proxy. */
FIXTURE_SETUP(genl)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, sh("ip link set lo up && ip link add veth0 type veth peer name veth1 && ip link set veth0 up"));
	ASSERT_EQ(0, nl_open(&self->rt, NETLINK_ROUTE));
	ASSERT_EQ(0, genl_open(&self->g));
	ASSERT_EQ(0, link_add(&self->rt, "sfp0", "veth0", NULL)) {
		TH_LOG("newlink: %s", self->rt.extack);
	}
}

FIXTURE_TEARDOWN(genl)
{
	/* the namespace, and with it every device, dies with the process */
	mnl_socket_close(self->g.sk);
	mnl_socket_close(self->rt.sk);
}

static void put_cache_size_zero(struct nlmsghdr *nlh)
{
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 0);
}

static void put_big_label(struct nlmsghdr *nlh)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_LABELS);

	mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, SFCPROXY_MPLS_LABEL_MAX + 1);
	mnl_attr_nest_end(nlh, n);
}

static void put_bad_encap(struct nlmsghdr *nlh)
{
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_ENCAP, SFCPROXY_ENCAP_MAX + 1);
}

/* Values from the one DEV_GET reply a test asked for. */
struct dev_view {
	unsigned int cache_size, n_labels, link;
	int encap, stats;
};

static int dev_view_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dev_view *v = ((struct nl *)data)->priv;
	struct nlattr *a, *l;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case SFCPROXY_DEV_A_CACHE_SIZE:
			v->cache_size = mnl_attr_get_u32(a);
			break;
		case SFCPROXY_DEV_A_ENCAP:
			v->encap = mnl_attr_get_u8(a);
			break;
		case SFCPROXY_DEV_A_LINK:
			v->link = mnl_attr_get_u32(a);
			break;
		case SFCPROXY_DEV_A_STATS:
			mnl_attr_for_each_nested(l, a)
				v->stats++;
			break;
		case SFCPROXY_DEV_A_LABELS:
			mnl_attr_for_each_nested(l, a)
				v->n_labels++;
			break;
		}
	}
	return MNL_CB_OK;
}

static int dev_get(struct nl *g, const char *name, struct dev_view *v)
{
	char req[256];
	struct nlmsghdr *nlh = genl_req(g, req, SFCPROXY_CMD_DEV_GET, 0);

	memset(v, 0, sizeof(*v));
	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, name);
	g->priv = v;
	return nl_talk(g, nlh, dev_view_cb);
}

TEST_F(genl, defaults_reported)
{
	struct dev_view v;

	ASSERT_EQ(0, dev_get(&self->g, "sfp0", &v));
	EXPECT_EQ(SFCPROXY_ENCAP_MPLS, v.encap);
	EXPECT_EQ(4096, v.cache_size);
	EXPECT_EQ(if_nametoindex("veth0"), v.link);
	/* every counter and gauge: all but UNSPEC and PAD (no pad on x86) */
	EXPECT_EQ(SFCPROXY_STATS_A_MAX - 1, v.stats);
}

TEST_F(genl, newlink_cache_size_zero_named_and_nothing_created)
{
	EXPECT_EQ(-ERANGE, link_add(&self->rt, "sfp1", "veth0",
				    put_cache_size_zero));
	EXPECT_NE(NULL, strstr(self->rt.extack, "SFCPROXY_DEV_A_CACHE_SIZE"));
	EXPECT_EQ(0, if_nametoindex("sfp1"));
}

TEST_F(genl, newlink_label_out_of_range_named)
{
	EXPECT_EQ(-ERANGE, link_add(&self->rt, "sfp1", "veth0", put_big_label));
	EXPECT_NE(NULL, strstr(self->rt.extack, "SFCPROXY_LABEL_A_LABEL"));
	EXPECT_EQ(0, if_nametoindex("sfp1"));
}

TEST_F(genl, newlink_bad_encap_named)
{
	EXPECT_EQ(-ERANGE, link_add(&self->rt, "sfp1", "veth0", put_bad_encap));
	EXPECT_NE(NULL, strstr(self->rt.extack, "SFCPROXY_DEV_A_ENCAP"));
}

TEST_F(genl, newlink_duplicate_name_refused)
{
	EXPECT_EQ(-EEXIST, link_add(&self->rt, "sfp0", "veth0", NULL));
}

TEST_F(genl, newlink_without_lower_refused)
{
	char req[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct nlattr *li;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "sfp1");
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, SFCPROXY_LINK_KIND);
	mnl_attr_nest_end(nlh, li);
	EXPECT_EQ(-EINVAL, nl_talk(&self->rt, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->rt.extack, "IFLA_LINK"));
}

TEST_F(genl, lower_must_be_ethernet)
{
	EXPECT_EQ(-EINVAL, link_add(&self->rt, "sfp1", "lo", NULL));
	EXPECT_NE(NULL, strstr(self->rt.extack, "Ethernet"));
	EXPECT_EQ(-EINVAL, link_add(&self->rt, "sfp1", "sfp0", NULL));
}

TEST_F(genl, set_is_all_or_nothing)
{
	char req[512];
	struct nlmsghdr *nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_SET, 0);
	struct dev_view v;

	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 100);
	/* valid by itself, but pop 5 > depth 2 makes the whole request fail */
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_DEPTH, 2);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_POP, 5);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_DEV_A_POP"));
	ASSERT_EQ(0, dev_get(&self->g, "sfp0", &v));
	EXPECT_EQ(4096, v.cache_size);
}

TEST_F(genl, set_applies)
{
	char req[512];
	struct nlmsghdr *nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_SET, 0);
	struct dev_view v;
	struct nlattr *n;

	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 100);
	n = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_LABELS);
	mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, 100);
	mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, 1048575);
	mnl_attr_nest_end(nlh, n);
	ASSERT_EQ(0, nl_talk(&self->g, nlh, NULL)) {
		TH_LOG("set: %s", self->g.extack);
	}
	ASSERT_EQ(0, dev_get(&self->g, "sfp0", &v));
	EXPECT_EQ(100, v.cache_size);
	EXPECT_EQ(2, v.n_labels);
}

TEST_F(genl, labels_unique_per_lower)
{
	char req[512];
	struct nlmsghdr *nlh;
	struct nlattr *n;
	int i;

	ASSERT_EQ(0, link_add(&self->rt, "sfp1", "veth0", NULL));
	for (i = 0; i < 2; i++) {
		nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_SET, 0);
		mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, i ? "sfp1" : "sfp0");
		n = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_LABELS);
		mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, 700);
		mnl_attr_nest_end(nlh, n);
		EXPECT_EQ(i ? -EADDRINUSE : 0, nl_talk(&self->g, nlh, NULL));
	}
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_DEV_A_LABELS"));
}

TEST_F(genl, read_only_attribute_rejected)
{
	char req[512];
	struct nlmsghdr *nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_SET, 0);

	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_LINK, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_DEV_A_LINK"));
}

TEST_F(genl, unknown_attribute_rejected)
{
	char req[512];
	struct nlmsghdr *nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_SET, 0);

	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_MAX + 5, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
}

TEST_F(genl, wrong_length_rejected)
{
	char req[512];
	struct nlmsghdr *nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_SET, 0);

	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	mnl_attr_put_u16(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 7);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
}

TEST_F(genl, not_a_proxy_device)
{
	char req[512];
	struct nlmsghdr *nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_GET, 0);

	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "veth0");
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "not an sfcproxy device"));
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_GET, 0);
	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "nosuch0");
	EXPECT_EQ(-ENODEV, nl_talk(&self->g, nlh, NULL));
}

static int unpriv_dev_set(struct nl *g)
{
	char req[512];
	struct nlmsghdr *nlh;

	nlh = genl_req(g, req, SFCPROXY_CMD_DEV_SET, 0);
	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 5);
	return nl_talk(g, nlh, NULL) == -EPERM ? 0 : 12;
}

TEST_F(genl, set_needs_cap_net_admin)
{
	struct dev_view v;

	EXPECT_EQ(0, as_nobody(unpriv_dev_set));
	ASSERT_EQ(0, dev_get(&self->g, "sfp0", &v));
	EXPECT_EQ(4096, v.cache_size);
}

/* ~300 bytes a device: 200 devices cannot fit in one dump datagram */
TEST_F_TIMEOUT(genl, dump_resumes_over_many_messages, 300)
{
	char req[256], name[IFNAMSIZ];
	struct nlmsghdr *nlh;
	int i, n = 200;

	for (i = 1; i < n; i++) {
		snprintf(name, sizeof(name), "sfp%d", i);
		ASSERT_EQ(0, link_add(&self->rt, name, "veth0", NULL));
	}
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_DEV_GET, NLM_F_DUMP);
	ASSERT_EQ(0, nl_talk(&self->g, nlh, NULL));
	EXPECT_EQ(n, self->g.dump_msgs);
	EXPECT_LT(2, self->g.recvs);
}

TEST_F(genl, stats_reset_named_and_all)
{
	char req[256];
	struct nlmsghdr *nlh = genl_req(&self->g, req, SFCPROXY_CMD_STATS_RESET, 0);

	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, "sfp0");
	EXPECT_EQ(0, nl_talk(&self->g, nlh, NULL));
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_STATS_RESET, 0);
	EXPECT_EQ(0, nl_talk(&self->g, nlh, NULL));
}

TEST_F(genl, lower_delete_removes_proxies)
{
	ASSERT_EQ(0, link_add(&self->rt, "sfp1", "veth0", NULL));
	ASSERT_EQ(0, sh("ip link del veth0"));
	EXPECT_EQ(0, if_nametoindex("sfp0"));
	EXPECT_EQ(0, if_nametoindex("sfp1"));
}

/* NSH forwarding table and classifier: their own attribute spaces. */

static struct nlmsghdr *fwd_req(struct nl *g, char *buf, int cmd, int flags,
				uint32_t spi, uint8_t si)
{
	struct nlmsghdr *nlh = genl_req(g, buf, cmd, flags);

	mnl_attr_put_u32(nlh, SFCPROXY_FWD_A_SPI, spi);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_SI, si);
	return nlh;
}

TEST_F(genl, fwd_entry_checks_name_attributes)
{
	char req[512];
	struct nlmsghdr *nlh;

	/* a next hop without a MAC */
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 10, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_NEXT_HOP);
	mnl_attr_put_u32(nlh, SFCPROXY_FWD_A_IFINDEX, if_nametoindex("veth0"));
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_FWD_A_MAC"));
	/* SPI beyond 24 bits */
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 1 << 24, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_END);
	EXPECT_EQ(-ERANGE, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_FWD_A_SPI"));
	/* SI 0 */
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 10, 0);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_END);
	EXPECT_EQ(-ERANGE, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_FWD_A_SI"));
	/* a proxy entry must name a proxy of encap nsh (sfp0 is mpls) */
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 10, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_PROXY);
	mnl_attr_put_u32(nlh, SFCPROXY_FWD_A_IFINDEX, if_nametoindex("sfp0"));
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "encap nsh"));
	/* read-only counters */
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 10, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_END);
	mnl_attr_put_u64(nlh, SFCPROXY_FWD_A_PACKETS, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_FWD_A_PACKETS"));
}

TEST_F(genl, fwd_add_exists_replace_del)
{
	char req[512];
	struct nlmsghdr *nlh;

	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 10, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_END);
	ASSERT_EQ(0, nl_talk(&self->g, nlh, NULL));
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 10, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_END);
	EXPECT_EQ(-EEXIST, nl_talk(&self->g, nlh, NULL));
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_NEW, 0, 10, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_FWD_A_ACTION, SFCPROXY_FWD_END);
	mnl_attr_put(nlh, SFCPROXY_FWD_A_REPLACE, 0, NULL);
	EXPECT_EQ(0, nl_talk(&self->g, nlh, NULL)) {
		TH_LOG("replace: %s", self->g.extack);
	}
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_FWD_GET, NLM_F_DUMP);
	EXPECT_EQ(0, nl_talk(&self->g, nlh, NULL));
	EXPECT_EQ(1, self->g.dump_msgs);
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_DEL, 0, 10, 255);
	EXPECT_EQ(0, nl_talk(&self->g, nlh, NULL));
	nlh = fwd_req(&self->g, req, SFCPROXY_CMD_FWD_DEL, 0, 10, 255);
	EXPECT_EQ(-ENOENT, nl_talk(&self->g, nlh, NULL));
}

TEST_F(genl, classifier_checks_name_attributes)
{
	static const uint8_t host_bits[4] = { 10, 0, 3, 1 };
	static const uint8_t bad_tlv[3] = { 1, 0, 1 };
	char req[512];
	struct nlmsghdr *nlh;

	/* 10.0.3.1/24 has host bits */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_CLS_NEW, 0);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_FAMILY, AF_INET);
	mnl_attr_put(nlh, SFCPROXY_CLS_A_DST, 4, host_bits);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_DST_LEN, 24);
	mnl_attr_put_u32(nlh, SFCPROXY_CLS_A_SPI, 1);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_SI, 255);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_CLS_A_SRC/DST"));
	/* context headers that do not tile */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_CLS_NEW, 0);
	mnl_attr_put_u32(nlh, SFCPROXY_CLS_A_SPI, 1);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_SI, 255);
	mnl_attr_put(nlh, SFCPROXY_CLS_A_MD2_TLVS, sizeof(bad_tlv), bad_tlv);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_CLS_A_MD2_TLVS"));
	/* ports without a protocol that has them */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_CLS_NEW, 0);
	mnl_attr_put_u16(nlh, SFCPROXY_CLS_A_DPORT, 53);
	mnl_attr_put_u32(nlh, SFCPROXY_CLS_A_SPI, 1);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_SI, 255);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_CLS_A_SPORT/DPORT"));
	/* TTL beyond 6 bits */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_CLS_NEW, 0);
	mnl_attr_put_u32(nlh, SFCPROXY_CLS_A_SPI, 1);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_SI, 255);
	mnl_attr_put_u8(nlh, SFCPROXY_CLS_A_TTL, 64);
	EXPECT_EQ(-ERANGE, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_CLS_A_TTL"));
}

static int unpriv_nsh(struct nl *g)
{
	static const int cmds[] = {
		SFCPROXY_CMD_FWD_NEW, SFCPROXY_CMD_FWD_DEL,
		SFCPROXY_CMD_CLS_NEW, SFCPROXY_CMD_CLS_DEL,
	};
	char req[512];
	int err = all_eperm(g, cmds, sizeof(cmds) / sizeof(cmds[0]));

	/* reading stays open to everyone */
	if (!err && nl_talk(g, genl_req(g, req, SFCPROXY_CMD_NSH_STATS_GET, 0), NULL))
		err = 30;
	return err;
}

TEST_F(genl, nsh_changes_need_cap_net_admin)
{
	EXPECT_EQ(0, as_nobody(unpriv_nsh));
}

TEST_F(genl, sid_checks_name_attributes)
{
	static const uint8_t host_bits[16] = { 0xfc, 0, 0, 0xad, [15] = 1 };
	char req[512];
	struct nlmsghdr *nlh;

	/* fc00:ad::1/64 has host bits */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_NEW, 0);
	mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sizeof(host_bits), host_bits);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_PREFIX_LEN, 64);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_BEHAVIOR, SFCPROXY_SID_END_AD);
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_IFINDEX, if_nametoindex("sfp0"));
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_ADDR"));
	/* sfp0 is encap mpls */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_NEW, 0);
	mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sizeof(host_bits), host_bits);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_BEHAVIOR, SFCPROXY_SID_END_AD);
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_IFINDEX, if_nametoindex("sfp0"));
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_IFINDEX"));
	/* prefix length 0 */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_NEW, 0);
	mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sizeof(host_bits), host_bits);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_PREFIX_LEN, 0);
	EXPECT_EQ(-ERANGE, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_PREFIX_LEN"));
	/* counters are read-only */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_NEW, 0);
	mnl_attr_put_u64(nlh, SFCPROXY_SID_A_ERRORS, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_ERRORS"));
}

static int unpriv_srv6(struct nl *g)
{
	/* flow records carry clients' paths: reading them is admin too */
	static const int cmds[] = {
		SFCPROXY_CMD_SID_NEW, SFCPROXY_CMD_SID_DEL, SFCPROXY_CMD_FLOW_GET,
	};
	char req[512];
	int err = all_eperm(g, cmds, sizeof(cmds) / sizeof(cmds[0]));

	if (!err && nl_talk(g, genl_req(g, req, SFCPROXY_CMD_SID_GET, NLM_F_DUMP), NULL))
		err = 30;
	return err;
}

TEST_F(genl, sid_changes_need_cap_net_admin)
{
	EXPECT_EQ(0, as_nobody(unpriv_srv6));
}

static struct nlmsghdr *vnf_req(struct nl *g, char *buf, const char *dev)
{
	static const uint8_t sid[16] = { 0xfc, 0, 0, 0x05 };
	struct nlmsghdr *nlh = genl_req(g, buf, SFCPROXY_CMD_SID_NEW, 0);

	mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sizeof(sid), sid);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_PREFIX_LEN, 80);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_BEHAVIOR, SFCPROXY_SID_END_VNF);
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_IFINDEX, if_nametoindex(dev));
	return nlh;
}

TEST_F(genl, end_vnf_checks_name_attributes)
{
	static const uint8_t sid64[16] = { 0xfc, 0, 0, 0x06 };
	char req[512];
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, sh("ip link add nfvt0 type dummy"));
	/* a proxy device is not where End.VNF hands TCP over */
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, vnf_req(&self->g, req, "sfp0"), NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_IFINDEX"));
	/* UDP is not supported */
	nlh = vnf_req(&self->g, req, "nfvt0");
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_PROTO, 17);
	EXPECT_EQ(-EOPNOTSUPP, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_PROTO"));
	/* PadN cannot be the return-path TLV */
	nlh = vnf_req(&self->g, req, "nfvt0");
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_RETPATH_TLV, 4);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_RETPATH_TLV"));
	nlh = vnf_req(&self->g, req, "nfvt0");
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_FLOW_TIMEOUT, 999);
	EXPECT_EQ(-ERANGE, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_FLOW_TIMEOUT"));
	/* no record at all, or more than the whole namespace holds */
	nlh = vnf_req(&self->g, req, "nfvt0");
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_FLOW_LIMIT, 0);
	EXPECT_EQ(-ERANGE, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_FLOW_LIMIT"));
	nlh = vnf_req(&self->g, req, "nfvt0");
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_FLOW_LIMIT, SFCPROXY_PIPE_MAX_FLOWS + 1);
	EXPECT_EQ(-ERANGE, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_FLOW_LIMIT"));
	/* a locator shorter than /80 leaves no room for the bits */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_NEW, 0);
	mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sizeof(sid64), sid64);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_PREFIX_LEN, 64);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_BEHAVIOR, SFCPROXY_SID_END_VNF);
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_IFINDEX, if_nametoindex("nfvt0"));
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_PREFIX_LEN"));
	/* End.VNF's keywords are End.VNF's only */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_NEW, 0);
	mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sizeof(sid64), sid64);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_BEHAVIOR, SFCPROXY_SID_END_AM);
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_IFINDEX, if_nametoindex("sfp0"));
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_FLOW_TIMEOUT, 5000);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_SID_A_PROTO/RETPATH_TLV/FLOW_TIMEOUT"));
	/* and the limit is one of them, named in the message */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_NEW, 0);
	mnl_attr_put(nlh, SFCPROXY_SID_A_ADDR, sizeof(sid64), sid64);
	mnl_attr_put_u8(nlh, SFCPROXY_SID_A_BEHAVIOR, SFCPROXY_SID_END_AM);
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_IFINDEX, if_nametoindex("sfp0"));
	mnl_attr_put_u32(nlh, SFCPROXY_SID_A_FLOW_LIMIT, 100);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "FLOW_TIMEOUT/FLOW_LIMIT: only End.VNF"));
	/* a good one, then its device goes and takes it along */
	EXPECT_EQ(0, nl_talk(&self->g, vnf_req(&self->g, req, "nfvt0"), NULL));
	ASSERT_EQ(0, sh("ip link del nfvt0"));
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_SID_GET, NLM_F_DUMP);
	EXPECT_EQ(0, nl_talk(&self->g, nlh, nl_count_cb));
	EXPECT_EQ(0, self->g.dump_msgs);
}

TEST_F(genl, flow_get_needs_the_four_tuple)
{
	static const uint8_t a[16] = { 0xfc, 0, [15] = 1 };
	char req[512];
	struct nlmsghdr *nlh;

	nlh = genl_req(&self->g, req, SFCPROXY_CMD_FLOW_GET, 0);
	mnl_attr_put(nlh, SFCPROXY_FLOW_A_SADDR, sizeof(a), a);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "_DADDR, _SPORT and _DPORT are required"));
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_FLOW_GET, 0);
	mnl_attr_put(nlh, SFCPROXY_FLOW_A_SADDR, sizeof(a), a);
	mnl_attr_put(nlh, SFCPROXY_FLOW_A_DADDR, sizeof(a), a);
	mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_SPORT, 1);
	mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_DPORT, 2);
	EXPECT_EQ(-ENOENT, nl_talk(&self->g, nlh, NULL));
	/* reported-only attributes are refused by name */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_FLOW_GET, 0);
	mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_FUNCTION, 1);
	EXPECT_EQ(-EINVAL, nl_talk(&self->g, nlh, NULL));
	EXPECT_NE(NULL, strstr(self->g.extack, "SFCPROXY_FLOW_A_FUNCTION"));
	/* an empty table dumps nothing */
	nlh = genl_req(&self->g, req, SFCPROXY_CMD_FLOW_GET, NLM_F_DUMP);
	EXPECT_EQ(0, nl_talk(&self->g, nlh, nl_count_cb));
	EXPECT_EQ(0, self->g.dump_msgs);
}

TEST_HARNESS_MAIN
