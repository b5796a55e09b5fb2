// SPDX-License-Identifier: GPL-2.0
#include "output.hpp"

#include <array>
#include <cstdio>
#include <map>

#include <sys/socket.h>

namespace sfcproxy {

namespace {

// Counters keep their snake_case name in both forms: scripts grep the text
// and jq the JSON with the same word.
void print_counters(Printer &p, const std::vector<StatName> &names,
		    const std::map<uint16_t, uint64_t> &values)
{
	for (const auto &s : names) {
		auto it = values.find(s.attr);
		if (it != values.end())
			p.uint(s.name, std::string(s.name) + " {}", it->second);
	}
}

// packets/bytes of a forwarding entry, classifier rule or SID, on its line
void print_traffic(Printer &p, const std::optional<uint64_t> &packets,
		   const std::optional<uint64_t> &bytes)
{
	if (packets)
		p.uint("packets", "packets {}", *packets);
	if (bytes)
		p.uint("bytes", "bytes {}", *bytes);
}

// Context headers as CLASS:TYPE:HEX, the form "md2" takes on the command
// line; bytes that do not decode (a kernel that disagrees about the
// format) are shown raw rather than hidden.
void print_md2(Printer &p, const std::vector<uint8_t> &wire)
{
	auto tlvs = md2_decode(wire);
	if (!tlvs) {
		p.str("md2_raw", "md2-raw {}", to_hex(wire));
		return;
	}
	p.begin_list("md2", "md2 {}");
	for (const auto &t : *tlvs) {
		p.begin_item();
		p.hex("class", "{}", t.md_class, 4);
		p.uint("type", ":{}", t.type);
		p.str("value", ":{}", to_hex(t.value));
		p.end_item();
	}
	p.end_list();
}

void print_enum(Printer &p, std::string_view key, std::string_view fmt,
		const std::vector<EnumName> &table, const std::optional<uint8_t> &v)
{
	if (v)
		p.str(key, fmt, enum_to_name(table, *v));
}

template <typename T>
void print_u(Printer &p, std::string_view key, std::string_view fmt, const std::optional<T> &v)
{
	if (v)
		p.uint(key, fmt, *v);
}

// the words of `dev show` for one device, within a record
void print_dev_fields(Printer &p, const DevInfo &dev, bool with_stats)
{
	p.str("ifname", "{}:", ifname_or_index(dev.name, dev.ifindex));
	p.uint("ifindex", "", dev.ifindex);
	if (dev.link)
		p.str("link", "link {}", ifname_or_index(dev.link_name, dev.link));
	print_enum(p, "encap", "encap {}", encap_names, dev.encap);
	// labels, pop and depth mean something for MPLS only
	const bool mpls = !dev.encap || *dev.encap == SFCPROXY_ENCAP_MPLS;
	if (mpls && dev.labels)
		p.uint_list("labels", "labels {}", *dev.labels);
	if (mpls)
		print_u(p, "pop", "pop {}", dev.pop);
	print_enum(p, "key", "key {}", key_mode_names, dev.key_mode);
	if (dev.id_mask)
		p.hex32("id_mask", "id-mask {}", *dev.id_mask);
	print_u(p, "cache_size", "cache-size {}", dev.cache_size);
	print_u(p, "cache_timeout", "cache-timeout {}", dev.cache_timeout);
	print_enum(p, "miss", "miss {}", miss_names, dev.miss);
	if (mpls)
		print_u(p, "depth", "depth {}", dev.depth);
	print_enum(p, "ttl", "ttl {}", ttl_names, dev.ttl);
	print_u(p, "cache_bytes", "cache-bytes {}", dev.cache_bytes);
	if (dev.egress_ifindex && *dev.egress_ifindex)
		p.str("egress_dev", "egress-dev {}",
		      ifname_or_index(dev.egress_name, *dev.egress_ifindex));
	if (with_stats && dev.has_stats) {
		p.begin_group("stats");
		print_counters(p, stat_names, dev.stats);
		p.end_group();
	}
}

// An address and a port: two JSON keys, one text word [ADDR]:PORT.
void print_endpoint(Printer &p, std::string_view word, std::string_view addr_key,
		    std::string_view port_key, const Ipv6Addr &addr, uint16_t port)
{
	p.str(addr_key, "", addr_to_string(addr));
	p.uint(port_key, "", port);
	p.str("", word, endpoint_to_string(addr, port));
}

// Milliseconds as seconds with two decimals, truncated: an age is read
// by a human, and the exact number is in JSON.
std::string seconds_text(uint32_t ms)
{
	char buf[24];
	std::snprintf(buf, sizeof(buf), "%u.%02us", ms / 1000, ms % 1000 / 10);
	return buf;
}

// The first line of a flow record: whose flow it is, which SID it came to
// and where it is handed over.
void print_flow_fields(Printer &p, const FlowRecord &f)
{
	print_endpoint(p, "client {}", "client", "sport", f.key.client, f.key.sport);
	print_endpoint(p, "server {}", "server", "dport", f.key.server, f.key.dport);
	p.str("sid", "", addr_to_string(f.sid));
	p.uint("sid_prefix_len", "", f.sid_prefix_len);
	p.str("", "sid {}", sid_to_string({f.sid, f.sid_prefix_len}));
	p.uint("function", "function {}", f.function);
	p.uint("args", "args {}", f.args);
	p.str("dev", "dev {}", ifname_or_index(f.dev, f.ifindex));
	p.uint("age_ms", "", f.age_ms);
	p.str("", "age {}", seconds_text(f.age_ms));
	p.uint("packets", "packets {}", f.packets);
}

// The SYN's SRH (its TLVs by type and length; the values are in JSON) and
// return path, each on an indented line when `text`, else in JSON only.
// Bytes that do not decode are shown raw rather than hidden.
void print_flow_path(Printer &p, const FlowRecord &f, bool text)
{
	auto fmt = [text](std::string_view s) { return text ? s : std::string_view{}; };
	auto srh = srh_decode(f.srh);
	if (srh) {
		p.begin_group("srh");
		p.str("", fmt("srh"), "");
		p.uint("segments_left", fmt("sl {}"), srh->segments_left);
		p.uint("last_entry", "", srh->last_entry);
		p.str_list("segments", fmt("segs {}"), addrs_to_strings(srh->segments));
		// no "tlv none": most SRHs have none
		p.begin_list("tlvs", srh->tlvs.empty() ? "" : fmt("tlv {}"));
		for (const auto &t : srh->tlvs) {
			p.begin_item();
			p.uint("type", "{}", t.type);
			p.str("value", "", to_hex(t.value));
			p.str("", " len {}", std::to_string(t.value.size()));
			p.end_item();
		}
		p.end_list();
	} else {
		p.begin_group("");
		p.str("srh", fmt("srh {}"), to_hex(f.srh));
	}
	p.end_group();
	if (!f.retpath)
		return;
	p.begin_group("");
	if (auto hops = ipv6_list(*f.retpath))
		p.str_list("retpath", fmt("retpath {}"), addrs_to_strings(*hops));
	else
		p.str("retpath", fmt("retpath {}"), to_hex(*f.retpath));
	p.end_group();
}

} // namespace

void print_dev(Printer &p, const DevInfo &dev, bool with_stats)
{
	p.begin_record();
	print_dev_fields(p, dev, with_stats);
	p.end_record();
}

void print_dev_event(Printer &p, DevEvent event, const DevInfo &dev, bool with_stats)
{
	const bool del = event == DevEvent::deleted;
	p.begin_record();
	// "event" leads in JSON, "[NEW]" in text: the same word, spelled
	// for each form
	p.str("event", "", del ? "del" : "new");
	p.str("", del ? "[DEL]" : "[NEW]", "");
	print_dev_fields(p, dev, with_stats);
	p.end_record();
}

void print_events_lost(Printer &p)
{
	p.begin_record();
	p.str("event", "", "lost");
	p.str("", "# events lost", "");
	p.end_record();
}

void print_dev_stats(Printer &p, const DevInfo &dev)
{
	p.begin_record();
	p.str("ifname", "{}:", ifname_or_index(dev.name, dev.ifindex));
	p.begin_group("");
	print_counters(p, stat_names, dev.stats);
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

void print_fwd_entry(Printer &p, const FwdEntry &e, bool with_stats)
{
	p.begin_record();
	p.uint("spi", "spi {}", e.spi);
	p.uint("si", "si {}", e.si);
	// In text "via"/"dev" say what the action is, and "end" is a word of
	// its own, as on the command line; only an action this tool does not
	// know needs spelling out.
	std::string_view action_fmt = "action {}";
	if (e.action == SFCPROXY_FWD_NEXT_HOP || e.action == SFCPROXY_FWD_PROXY)
		action_fmt = "";
	else if (e.action == SFCPROXY_FWD_END)
		action_fmt = "{}";
	p.str("action", action_fmt, enum_to_name(fwd_action_names, e.action));
	if (e.mac)
		p.str("mac", "via {}", mac_to_string(*e.mac));
	if (e.ifindex || !e.dev.empty())
		p.str("dev", "dev {}", ifname_or_index(e.dev, e.ifindex));
	if (with_stats)
		print_traffic(p, e.packets, e.bytes);
	p.end_record();
}

void print_nsh_stats(Printer &p, const NshStats &stats)
{
	p.begin_summary("entries", "stats");
	p.str("", "{}:", "nsh");
	p.begin_group("");
	print_counters(p, nsh_stat_names, stats);
	p.end_group();
	p.end_summary();
}

void print_cls_rule(Printer &p, const ClsRule &r, bool with_stats)
{
	const ClsMatch &m = r.match;
	p.begin_record();
	if (m.src)
		p.str("src", "src {}", prefix_to_string(*m.src, m.src_len));
	if (m.dst)
		p.str("dst", "dst {}", prefix_to_string(*m.dst, m.dst_len));
	// A family without a prefix: how "dst 0.0.0.0/0" is stored.
	if (m.family && !m.src && !m.dst)
		p.str("dst", "dst {}", *m.family == AF_INET ? "0.0.0.0/0" : "::/0");
	// 0 is "any", which the kernel may report or leave out
	if (m.proto && *m.proto)
		p.str("proto", "proto {}", enum_to_name(proto_names, *m.proto));
	if (m.sport)
		p.uint("sport", "sport {}", *m.sport);
	if (m.dport)
		p.uint("dport", "dport {}", *m.dport);
	p.uint("spi", "spi {}", r.spi);
	p.uint("si", "si {}", r.si);
	// The kernel reports its defaults (TTL 63, a zero MD1 context) on
	// every rule; text leaves them out as the command line may, JSON
	// keeps them.
	if (r.ttl)
		p.uint("ttl", *r.ttl == nsh_ttl_default ? "" : "ttl {}", *r.ttl);
	p.uint("md_type", "", r.md2 ? 2 : 1);
	if (r.md1) {
		std::array<uint32_t, 4> words{};
		for (size_t i = 0; i < r.md1->size(); i++)
			words[i / 4] = words[i / 4] << 8 | (*r.md1)[i];
		bool zero = words == std::array<uint32_t, 4>{};
		p.uint_list("md1", zero ? "" : "md1 {}", words, ':');
	}
	if (r.md2)
		print_md2(p, *r.md2);
	if (with_stats)
		print_traffic(p, r.packets, r.bytes);
	p.end_record();
}

void print_sid_entry(Printer &p, const SidEntry &e, bool with_stats)
{
	p.begin_record();
	p.str("sid", "{}", sid_to_string(e.sid));
	p.str("behavior", "behavior {}", enum_to_name(sid_behavior_names, e.behavior));
	if (e.ifindex || !e.dev.empty())
		p.str("dev", "dev {}", ifname_or_index(e.dev, e.ifindex));
	if (e.src)
		p.str("src", "src {}", addr_to_string(*e.src));
	if (!e.segs.empty())
		p.str_list("segs", "segs {}", addrs_to_strings(e.segs));
	print_enum(p, "proto", "proto {}", proto_names, e.proto);
	print_u(p, "retpath_tlv", "retpath-tlv {}", e.retpath_tlv);
	print_u(p, "flow_timeout", "flow-timeout {}", e.flow_timeout);
	print_u(p, "flow_limit", "flow-limit {}", e.flow_limit);
	if (with_stats) {
		print_traffic(p, e.packets, e.bytes);
		print_u(p, "errors", "errors {}", e.errors);
		print_u(p, "flows", "flows {}", e.flows);
		print_u(p, "flows_full", "flows_full {}", e.flows_full);
		print_u(p, "flows_active", "flows_active {}", e.flows_active);
		print_u(p, "flows_half_open", "flows_half_open {}", e.flows_half_open);
		print_u(p, "flows_too_big", "flows_too_big {}", e.flows_too_big);
		print_u(p, "flows_unanswered", "flows_unanswered {}", e.flows_unanswered);
	}
	p.end_record();
}

void print_flow_record(Printer &p, const FlowRecord &f)
{
	p.begin_record();
	print_flow_fields(p, f);
	print_flow_path(p, f, true);
	p.end_record();
}

void print_flow_event(Printer &p, const FlowRecord &f)
{
	p.begin_record();
	p.str("event", "", "flow");
	p.str("", "[FLOW]", "");
	print_flow_fields(p, f);
	print_flow_path(p, f, false);
	p.end_record();
}

} // namespace sfcproxy
