// SPDX-License-Identifier: GPL-2.0
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <linux/sfcproxy.h>

namespace sfcproxy {

// One spelling per uapi enum value; used by the argument parser, the
// printers and the man page/completion, so a name is never spelled twice.
struct EnumName {
	uint8_t value;
	const char *name;
};

extern const std::vector<EnumName> encap_names;
extern const std::vector<EnumName> key_mode_names;
extern const std::vector<EnumName> miss_names;
extern const std::vector<EnumName> ttl_names;

std::optional<uint8_t> enum_from_name(const std::vector<EnumName> &table,
				      std::string_view name);
// Unknown values (a newer kernel) print as a number rather than failing.
std::string enum_to_name(const std::vector<EnumName> &table, uint8_t value);
// "a, b, c" for error messages.
std::string enum_choices(const std::vector<EnumName> &table);

// Counter names, indexed by SFCPROXY_STATS_A_*; the spelling is shared by
// text and JSON output and is relied on by scripts.
struct StatName {
	uint16_t attr;
	const char *name;
};
extern const std::vector<StatName> stat_names;

// What the user asked to configure. Every field is optional because only
// what was given goes on the wire and the kernel keeps or defaults the rest.
struct DevConfig {
	std::string name;
	std::optional<std::string> link;
	std::optional<uint8_t> encap;
	// Present-but-empty means "label none": send an empty nest to clear.
	std::optional<std::vector<uint32_t>> labels;
	std::optional<uint8_t> pop;
	std::optional<uint8_t> key_mode;
	std::optional<uint32_t> id_mask;
	std::optional<uint32_t> cache_size;
	std::optional<uint32_t> cache_timeout;
	std::optional<uint8_t> miss;
	std::optional<uint8_t> depth;
	std::optional<uint8_t> ttl;
	std::optional<uint32_t> cache_bytes;
	// "none" or a device name; the command resolves it into egress_ifindex
	std::optional<std::string> egress_dev;
	std::optional<uint32_t> egress_ifindex;
};

// What the kernel reported. Optional fields stay empty when an older or
// newer kernel leaves an attribute out, and are then simply not printed.
struct DevInfo {
	uint32_t ifindex = 0;
	std::string name;
	uint32_t link = 0;
	std::string link_name; // resolved by the caller; "" => if<N>
	std::optional<uint8_t> encap;
	std::optional<std::vector<uint32_t>> labels;
	std::optional<uint8_t> pop;
	std::optional<uint8_t> key_mode;
	std::optional<uint32_t> id_mask;
	std::optional<uint32_t> cache_size;
	std::optional<uint32_t> cache_timeout;
	std::optional<uint8_t> miss;
	std::optional<uint8_t> depth;
	std::optional<uint8_t> ttl;
	std::optional<uint32_t> cache_bytes;
	std::optional<uint32_t> egress_ifindex;	// 0: the function routes into the proxy
	std::string egress_name;		// resolved by the caller
	bool has_stats = false;
	std::map<uint16_t, uint64_t> stats; // SFCPROXY_STATS_A_* -> value
};

struct CacheEntry {
	uint32_t ifindex = 0;
	std::string ifname; // resolved by the caller; "" => if<N>
	std::optional<uint8_t> key_mode;
	std::vector<uint8_t> key;
	std::vector<uint8_t> header;
	std::optional<uint32_t> age_ms;
};

// One NSH forwarding entry (SFCPROXY_FWD_A_*). `dev` is the device name
// the user gave or the kernel's ifindex resolved by the caller.
struct FwdEntry {
	uint32_t spi = 0;
	uint8_t si = 0;
	uint8_t action = 0;		// enum sfcproxy_fwd_action
	std::string dev;		// next hop: output device; proxy: proxy device
	uint32_t ifindex = 0;		// what the kernel reported / the name resolved to
	std::optional<std::array<uint8_t, 6>> mac; // next hop only
	std::optional<uint64_t> packets; // reported only
	std::optional<uint64_t> bytes;
	bool operator==(const FwdEntry &o) const
	{
		return spi == o.spi && si == o.si && action == o.action && dev == o.dev &&
		       mac == o.mac;
	}
};

// A classifier rule's match: absent fields match anything.
struct ClsMatch {
	std::optional<uint8_t> family;	// AF_INET or AF_INET6
	std::optional<std::vector<uint8_t>> src; // 4 or 16 bytes
	uint8_t src_len = 0;
	std::optional<std::vector<uint8_t>> dst;
	uint8_t dst_len = 0;
	std::optional<uint8_t> proto;
	std::optional<uint16_t> sport;
	std::optional<uint16_t> dport;
	bool operator==(const ClsMatch &) const = default;
};

// One classifier rule (SFCPROXY_CLS_A_*): a match and the NSH to push.
struct ClsRule {
	ClsMatch match;
	uint32_t spi = 0;
	uint8_t si = 0;
	std::optional<uint8_t> ttl;
	std::optional<std::array<uint8_t, 16>> md1;   // MD type 1 context
	std::optional<std::vector<uint8_t>> md2;      // MD type 2 TLVs, wire format
	std::optional<uint64_t> packets; // reported only
	std::optional<uint64_t> bytes;
	bool same_action(const ClsRule &o) const
	{
		return spi == o.spi && si == o.si && ttl.value_or(63) == o.ttl.value_or(63) &&
		       md1 == o.md1 && md2 == o.md2;
	}
};

std::string ifname_or_index(const std::string &name, uint32_t ifindex);

} // namespace sfcproxy
