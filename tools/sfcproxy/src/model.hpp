// SPDX-License-Identifier: GPL-2.0
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
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
// NSH forwarding actions; the JSON "action" value.
extern const std::vector<EnumName> fwd_action_names;
// IP protocols the classifier knows by name; others are numbers.
extern const std::vector<EnumName> proto_names;
// SRv6 SID behaviours, spelled as seg6local spells them (case matters);
// the JSON "behavior" value.
extern const std::vector<EnumName> sid_behavior_names;

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
// The namespace's NSH forwarder counters, SFCPROXY_NSH_STATS_A_*.
extern const std::vector<StatName> nsh_stat_names;

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

// What the kernel pushes when a classifier rule names no TTL.
constexpr uint8_t nsh_ttl_default = 63;

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
	// Absent TTL and MD1 context are the kernel's defaults (63, zeros),
	// which it reports explicitly.
	bool same_action(const ClsRule &o) const
	{
		return spi == o.spi && si == o.si &&
		       ttl.value_or(nsh_ttl_default) == o.ttl.value_or(nsh_ttl_default) &&
		       md1.value_or(std::array<uint8_t, 16>{}) ==
			       o.md1.value_or(std::array<uint8_t, 16>{}) &&
		       md2 == o.md2;
	}
};

// A service path position, the key of the NSH forwarding table.
struct NshPath {
	uint32_t spi = 0;
	uint8_t si = 0;
	bool operator==(const NshPath &) const = default;
};

// SFCPROXY_NSH_STATS_A_* -> value, as reported.
using NshStats = std::map<uint16_t, uint64_t>;

using Ipv6Addr = std::array<uint8_t, 16>;

// A SID as the table keys it: an IPv6 prefix, host bits clear.
struct SidPrefix {
	Ipv6Addr addr{};
	uint8_t len = 128;
	bool operator==(const SidPrefix &) const = default;
};

// One SRv6 SID (SFCPROXY_SID_A_*). `dev` is the proxy device name the user
// gave or the kernel's ifindex resolved by the caller.
struct SidEntry {
	SidPrefix sid;
	uint8_t behavior = 0;		// enum sfcproxy_sid_behavior
	std::string dev;
	uint32_t ifindex = 0;		// what the kernel reported / the name resolved to
	std::optional<Ipv6Addr> src;	// End.AS only
	std::vector<Ipv6Addr> segs;	// End.AS only, in visit order
	std::optional<uint8_t> proto;	// End.VNF only: the IP protocol handed over
	std::optional<uint8_t> retpath_tlv; // End.VNF only: the return-path TLV's type
	std::optional<uint32_t> flow_timeout; // End.VNF only, ms
	std::optional<uint32_t> flow_limit; // End.VNF only: records the SID holds at most
	std::optional<uint64_t> packets; // reported only
	std::optional<uint64_t> bytes;
	std::optional<uint64_t> errors;
	std::optional<uint64_t> flows;	// End.VNF, reported only
	std::optional<uint64_t> flows_full;
	std::optional<uint32_t> flows_active;	// records held now, not a counter
	std::optional<uint32_t> flows_half_open; // of those, still without their ACK
	std::optional<uint64_t> flows_too_big;
	std::optional<uint64_t> flows_unanswered;
	bool operator==(const SidEntry &o) const
	{
		return sid == o.sid && behavior == o.behavior && dev == o.dev && src == o.src &&
		       segs == o.segs && proto == o.proto && retpath_tlv == o.retpath_tlv &&
		       flow_timeout == o.flow_timeout && flow_limit == o.flow_limit;
	}
};

// What names an End.VNF flow record: the client's address and port and
// the server's, as the proxy's accept() sees them.
struct FlowKey {
	Ipv6Addr client{};
	uint16_t sport = 0;
	Ipv6Addr server{};
	uint16_t dport = 0;
	// (client, sport, server, dport): the order `pipe flows` prints in
	auto operator<=>(const FlowKey &) const = default;
};

// One End.VNF flow record (SFCPROXY_FLOW_A_*), all of it reported by the
// kernel. `dev` is the ifindex resolved by the caller.
struct FlowRecord {
	FlowKey key;
	Ipv6Addr sid{};			// the address the SYN arrived with
	uint8_t sid_prefix_len = 0;	// the locator
	uint16_t function = 0;
	uint32_t args = 0;
	std::vector<uint8_t> srh;	// as it arrived, undecoded
	// the return-path TLV's value; absent when the SYN had none
	std::optional<std::vector<uint8_t>> retpath;
	uint32_t ifindex = 0;
	std::string dev;
	uint32_t age_ms = 0;
	uint64_t packets = 0;
};

// A `pipe flows` filter: absent fields match anything.
struct FlowFilter {
	std::optional<Ipv6Addr> client;
	std::optional<uint16_t> sport;
	std::optional<Ipv6Addr> server;
	std::optional<uint16_t> dport;
	// All four given: the key of the one record asked for.
	std::optional<FlowKey> key() const;
	bool matches(const FlowKey &k) const;
};

// One TLV of an SRH (RFC 8754 section 2.1).
struct SrhTlv {
	uint8_t type = 0;
	std::vector<uint8_t> value;
	bool operator==(const SrhTlv &) const = default;
};

// The fields of an SRH that say where a packet goes.
struct Srh {
	uint8_t next_header = 0;
	uint8_t segments_left = 0;
	uint8_t last_entry = 0;
	uint8_t flags = 0;
	uint16_t tag = 0;
	std::vector<Ipv6Addr> segments; // SRH order: [0] is the final destination
	std::vector<SrhTlv> tlvs;	// every TLV but Pad1 and PadN, in order
};

// The SRH's TLV types that are padding (RFC 8754 section 2.1.1).
constexpr uint8_t srh_tlv_pad1 = 0;
constexpr uint8_t srh_tlv_padn = 4;
// and the HMAC TLV (section 2.1.2): neither can be End.VNF's return path
constexpr uint8_t srh_tlv_hmac = 5;

// Decodes an SRH starting at its next-header byte; nullopt when it is not
// one (routing type other than 4) or its lengths disagree: Hdr Ext Len
// with the size, the segment list with Hdr Ext Len, a TLV with the bytes
// left.
std::optional<Srh> srh_decode(std::span<const uint8_t> bytes);

// 16 bytes per address, in order; nullopt when the size is no multiple of
// 16 (SFCPROXY_SID_A_SEGS, SRH segments, End.VNF return paths).
std::optional<std::vector<Ipv6Addr>> ipv6_list(std::span<const uint8_t> bytes);

// One MD type 2 context header (RFC 8300 section 2.5.1).
struct Md2Tlv {
	uint16_t md_class = 0;
	uint8_t type = 0;
	std::vector<uint8_t> value; // at most 127 bytes (7-bit length)
	bool operator==(const Md2Tlv &) const = default;
};

// Largest value of one context header: its length field has 7 bits.
constexpr size_t md2_value_max = 127;

// Wire format of SFCPROXY_CLS_A_MD2_TLVS: class (16 bits, big endian),
// type, a length byte whose top bit is reserved (0), and the value
// zero-padded to a multiple of 4 bytes. The caller checks the total
// against SFCPROXY_NSH_MD2_MAX.
std::vector<uint8_t> md2_encode(const std::vector<Md2Tlv> &tlvs);
// nullopt when the bytes are not a sequence of whole context headers.
// The reserved bit is ignored, as RFC 8300 asks of receivers; padding
// is dropped.
std::optional<std::vector<Md2Tlv>> md2_decode(const std::vector<uint8_t> &wire);

std::string ifname_or_index(const std::string &name, uint32_t ifindex);

// A 4- or 16-byte address in the usual notation; "?" for any other size.
std::string addr_to_string(std::span<const uint8_t> addr);
// ADDRESS/LEN with the length always given, as `sid show` prints a SID.
std::string sid_to_string(const SidPrefix &p);
// Every address of a list in the usual notation.
std::vector<std::string> addrs_to_strings(const std::vector<Ipv6Addr> &addrs);
// [ADDRESS]:PORT, as ss(8) prints an IPv6 endpoint.
std::string endpoint_to_string(const Ipv6Addr &addr, uint16_t port);
// "from [CLIENT]:SPORT to [SERVER]:DPORT", for messages about a flow.
std::string flow_key_to_string(const FlowKey &k);

// A 4- or 16-byte address as ADDRESS/LEN, or ADDRESS alone when LEN covers
// it all (as ip route prints host routes); the input syntax of "src"/"dst".
std::string prefix_to_string(const std::vector<uint8_t> &addr, uint8_t len);
// aa:bb:cc:dd:ee:ff
std::string mac_to_string(const std::array<uint8_t, 6> &mac);

} // namespace sfcproxy
