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

// NSH forwarding table and classifier. These commands have attribute
// spaces of their own (SFCPROXY_FWD_A_*, SFCPROXY_CLS_A_*), not DEV_A_*.
// A path makes FWD_GET a doit for that entry; without one it dumps.
nlmsghdr *build_fwd_get(MsgBuf &buf, uint16_t family, const std::optional<NshPath> &path,
			uint32_t seq);
// `replace` adds the flag SFCPROXY_FWD_A_REPLACE: an existing entry for
// the path is replaced instead of refused with EEXIST. FwdEntry::ifindex
// is sent, the caller resolves FwdEntry::dev.
nlmsghdr *build_fwd_new(MsgBuf &buf, uint16_t family, const FwdEntry &e, bool replace,
			uint32_t seq);
// Without a path the kernel removes every entry.
nlmsghdr *build_fwd_del(MsgBuf &buf, uint16_t family, const std::optional<NshPath> &path,
			uint32_t seq);
nlmsghdr *build_nsh_stats_get(MsgBuf &buf, uint16_t family, uint32_t seq);
nlmsghdr *build_cls_get(MsgBuf &buf, uint16_t family, uint32_t seq);
// `replace`: the flag SFCPROXY_CLS_A_REPLACE, as for build_fwd_new().
nlmsghdr *build_cls_new(MsgBuf &buf, uint16_t family, const ClsRule &r, bool replace,
			uint32_t seq);
// An empty match removes every rule.
nlmsghdr *build_cls_del(MsgBuf &buf, uint16_t family, const ClsMatch &m, uint32_t seq);

// SRv6 SID table (SFCPROXY_SID_A_*). A SID makes SID_GET a doit for it;
// without one it dumps. The prefix length is always sent.
nlmsghdr *build_sid_get(MsgBuf &buf, uint16_t family, const std::optional<SidPrefix> &sid,
			uint32_t seq);
// `replace`: the flag SFCPROXY_SID_A_REPLACE, as for build_fwd_new().
// SidEntry::ifindex is sent, the caller resolves SidEntry::dev; src and
// segs (End.AS), proto, retpath_tlv, flow_timeout and flow_limit (End.VNF)
// go out when set.
nlmsghdr *build_sid_new(MsgBuf &buf, uint16_t family, const SidEntry &e, bool replace,
			uint32_t seq);
// Without a SID the kernel removes every SID.
nlmsghdr *build_sid_del(MsgBuf &buf, uint16_t family, const std::optional<SidPrefix> &sid,
			uint32_t seq);

// End.VNF flow records (SFCPROXY_FLOW_A_*): a key makes FLOW_GET a doit
// for that record; without one it dumps every record of the namespace.
nlmsghdr *build_flow_get(MsgBuf &buf, uint16_t family, const std::optional<FlowKey> &key,
			 uint32_t seq);

// The SFCPROXY_DEV_A_* configuration attributes the user gave; shared by
// IFLA_INFO_DATA and DEV_SET because the kernel validates both with one
// policy.
void put_dev_config(nlmsghdr *nlh, const DevConfig &cfg);

// Replies. Unknown attributes are skipped (a newer kernel may add some);
// a known attribute of the wrong size throws, since it means the tool and
// the kernel disagree about the contract.
DevInfo parse_dev_info(const nlmsghdr *nlh);
CacheEntry parse_cache_entry(const nlmsghdr *nlh);
// FwdEntry::dev stays empty: names are resolved by the caller.
FwdEntry parse_fwd_entry(const nlmsghdr *nlh);
ClsRule parse_cls_rule(const nlmsghdr *nlh);
// SidEntry::dev stays empty, as for parse_fwd_entry().
SidEntry parse_sid_entry(const nlmsghdr *nlh);
// A FLOW_GET reply or FLOW_NEW event; FlowRecord::dev stays empty, and
// the SRH and return path are left undecoded (see srh_decode()).
FlowRecord parse_flow_record(const nlmsghdr *nlh);
// The SFCPROXY_FWD_A_STATS nest of an NSH_STATS_GET reply.
NshStats parse_nsh_stats(const nlmsghdr *nlh);

} // namespace sfcproxy
