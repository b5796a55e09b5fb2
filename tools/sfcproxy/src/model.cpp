// SPDX-License-Identifier: GPL-2.0
#include "model.hpp"

#include <cstdio>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace sfcproxy {

const std::vector<EnumName> encap_names = {
	{SFCPROXY_ENCAP_MPLS, "mpls"},
	{SFCPROXY_ENCAP_NSH, "nsh"},
	{SFCPROXY_ENCAP_SRV6, "srv6"},
};

const std::vector<EnumName> key_mode_names = {
	{SFCPROXY_KEY_ID, "id"},
	{SFCPROXY_KEY_HEADER, "header"},
	{SFCPROXY_KEY_AUTO, "auto"},
};

const std::vector<EnumName> miss_names = {
	{SFCPROXY_MISS_DROP, "drop"},
	{SFCPROXY_MISS_PASS, "pass"},
};

const std::vector<EnumName> ttl_names = {
	{SFCPROXY_TTL_DEC, "dec"},
	{SFCPROXY_TTL_COPY, "copy"},
};

const std::vector<EnumName> fwd_action_names = {
	{SFCPROXY_FWD_NEXT_HOP, "next_hop"},
	{SFCPROXY_FWD_PROXY, "proxy"},
	{SFCPROXY_FWD_END, "end"},
};

// The names /etc/protocols uses, so "proto" reads as in nft and ip rule.
const std::vector<EnumName> proto_names = {
	{IPPROTO_ICMP, "icmp"},
	{IPPROTO_TCP, "tcp"},
	{IPPROTO_UDP, "udp"},
	{IPPROTO_ICMPV6, "ipv6-icmp"},
	{IPPROTO_SCTP, "sctp"},
};

const std::vector<EnumName> sid_behavior_names = {
	{SFCPROXY_SID_END_AD, "End.AD"},
	{SFCPROXY_SID_END_AS, "End.AS"},
	{SFCPROXY_SID_END_AM, "End.AM"},
	{SFCPROXY_SID_END_VNF, "End.VNF"},
};

const std::vector<StatName> stat_names = {
	{SFCPROXY_STATS_A_RX_IGNORED, "rx_ignored"},
	{SFCPROXY_STATS_A_RX_SUCCESS, "rx_success"},
	{SFCPROXY_STATS_A_RX_MALFORMED, "rx_malformed"},
	{SFCPROXY_STATS_A_RX_TOO_BIG, "rx_too_big"},
	{SFCPROXY_STATS_A_RX_DUPLICATE, "rx_duplicate"},
	{SFCPROXY_STATS_A_TX_IGNORED, "tx_ignored"},
	{SFCPROXY_STATS_A_TX_NOT_CACHED, "tx_not_cached"},
	{SFCPROXY_STATS_A_TX_SUCCESS, "tx_success"},
	{SFCPROXY_STATS_A_EVICTED, "evicted"},
	{SFCPROXY_STATS_A_EXPIRED, "expired"},
	{SFCPROXY_STATS_A_ALLOC_FAIL, "alloc_fail"},
	{SFCPROXY_STATS_A_TX_TTL_EXPIRED, "tx_ttl_expired"},
	{SFCPROXY_STATS_A_TX_NO_ROUTE, "tx_no_route"},
	{SFCPROXY_STATS_A_TX_TOO_BIG, "tx_too_big"},
	{SFCPROXY_STATS_A_RX_DUP_LIMIT, "rx_dup_limit"},
	{SFCPROXY_STATS_A_CACHE_ENTRIES, "cache_entries"},
	{SFCPROXY_STATS_A_CACHE_BYTES, "cache_bytes"},
};

const std::vector<StatName> nsh_stat_names = {
	{SFCPROXY_NSH_STATS_A_RX_MALFORMED, "rx_malformed"},
	{SFCPROXY_NSH_STATS_A_RX_BAD_VERSION, "rx_bad_version"},
	{SFCPROXY_NSH_STATS_A_RX_EXPIRED, "rx_expired"},
	{SFCPROXY_NSH_STATS_A_NO_PATH, "no_path"},
	{SFCPROXY_NSH_STATS_A_NO_ROUTE, "no_route"},
	{SFCPROXY_NSH_STATS_A_CLASSIFIED, "classified"},
	{SFCPROXY_NSH_STATS_A_TX_TOO_BIG, "tx_too_big"},
};

std::optional<uint8_t> enum_from_name(const std::vector<EnumName> &table,
				      std::string_view name)
{
	for (const auto &e : table)
		if (name == e.name)
			return e.value;
	return std::nullopt;
}

std::string enum_to_name(const std::vector<EnumName> &table, uint8_t value)
{
	for (const auto &e : table)
		if (e.value == value)
			return e.name;
	return std::to_string(value);
}

std::string enum_choices(const std::vector<EnumName> &table)
{
	std::string out;
	for (const auto &e : table) {
		if (!out.empty())
			out += ", ";
		out += e.name;
	}
	return out;
}

std::vector<uint8_t> md2_encode(const std::vector<Md2Tlv> &tlvs)
{
	std::vector<uint8_t> out;
	for (const auto &t : tlvs) {
		out.push_back(static_cast<uint8_t>(t.md_class >> 8));
		out.push_back(static_cast<uint8_t>(t.md_class));
		out.push_back(t.type);
		out.push_back(static_cast<uint8_t>(t.value.size() & 0x7f));
		out.insert(out.end(), t.value.begin(), t.value.end());
		out.resize(out.size() + (4 - t.value.size() % 4) % 4, 0);
	}
	return out;
}

std::optional<std::vector<Md2Tlv>> md2_decode(const std::vector<uint8_t> &wire)
{
	std::vector<Md2Tlv> out;
	size_t pos = 0;
	while (pos < wire.size()) {
		if (wire.size() - pos < 4)
			return std::nullopt;
		Md2Tlv t;
		t.md_class = static_cast<uint16_t>(wire[pos] << 8 | wire[pos + 1]);
		t.type = wire[pos + 2];
		size_t len = wire[pos + 3] & 0x7f;
		size_t padded = (len + 3) / 4 * 4;
		pos += 4;
		if (wire.size() - pos < padded)
			return std::nullopt;
		t.value.assign(wire.begin() + static_cast<std::ptrdiff_t>(pos),
			       wire.begin() + static_cast<std::ptrdiff_t>(pos + len));
		pos += padded;
		out.push_back(std::move(t));
	}
	return out;
}

std::optional<FlowKey> FlowFilter::key() const
{
	if (!client || !sport || !server || !dport)
		return std::nullopt;
	return FlowKey{*client, *sport, *server, *dport};
}

bool FlowFilter::matches(const FlowKey &k) const
{
	return (!client || *client == k.client) && (!sport || *sport == k.sport) &&
	       (!server || *server == k.server) && (!dport || *dport == k.dport);
}

std::optional<std::vector<Ipv6Addr>> ipv6_list(std::span<const uint8_t> bytes)
{
	if (bytes.size() % sizeof(Ipv6Addr))
		return std::nullopt;
	std::vector<Ipv6Addr> out(bytes.size() / sizeof(Ipv6Addr));
	if (!bytes.empty())
		std::memcpy(out.data(), bytes.data(), bytes.size());
	return out;
}

namespace {

// The TLVs after the segment list; false when one runs past the end.
bool srh_decode_tlvs(std::span<const uint8_t> bytes, std::vector<SrhTlv> &out)
{
	size_t pos = 0;
	while (pos < bytes.size()) {
		uint8_t type = bytes[pos];
		// Pad1 is the one TLV without a length byte
		if (type == srh_tlv_pad1) {
			pos++;
			continue;
		}
		if (bytes.size() - pos < 2 || bytes.size() - pos - 2 < bytes[pos + 1])
			return false;
		auto value = bytes.subspan(pos + 2, bytes[pos + 1]);
		if (type != srh_tlv_padn)
			out.push_back({type, {value.begin(), value.end()}});
		pos += 2 + value.size();
	}
	return true;
}

} // namespace

std::optional<Srh> srh_decode(std::span<const uint8_t> bytes)
{
	// NH, Hdr Ext Len, Routing Type, SL, Last Entry, Flags, Tag
	constexpr size_t fixed = 8;
	constexpr uint8_t routing_type_srh = 4;
	if (bytes.size() < fixed || bytes[2] != routing_type_srh ||
	    bytes.size() != (bytes[1] + 1u) * 8)
		return std::nullopt;
	Srh srh;
	srh.next_header = bytes[0];
	srh.segments_left = bytes[3];
	srh.last_entry = bytes[4];
	srh.flags = bytes[5];
	srh.tag = static_cast<uint16_t>(bytes[6] << 8 | bytes[7]);
	size_t segs_len = (srh.last_entry + 1u) * sizeof(Ipv6Addr);
	if (bytes.size() - fixed < segs_len)
		return std::nullopt;
	srh.segments = *ipv6_list(bytes.subspan(fixed, segs_len));
	if (!srh_decode_tlvs(bytes.subspan(fixed + segs_len), srh.tlvs))
		return std::nullopt;
	return srh;
}

std::string ifname_or_index(const std::string &name, uint32_t ifindex)
{
	if (!name.empty())
		return name;
	return "if" + std::to_string(ifindex);
}

std::string addr_to_string(std::span<const uint8_t> addr)
{
	char buf[INET6_ADDRSTRLEN];
	if (addr.size() != 4 && addr.size() != 16)
		return "?";
	if (!inet_ntop(addr.size() == 4 ? AF_INET : AF_INET6, addr.data(), buf, sizeof(buf)))
		return "?";
	return buf;
}

std::string sid_to_string(const SidPrefix &p)
{
	return addr_to_string(p.addr) + "/" + std::to_string(p.len);
}

std::vector<std::string> addrs_to_strings(const std::vector<Ipv6Addr> &addrs)
{
	std::vector<std::string> out;
	for (const auto &a : addrs)
		out.push_back(addr_to_string(a));
	return out;
}

std::string endpoint_to_string(const Ipv6Addr &addr, uint16_t port)
{
	return "[" + addr_to_string(addr) + "]:" + std::to_string(port);
}

std::string flow_key_to_string(const FlowKey &k)
{
	return "from " + endpoint_to_string(k.client, k.sport) + " to " +
	       endpoint_to_string(k.server, k.dport);
}

std::string prefix_to_string(const std::vector<uint8_t> &addr, uint8_t len)
{
	std::string out = addr_to_string(addr);
	if (out != "?" && len != addr.size() * 8)
		out += "/" + std::to_string(len);
	return out;
}

std::string mac_to_string(const std::array<uint8_t, 6> &mac)
{
	char buf[18];
	std::snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		      mac[3], mac[4], mac[5]);
	return buf;
}

} // namespace sfcproxy
