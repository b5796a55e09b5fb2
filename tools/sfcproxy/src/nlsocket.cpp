// SPDX-License-Identifier: GPL-2.0
#include "nlsocket.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

#include <libmnl/libmnl.h>
#include <linux/sfcproxy.h>

#include "errors.hpp"

namespace sfcproxy {

namespace {

[[noreturn]] void sys_fail(const std::string &what)
{
	throw Error(EXIT_KERNEL, "Error: " + what + ": " + std::strerror(errno));
}

struct RunState {
	const NlSocket::Handler *on_msg = nullptr;
	int err = 0;
	std::string extack;
};

int data_cb(const nlmsghdr *nlh, void *data)
{
	auto *st = static_cast<RunState *>(data);
	if (st->on_msg && *st->on_msg)
		(*st->on_msg)(nlh);
	return MNL_CB_OK;
}

int extack_attr_cb(const nlattr *attr, void *data)
{
	auto *st = static_cast<RunState *>(data);
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		st->extack = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

// Own NLMSG_ERROR handling because libmnl's default drops the extack TLVs.
int error_cb(const nlmsghdr *nlh, void *data)
{
	auto *st = static_cast<RunState *>(data);
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(nlmsgerr))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	const auto *err = static_cast<const nlmsgerr *>(mnl_nlmsg_get_payload(nlh));
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		// Without NLM_F_CAPPED the echoed request sits between the
		// error header and the TLVs.
		size_t off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(nlmsghdr);
		if (mnl_nlmsg_size(off) <= nlh->nlmsg_len)
			mnl_attr_parse(nlh, static_cast<unsigned>(off), extack_attr_cb, st);
	}
	if (err->error == 0)
		return MNL_CB_STOP; // the ACK
	st->err = -err->error;
	errno = st->err;
	return MNL_CB_ERROR;
}

// A dump can also end in failure: the error is the int payload of DONE.
int done_cb(const nlmsghdr *nlh, void *data)
{
	auto *st = static_cast<RunState *>(data);
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		int e;
		std::memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(e));
		if (e < 0) {
			if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
				mnl_attr_parse(nlh, sizeof(int), extack_attr_cb, st);
			st->err = -e;
			errno = st->err;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

} // namespace

NlSocket::NlSocket(int bus) : seq_(static_cast<uint32_t>(time(nullptr)))
{
	sock_ = mnl_socket_open(bus);
	if (!sock_)
		sys_fail("cannot open netlink socket");
	// Best effort: older kernels without these still work, just with
	// plain errno messages and echoed requests.
	int one = 1;
	mnl_socket_setsockopt(sock_, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(sock_, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(sock_, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(sock_);
		errno = e;
		sys_fail("cannot bind netlink socket");
	}
	portid_ = mnl_socket_get_portid(sock_);
}

NlSocket::~NlSocket()
{
	if (sock_)
		mnl_socket_close(sock_);
}

void NlSocket::transact(nlmsghdr *nlh, const Handler &on_msg)
{
	if (mnl_socket_sendto(sock_, nlh, nlh->nlmsg_len) < 0)
		sys_fail("cannot send netlink request");

	RunState st;
	st.on_msg = &on_msg;
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {};
	ctl[NLMSG_ERROR] = error_cb;
	ctl[NLMSG_DONE] = done_cb;

	std::vector<char> buf(recv_size);
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(sock_, buf.data(), buf.size());
		if (n < 0)
			sys_fail("cannot receive netlink reply");
		// mnl_cb_run2 also drops replies whose sequence number or port
		// id are not ours (ESRCH/EPROTO), so stale messages cannot be
		// taken for this request's answer.
		int ret = mnl_cb_run2(buf.data(), static_cast<size_t>(n), nlh->nlmsg_seq,
				      portid_, data_cb, &st, ctl, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_STOP)
			return;
		if (ret == MNL_CB_ERROR) {
			if (st.err)
				throw KernelError(st.err, st.extack);
			sys_fail("bad netlink reply");
		}
	}
}

void NlSocket::join_group(uint32_t group)
{
	if (!try_join_group(group))
		sys_fail("cannot join netlink multicast group " + std::to_string(group));
}

bool NlSocket::try_join_group(uint32_t group)
{
	return mnl_socket_setsockopt(sock_, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) == 0;
}

int NlSocket::fd() const
{
	return mnl_socket_get_fd(sock_);
}

std::optional<size_t> NlSocket::receive(std::span<char> buf)
{
	ssize_t n = mnl_socket_recvfrom(sock_, buf.data(), buf.size());
	if (n < 0) {
		if (errno == ENOBUFS)
			return std::nullopt;
		sys_fail("cannot receive netlink messages");
	}
	return static_cast<size_t>(n);
}

GenlSocket::GenlSocket() : sock_(NETLINK_GENERIC)
{
	MsgBuf buf;
	nlmsghdr *nlh = build_get_family(buf, SFCPROXY_GENL_NAME, sock_.next_seq());
	try {
		sock_.transact(nlh, [this](const nlmsghdr *reply) { family_ = parse_family(reply); });
	} catch (const KernelError &e) {
		if (e.err() == ENOENT)
			throw Error(EXIT_KERNEL,
				    "Error: sfcproxy kernel module not loaded "
				    "(generic netlink family \"" SFCPROXY_GENL_NAME "\" not found)");
		throw describe_kernel_error(e, "cannot resolve generic netlink family \"" SFCPROXY_GENL_NAME "\"");
	}
	if (family_.id == 0)
		throw Error(EXIT_KERNEL, "Error: generic netlink controller sent no family id");
}

uint32_t GenlSocket::group(const char *name) const
{
	auto it = family_.mcast_groups.find(name);
	return it == family_.mcast_groups.end() ? 0 : it->second;
}

} // namespace sfcproxy
