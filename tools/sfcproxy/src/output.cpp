// SPDX-License-Identifier: GPL-2.0
#include "output.hpp"

namespace sfcproxy {

namespace {

// Counters keep their snake_case name in both forms: scripts grep the text
// and jq the JSON with the same word.
void print_counters(Printer &p, const DevInfo &dev)
{
	for (const auto &s : stat_names) {
		auto it = dev.stats.find(s.attr);
		if (it != dev.stats.end())
			p.uint(s.name, std::string(s.name) + " {}", it->second);
	}
}

void print_enum(Printer &p, std::string_view key, std::string_view fmt,
		const std::vector<EnumName> &table, const std::optional<uint8_t> &v)
{
	if (v)
		p.str(key, fmt, enum_to_name(table, *v));
}

void print_u(Printer &p, std::string_view key, std::string_view fmt,
	     const std::optional<uint32_t> &v)
{
	if (v)
		p.uint(key, fmt, *v);
}

void print_u(Printer &p, std::string_view key, std::string_view fmt,
	     const std::optional<uint8_t> &v)
{
	if (v)
		p.uint(key, fmt, *v);
}

} // namespace

void print_dev(Printer &p, const DevInfo &dev, bool with_stats)
{
	p.begin_record();
	p.str("ifname", "{}:", ifname_or_index(dev.name, dev.ifindex));
	p.uint("ifindex", "", dev.ifindex);
	if (dev.link)
		p.str("link", "link {}", ifname_or_index(dev.link_name, dev.link));
	print_enum(p, "encap", "encap {}", encap_names, dev.encap);
	if (dev.labels)
		p.uint_list("labels", "labels {}", *dev.labels);
	print_u(p, "pop", "pop {}", dev.pop);
	print_enum(p, "key", "key {}", key_mode_names, dev.key_mode);
	if (dev.id_mask)
		p.hex32("id_mask", "id-mask {}", *dev.id_mask);
	print_u(p, "cache_size", "cache-size {}", dev.cache_size);
	print_u(p, "cache_timeout", "cache-timeout {}", dev.cache_timeout);
	print_enum(p, "miss", "miss {}", miss_names, dev.miss);
	print_u(p, "depth", "depth {}", dev.depth);
	print_enum(p, "ttl", "ttl {}", ttl_names, dev.ttl);
	print_u(p, "cache_bytes", "cache-bytes {}", dev.cache_bytes);
	if (dev.egress_ifindex && *dev.egress_ifindex)
		p.str("egress_dev", "egress-dev {}",
		      ifname_or_index(dev.egress_name, *dev.egress_ifindex));
	if (with_stats && dev.has_stats) {
		p.begin_group("stats");
		print_counters(p, dev);
		p.end_group();
	}
	p.end_record();
}

void print_dev_stats(Printer &p, const DevInfo &dev)
{
	p.begin_record();
	p.str("ifname", "{}:", ifname_or_index(dev.name, dev.ifindex));
	p.begin_group("");
	print_counters(p, dev);
	p.end_group();
	p.end_record();
}

void print_cache_entry(Printer &p, const CacheEntry &e)
{
	p.begin_record();
	p.str("ifname", "{}", ifname_or_index(e.ifname, e.ifindex));
	print_enum(p, "key_mode", "key-mode {}", key_mode_names, e.key_mode);
	p.str("key", "key {}", to_hex(e.key));
	p.str("header", "header {}", to_hex(e.header));
	print_u(p, "age_ms", "age {}ms", e.age_ms);
	p.end_record();
}

} // namespace sfcproxy
