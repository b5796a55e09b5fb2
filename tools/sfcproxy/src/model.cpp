// SPDX-License-Identifier: GPL-2.0
#include "model.hpp"

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
	{SFCPROXY_STATS_A_CACHE_ENTRIES, "cache_entries"},
	{SFCPROXY_STATS_A_CACHE_BYTES, "cache_bytes"},
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

std::string ifname_or_index(const std::string &name, uint32_t ifindex)
{
	if (!name.empty())
		return name;
	return "if" + std::to_string(ifindex);
}

} // namespace sfcproxy
