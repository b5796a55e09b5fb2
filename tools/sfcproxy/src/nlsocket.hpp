// SPDX-License-Identifier: GPL-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include <linux/netlink.h>

#include "messages.hpp"

struct mnl_socket;

namespace sfcproxy {

// One netlink socket, closed on scope exit. Requests go out one at a time
// and are answered in full (ACK, or DONE for dumps) before returning, which
// is all a command-line tool needs and keeps error handling in one place.
class NlSocket {
public:
	// Called for every data message of the reply (not for ACK/DONE).
	using Handler = std::function<void(const nlmsghdr *)>;

	explicit NlSocket(int bus);
	~NlSocket();
	NlSocket(const NlSocket &) = delete;
	NlSocket &operator=(const NlSocket &) = delete;

	uint32_t next_seq() { return ++seq_; }

	// Sends `nlh` (whose nlmsg_seq must come from next_seq()) and reads
	// until the request is complete. Throws KernelError when the kernel
	// answers with an error; the extack message, if any, travels with it.
	void transact(nlmsghdr *nlh, const Handler &on_msg = {});

	// Multicast listening (`monitor`): join group `group`
	// (NETLINK_ADD_MEMBERSHIP), then wait on fd() and receive().
	void join_group(uint32_t group);
	// join_group() for a group the caller may lack the privilege for:
	// false (errno set) instead of an error.
	bool try_join_group(uint32_t group);
	int fd() const;
	// Reads one datagram into `buf` and returns its length, or nullopt
	// when the kernel reports ENOBUFS: it dropped messages because the
	// socket's buffer was full. Throws on any other error.
	std::optional<size_t> receive(std::span<char> buf);

	// Large enough for the biggest dump skb the kernel builds (it caps
	// dump messages at 32 KiB), so no reply is ever truncated.
	static constexpr size_t recv_size = 32768;

private:
	mnl_socket *sock_ = nullptr;
	uint32_t portid_ = 0;
	uint32_t seq_;
};

// Socket on NETLINK_GENERIC with the sfcproxy family already resolved.
// Throws the "module not loaded" error when the family is absent.
class GenlSocket {
public:
	GenlSocket();
	NlSocket &sock() { return sock_; }
	uint16_t family() const { return family_.id; }
	// Id of a multicast group of the family (SFCPROXY_MCGRP_*); 0 when
	// the family has none of that name.
	uint32_t group(const char *name) const;

private:
	NlSocket sock_;
	GenlFamily family_;
};

} // namespace sfcproxy
