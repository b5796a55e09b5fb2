// SPDX-License-Identifier: GPL-2.0
#pragma once

// Netlink message building and reply parsing. Pure functions over caller
// buffers: no socket is involved, which is what lets the unit tests check
// every byte the tool would send and every reply it would accept.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <linux/netlink.h>

#include "model.hpp"

namespace sfcproxy {

// Requests are a few hundred bytes at most (16 labels is the largest part);
// one page-sized buffer is plenty and avoids any size bookkeeping.
class MsgBuf {
public:
	static constexpr size_t size = 8192;
	void *data() { return storage_; }
	const nlmsghdr *nlh() const { return reinterpret_cast<const nlmsghdr *>(storage_); }

private:
	alignas(8) unsigned char storage_[size];
};

struct GenlFamily {
	uint16_t id = 0;
	uint32_t version = 0;
	std::map<std::string, uint32_t> mcast_groups; // name -> group id
};

// Generic netlink controller lookup of a family by name.
nlmsghdr *build_get_family(MsgBuf &buf, const std::string &name, uint32_t seq);
GenlFamily parse_family(const nlmsghdr *nlh);

// rtnetlink: create a proxy device fully configured in one request.
nlmsghdr *build_dev_add(MsgBuf &buf, const DevConfig &cfg, uint32_t link_ifindex,
			uint32_t seq);
nlmsghdr *build_dellink(MsgBuf &buf, uint32_t ifindex, uint32_t seq);

// Generic netlink requests of the sfcproxy family. A missing ifname means
// "every proxy device" where the command allows it.
nlmsghdr *build_dev_set(MsgBuf &buf, uint16_t family, const DevConfig &cfg, uint32_t seq);
nlmsghdr *build_dev_get(MsgBuf &buf, uint16_t family,
			const std::optional<std::string> &ifname, uint32_t seq);
nlmsghdr *build_stats_reset(MsgBuf &buf, uint16_t family,
			    const std::optional<std::string> &ifname, uint32_t seq);
nlmsghdr *build_cache_get(MsgBuf &buf, uint16_t family,
			  const std::optional<std::string> &ifname, uint32_t seq);
nlmsghdr *build_cache_flush(MsgBuf &buf, uint16_t family,
			    const std::optional<std::string> &ifname, uint32_t seq);

// The SFCPROXY_DEV_A_* configuration attributes the user gave; shared by
// IFLA_INFO_DATA and DEV_SET because the kernel validates both with one
// policy.
void put_dev_config(nlmsghdr *nlh, const DevConfig &cfg);

// Replies. Unknown attributes are skipped (a newer kernel may add some);
// a known attribute of the wrong size throws, since it means the tool and
// the kernel disagree about the contract.
DevInfo parse_dev_info(const nlmsghdr *nlh);
CacheEntry parse_cache_entry(const nlmsghdr *nlh);

} // namespace sfcproxy
