// SPDX-License-Identifier: GPL-2.0
#include "args.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <set>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include "errors.hpp"

namespace sfcproxy {

namespace {

const std::string k_add = "dev add";
const std::string k_set = "dev set";

std::string range_text(uint64_t lo, uint64_t hi)
{
	return std::to_string(lo) + ".." + std::to_string(hi);
}

uint64_t parse_ranged(const std::string &kw, const std::string &value,
		      uint64_t lo, uint64_t hi, const std::string &suffix = {})
{
	auto v = parse_unsigned(value);
	if (!v || *v < lo || *v > hi)
		throw bad_argument(value, "\"" + kw + "\" must be in " +
					  range_text(lo, hi) + suffix);
	return *v;
}

uint8_t parse_enum(const std::string &kw, const std::string &value,
		   const std::vector<EnumName> &table)
{
	auto v = enum_from_name(table, value);
	if (!v)
		throw bad_argument(value, "\"" + kw + "\" must be one of " +
					  enum_choices(table));
	return *v;
}

uint16_t parse_port(const std::string &kw, const std::string &value)
{
	return static_cast<uint16_t>(parse_ranged(kw, value, 0, UINT16_MAX));
}

// Parser state that is not part of the result.
struct ParseState {
	DevConfig cfg;
	bool label_none = false;
};

void add_label(ParseState &st, const std::string &value)
{
	const std::string why = "\"label\" must be an MPLS label in " +
				range_text(0, SFCPROXY_MPLS_LABEL_MAX) +
				" or \"none\"";
	if (!st.cfg.labels)
		st.cfg.labels.emplace();
	auto &labels = *st.cfg.labels;
	// "none" is only meaningful alone: it asks for the empty nest.
	if (value == "none" || st.label_none) {
		if (!labels.empty() || st.label_none)
			throw bad_argument(value, "\"label none\" cannot be combined with other labels");
		st.label_none = true;
		return;
	}
	auto v = parse_unsigned(value);
	if (!v || *v > SFCPROXY_MPLS_LABEL_MAX)
		throw bad_argument(value, why);
	// The kernel refuses these too; catching them here gives a message
	// that points at the offending word.
	if (std::find(labels.begin(), labels.end(), *v) != labels.end())
		throw bad_argument(value, "\"label\" given twice");
	if (labels.size() >= SFCPROXY_MAX_LABELS)
		throw bad_argument(value, "at most " + std::to_string(SFCPROXY_MAX_LABELS) +
					  " labels are allowed");
	labels.push_back(static_cast<uint32_t>(*v));
}

struct Keyword {
	const char *name;
	bool on_add;
	bool on_set;
	bool repeatable;
	std::function<void(ParseState &, const std::string &)> apply;
};

const std::vector<Keyword> &dev_keywords()
{
	static const std::vector<Keyword> table = {
		{"link", true, false, false,
		 [](ParseState &st, const std::string &v) {
			 auto &c = st.cfg;
			 if (!valid_ifname(v))
				 throw bad_argument(v, "\"link\" must name a network device");
			 c.link = v;
		 }},
		{"encap", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 st.cfg.encap = parse_enum("encap", v, encap_names);
		 }},
		{"label", true, true, true, add_label},
		{"pop", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 auto &c = st.cfg;
			 c.pop = static_cast<uint8_t>(parse_ranged("pop", v, 0, SFCPROXY_MAX_DEPTH));
		 }},
		{"key", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 st.cfg.key_mode = parse_enum("key", v, key_mode_names);
		 }},
		{"id-mask", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 auto &c = st.cfg;
			 auto m = parse_unsigned(v);
			 if (!m || *m == 0 || *m > UINT32_MAX)
				 throw bad_argument(v, "\"id-mask\" must be a non-zero 32-bit mask (0x... or decimal)");
			 c.id_mask = static_cast<uint32_t>(*m);
		 }},
		{"cache-size", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 auto &c = st.cfg;
			 c.cache_size = static_cast<uint32_t>(
				 parse_ranged("cache-size", v, 1, SFCPROXY_CACHE_SIZE_MAX, " entries"));
		 }},
		{"cache-timeout", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 auto &c = st.cfg;
			 c.cache_timeout = static_cast<uint32_t>(
				 parse_ranged("cache-timeout", v, 1, SFCPROXY_CACHE_TIMEOUT_MAX, " milliseconds"));
		 }},
		{"miss", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 st.cfg.miss = parse_enum("miss", v, miss_names);
		 }},
		{"depth", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 auto &c = st.cfg;
			 c.depth = static_cast<uint8_t>(parse_ranged("depth", v, 1, SFCPROXY_MAX_DEPTH));
		 }},
		{"ttl", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 st.cfg.ttl = parse_enum("ttl", v, ttl_names);
		 }},
		{"cache-bytes", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 auto &c = st.cfg;
			 c.cache_bytes = static_cast<uint32_t>(
				 parse_ranged("cache-bytes", v, 0, UINT32_MAX, " bytes"));
		 }},
		{"egress-dev", true, true, false,
		 [](ParseState &st, const std::string &v) {
			 if (v != "none" && !valid_ifname(v))
				 throw bad_argument(v, "\"egress-dev\" must name a network device or be \"none\"");
			 st.cfg.egress_dev = v;
		 }},
	};
	return table;
}

// The row of a keyword table named `name`, or nullptr.
template <typename K>
const K *find_in(const std::vector<K> &table, const std::string &name)
{
	for (const auto &k : table)
		if (name == k.name)
			return &k;
	return nullptr;
}

const Keyword *find_keyword(const std::string &name)
{
	return find_in(dev_keywords(), name);
}

// The value of a keyword that names a network device.
const std::string &ifname_arg(const std::string &kw, const std::string &value)
{
	if (!valid_ifname(value))
		throw bad_argument(value, "\"" + kw + "\" must name a network device");
	return value;
}

UsageError unknown_keyword(const std::string &word, const std::string &cmd)
{
	std::string msg = "Error: unknown keyword \"" + word + "\" for \"" + cmd + "\"";
	// CLI11 only sees options placed before OBJECT; say so rather than
	// leave the user wondering why -j was "unknown".
	if (!word.empty() && word[0] == '-')
		msg += " (global options go before the object, e.g. \"sfcproxy -j dev show\")";
	return UsageError(msg);
}

UsageError required(const std::string &word, const std::string &cmd)
{
	return UsageError("Error: \"" + word + "\" is required for \"" + cmd + "\"");
}

// Commands whose arguments end after `used` words.
void no_more_args(ArgList args, size_t used, const std::string &cmd)
{
	if (args.size() > used)
		throw UsageError("Error: unexpected argument \"" + args[used] + "\" for \"" + cmd +
				 "\"");
}

// How one word of a "keyword value" grammar behaves.
struct WordSpec {
	bool takes_value = true;
	bool repeatable = false;
};

// Walks args[first..] word by word: `lookup` says whether a word is a
// keyword of this command (nullopt: unknown) and `apply` takes it. Unknown
// words, missing values and repeated keywords get the same wording in
// every command.
void walk_keywords(ArgList args, size_t first, const std::string &cmd,
		   const std::function<std::optional<WordSpec>(const std::string &)> &lookup,
		   const std::function<void(const std::string &, const std::string &)> &apply)
{
	std::set<std::string> seen;
	for (size_t i = first; i < args.size();) {
		const std::string &word = args[i];
		auto spec = lookup(word);
		if (!spec)
			throw unknown_keyword(word, cmd);
		std::string value;
		if (spec->takes_value) {
			if (i + 1 >= args.size())
				throw UsageError("Error: \"" + word + "\" needs a value for \"" + cmd + "\"");
			value = args[i + 1];
		}
		if (!spec->repeatable && !seen.insert(word).second)
			throw UsageError(spec->takes_value
						 ? "Error: duplicate \"" + word + "\": \"" + value +
							   "\" is the second value"
						 : "Error: duplicate \"" + word + "\"");
		apply(word, value);
		i += spec->takes_value ? 2 : 1;
	}
}

std::string take_dev_name(ArgList args, const std::string &cmd)
{
	if (args.empty())
		throw UsageError("Error: device name is required for \"" + cmd + "\"");
	const std::string &name = args[0];
	// Legal but never seen as an interface name, and almost always a
	// global option typed after the object.
	if (name[0] == '-')
		throw unknown_keyword(name, cmd);
	// A keyword in NAME's place almost always means NAME was forgotten
	// (`dev add link eth0 ...`); accepting it would create "link".
	if (find_keyword(name) && cmd != "dev del" && cmd != "dev show")
		throw UsageError("Error: device name is required for \"" + cmd +
				 "\" before \"" + name + "\"");
	if (!valid_ifname(name))
		throw bad_argument(name, "not a valid device name (1.." +
					 std::to_string(IFNAMSIZ - 1) +
					 " characters, no \"/\", \":\" or whitespace)");
	return name;
}

DevConfig parse_dev(ArgList args, bool add)
{
	const std::string &cmd = add ? k_add : k_set;
	ParseState st;
	DevConfig &c = st.cfg;
	c.name = take_dev_name(args, cmd);

	walk_keywords(
		args, 1, cmd,
		[&](const std::string &word) -> std::optional<WordSpec> {
			const Keyword *kw = find_keyword(word);
			if (kw && word == "link" && !add)
				throw UsageError("Error: \"link\" cannot be changed by \"dev set\"; "
						 "delete and re-add the device");
			if (!kw || !(add ? kw->on_add : kw->on_set))
				return std::nullopt;
			return WordSpec{true, kw->repeatable};
		},
		[&](const std::string &word, const std::string &value) {
			find_keyword(word)->apply(st, value);
		});

	if (add) {
		if (!c.link)
			throw required("link", cmd);
		if (!c.encap)
			throw required("encap", cmd);
	}
	return c;
}

// NSH forwarding table and classifier.

uint32_t parse_spi(const std::string &v)
{
	return static_cast<uint32_t>(parse_ranged("spi", v, 0, SFCPROXY_NSH_SPI_MAX));
}

uint8_t parse_si(const std::string &v)
{
	return static_cast<uint8_t>(parse_ranged("si", v, 1, 255));
}

// spi and si are both required wherever a path is named or pushed.
NshPath require_path(const std::optional<uint32_t> &spi, const std::optional<uint8_t> &si,
		     const std::string &cmd)
{
	if (!spi)
		throw required("spi", cmd);
	if (!si)
		throw required("si", cmd);
	return {*spi, *si};
}

std::vector<std::string> split(const std::string &s, char sep)
{
	std::vector<std::string> out(1);
	for (char ch : s) {
		if (ch == sep)
			out.emplace_back();
		else
			out.back() += ch;
	}
	return out;
}

// Pairs of hex digits, nothing else; "" is zero bytes.
std::optional<std::vector<uint8_t>> parse_hex(const std::string &s)
{
	if (s.size() % 2)
		return std::nullopt;
	std::vector<uint8_t> out;
	for (size_t i = 0; i < s.size(); i += 2) {
		if (!std::isxdigit(static_cast<unsigned char>(s[i])) ||
		    !std::isxdigit(static_cast<unsigned char>(s[i + 1])))
			return std::nullopt;
		out.push_back(static_cast<uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
	}
	return out;
}

// `spi`, `si` and the action words of `fwd add`; which of them the
// command takes is checked once all are known.
struct FwdState {
	FwdEntry e;
	std::optional<uint32_t> spi;
	std::optional<uint8_t> si;
	bool end = false;
};

void apply_fwd_word(FwdState &st, const std::string &word, const std::string &value)
{
	if (word == "spi") {
		st.spi = parse_spi(value);
	} else if (word == "si") {
		st.si = parse_si(value);
	} else if (word == "via") {
		st.e.mac = parse_mac(value);
		if (!st.e.mac)
			throw bad_argument(value, "\"via\" must be a MAC address, six hex bytes "
						  "separated by \":\"");
		// the kernel wants what is_valid_ether_addr() accepts
		if (((*st.e.mac)[0] & 1) || *st.e.mac == std::array<uint8_t, 6>{})
			throw bad_argument(value, "\"via\" must be a unicast MAC address (not "
						  "multicast, broadcast or all zeros)");
	} else if (word == "dev") {
		st.e.dev = ifname_arg("dev", value);
	} else {
		st.end = true;
	}
}

std::optional<WordSpec> fwd_word(const std::string &word, bool with_action)
{
	if (word == "spi" || word == "si")
		return WordSpec{};
	if (!with_action)
		return std::nullopt;
	if (word == "via" || word == "dev")
		return WordSpec{};
	if (word == "end")
		return WordSpec{false, false};
	return std::nullopt;
}

FwdState parse_fwd_words(ArgList args, const std::string &cmd, bool with_action)
{
	FwdState st;
	walk_keywords(
		args, 0, cmd,
		[&](const std::string &w) { return fwd_word(w, with_action); },
		[&](const std::string &w, const std::string &v) { apply_fwd_word(st, w, v); });
	return st;
}

struct Prefix {
	uint8_t family = 0;
	std::vector<uint8_t> addr;
	uint8_t len = 0;
};

// ADDRESS[/LEN]; `what` names the value in errors ("\"dst\"", "SID").
// The SID table takes IPv6 only and no /0, the classifier both families
// and /0 (the whole family).
Prefix parse_prefix(const std::string &what, const std::string &value, bool ipv6_only = false,
		    size_t min_len = 0)
{
	size_t slash = value.find('/');
	std::string addr = value.substr(0, slash);
	unsigned char buf[16];
	Prefix p;
	if (!ipv6_only && inet_pton(AF_INET, addr.c_str(), buf) == 1) {
		p.family = AF_INET;
		p.addr.assign(buf, buf + 4);
	} else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) {
		p.family = AF_INET6;
		p.addr.assign(buf, buf + 16);
	} else {
		throw bad_argument(value, what + (ipv6_only ? " must be an IPv6 prefix"
							    : " must be an IPv4 or IPv6 prefix") +
						  ", ADDRESS[/LEN]");
	}
	const size_t bits = p.addr.size() * 8;
	p.len = static_cast<uint8_t>(bits);
	if (slash != std::string::npos) {
		std::string len = value.substr(slash + 1);
		auto v = parse_unsigned(len);
		if (len.empty() || len.find_first_not_of("0123456789") != std::string::npos ||
		    !v || *v < min_len || *v > bits)
			throw bad_argument(value, what + " prefix length must be in " +
						  range_text(min_len, bits));
		p.len = static_cast<uint8_t>(*v);
	}
	// The kernel compares the masked packet address with the stored one,
	// so a host bit would make the rule never match; say which prefix
	// was probably meant instead of silently masking.
	std::vector<uint8_t> masked = p.addr;
	for (size_t i = 0; i < masked.size(); i++) {
		size_t keep = p.len > i * 8 ? std::min<size_t>(8, p.len - i * 8) : 0;
		masked[i] &= static_cast<uint8_t>(0xff00 >> keep);
	}
	if (masked != p.addr)
		throw bad_argument(value, what + " has host bits set beyond /" +
					  std::to_string(p.len) + " (did you mean " +
					  prefix_to_string(masked, p.len) + "?)");
	return p;
}

std::array<uint8_t, SFCPROXY_NSH_MD1_CTX_LEN> parse_md1(const std::string &value)
{
	auto parts = split(value, ':');
	std::array<uint8_t, SFCPROXY_NSH_MD1_CTX_LEN> ctx{};
	if (parts.size() != 4)
		parts.clear();
	for (size_t i = 0; i < parts.size(); i++) {
		auto v = parse_unsigned(parts[i]);
		if (!v || *v > UINT32_MAX) {
			parts.clear();
			break;
		}
		for (size_t b = 0; b < 4; b++)
			ctx[i * 4 + b] = static_cast<uint8_t>(*v >> (24 - 8 * b));
	}
	if (parts.empty())
		throw bad_argument(value, "\"md1\" must be four 32-bit values C1:C2:C3:C4 "
					  "(0x... or decimal)");
	return ctx;
}

Md2Tlv parse_md2(const std::string &value)
{
	auto parts = split(value, ':');
	if (parts.size() != 3)
		throw bad_argument(value, "\"md2\" must be CLASS:TYPE:HEX (the value may be empty)");
	Md2Tlv t;
	auto cls = parse_unsigned(parts[0]);
	if (!cls || *cls > UINT16_MAX)
		throw bad_argument(value, "\"md2\" class must be in 0..65535 (0x... or decimal)");
	t.md_class = static_cast<uint16_t>(*cls);
	auto type = parse_unsigned(parts[1]);
	if (!type || *type > UINT8_MAX)
		throw bad_argument(value, "\"md2\" type must be in 0..255");
	t.type = static_cast<uint8_t>(*type);
	auto bytes = parse_hex(parts[2]);
	if (!bytes)
		throw bad_argument(value, "\"md2\" value must be an even number of hex digits");
	if (bytes->size() > md2_value_max)
		throw bad_argument(value, "\"md2\" value must be at most " +
					  std::to_string(md2_value_max) + " bytes");
	t.value = std::move(*bytes);
	return t;
}

struct ClsState {
	ClsRule r;
	std::optional<Prefix> src;
	std::optional<Prefix> dst;
	std::optional<uint32_t> spi;
	std::optional<uint8_t> si;
	std::optional<std::vector<Md2Tlv>> md2;
	bool md2_none = false;
};

void add_md2(ClsState &st, const std::string &value)
{
	if (!st.md2)
		st.md2.emplace();
	// "none" asks for MD type 2 without context headers, so only alone.
	if (value == "none" || st.md2_none) {
		if (!st.md2->empty() || st.md2_none)
			throw bad_argument(value, "\"md2 none\" cannot be combined with other "
						  "context headers");
		st.md2_none = true;
		return;
	}
	st.md2->push_back(parse_md2(value));
}

struct ClsKeyword {
	const char *name;
	bool match; // part of the rule's identity, so also taken by "del"
	bool repeatable;
	std::function<void(ClsState &, const std::string &)> apply;
};

const std::vector<ClsKeyword> &cls_keywords()
{
	static const std::vector<ClsKeyword> table = {
		{"src", true, false,
		 [](ClsState &st, const std::string &v) { st.src = parse_prefix("\"src\"", v); }},
		{"dst", true, false,
		 [](ClsState &st, const std::string &v) { st.dst = parse_prefix("\"dst\"", v); }},
		{"proto", true, false,
		 [](ClsState &st, const std::string &v) {
			 auto p = enum_from_name(proto_names, v);
			 if (!p) {
				 auto n = parse_unsigned(v);
				 if (!n || *n > UINT8_MAX)
					 throw bad_argument(v, "\"proto\" must be one of " +
								       enum_choices(proto_names) +
								       " or a number in 0..255");
				 p = static_cast<uint8_t>(*n);
			 }
			 // 0 is "any" to the kernel, the same as leaving it out;
			 // one spelling keeps one rule identity.
			 if (*p)
				 st.r.match.proto = *p;
		 }},
		{"sport", true, false,
		 [](ClsState &st, const std::string &v) { st.r.match.sport = parse_port("sport", v); }},
		{"dport", true, false,
		 [](ClsState &st, const std::string &v) { st.r.match.dport = parse_port("dport", v); }},
		{"spi", false, false, [](ClsState &st, const std::string &v) { st.spi = parse_spi(v); }},
		{"si", false, false, [](ClsState &st, const std::string &v) { st.si = parse_si(v); }},
		{"ttl", false, false,
		 [](ClsState &st, const std::string &v) {
			 st.r.ttl = static_cast<uint8_t>(parse_ranged("ttl", v, 1, SFCPROXY_NSH_TTL_MAX));
		 }},
		{"md1", false, false,
		 [](ClsState &st, const std::string &v) { st.r.md1 = parse_md1(v); }},
		{"md2", false, true, add_md2},
	};
	return table;
}

void finish_match(ClsState &st, const std::string &cmd)
{
	ClsMatch &m = st.r.match;
	if (st.src && st.dst && st.src->family != st.dst->family)
		throw UsageError("Error: \"src\" and \"dst\" must be of one family (both IPv4 or "
				 "both IPv6) for \"" + cmd + "\"");
	for (const auto *p : {&st.src, &st.dst})
		if (*p)
			m.family = (*p)->family;
	// A /0 prefix matches every address of its family, which the kernel
	// spells as the family alone (it refuses prefix length 0).
	if (st.src && st.src->len) {
		m.src = st.src->addr;
		m.src_len = st.src->len;
	}
	if (st.dst && st.dst->len) {
		m.dst = st.dst->addr;
		m.dst_len = st.dst->len;
	}
	bool has_ports = m.proto == IPPROTO_TCP || m.proto == IPPROTO_UDP ||
			 m.proto == IPPROTO_SCTP;
	if ((m.sport || m.dport) && !has_ports)
		throw UsageError(std::string("Error: \"") + (m.sport ? "sport" : "dport") +
				 "\" needs \"proto tcp\", \"proto udp\" or \"proto sctp\" for \"" +
				 cmd + "\"");
}

void finish_action(ClsState &st, const std::string &cmd)
{
	NshPath path = require_path(st.spi, st.si, cmd);
	st.r.spi = path.spi;
	st.r.si = path.si;
	if (st.r.md1 && st.md2)
		throw UsageError("Error: \"md1\" and \"md2\" cannot be combined for \"" + cmd + "\"");
	if (st.md2) {
		std::vector<uint8_t> wire = md2_encode(*st.md2);
		if (wire.size() > SFCPROXY_NSH_MD2_MAX)
			throw UsageError("Error: \"md2\" context headers take " +
					 std::to_string(wire.size()) + " bytes, at most " +
					 std::to_string(SFCPROXY_NSH_MD2_MAX) + " are allowed");
		st.r.md2 = std::move(wire);
	}
}

ClsState parse_cls(ArgList args, const std::string &cmd, bool with_action)
{
	ClsState st;
	walk_keywords(
		args, 0, cmd,
		[&](const std::string &word) -> std::optional<WordSpec> {
			const ClsKeyword *kw = find_in(cls_keywords(), word);
			if (!kw)
				return std::nullopt;
			if (!with_action && !kw->match)
				throw UsageError("Error: \"" + word + "\" is not part of a match: \"" +
						 cmd + "\" takes src, dst, proto, sport and dport");
			return WordSpec{true, kw->repeatable};
		},
		[&](const std::string &word, const std::string &value) {
			find_in(cls_keywords(), word)->apply(st, value);
		});
	finish_match(st, cmd);
	if (with_action)
		finish_action(st, cmd);
	return st;
}

// SRv6 SID table.

std::optional<Ipv6Addr> parse_ipv6(const std::string &s)
{
	Ipv6Addr a;
	if (inet_pton(AF_INET6, s.c_str(), a.data()) != 1)
		return std::nullopt;
	return a;
}

SidPrefix parse_sid_prefix(const std::string &value)
{
	Prefix p = parse_prefix("SID", value, true, 1);
	SidPrefix sid;
	std::copy(p.addr.begin(), p.addr.end(), sid.addr.begin());
	sid.len = p.len;
	return sid;
}

bool is_sid_keyword(const std::string &word)
{
	return word == "behavior" || word == "dev" || word == "src" || word == "segs" ||
	       word == "proto" || word == "retpath-tlv" || word == "flow-timeout" ||
	       word == "flow-limit";
}

// The SID comes first, as the device name does in `dev add`.
SidPrefix take_sid(ArgList args, const std::string &cmd)
{
	if (args.empty())
		throw UsageError("Error: SID is required for \"" + cmd + "\"");
	const std::string &word = args[0];
	if (!word.empty() && word[0] == '-')
		throw unknown_keyword(word, cmd);
	if (is_sid_keyword(word))
		throw UsageError("Error: SID is required for \"" + cmd + "\" before \"" + word + "\"");
	return parse_sid_prefix(word);
}

std::vector<Ipv6Addr> parse_segs(const std::string &value)
{
	std::vector<Ipv6Addr> segs;
	for (const auto &part : split(value, ',')) {
		auto a = parse_ipv6(part);
		if (!a)
			throw bad_argument(value, "\"segs\" must be IPv6 addresses separated by \",\"");
		segs.push_back(*a);
	}
	if (segs.size() > SFCPROXY_SRV6_MAX_SEGS)
		throw bad_argument(value, "\"segs\" takes at most " +
					  std::to_string(SFCPROXY_SRV6_MAX_SEGS) + " addresses");
	return segs;
}

// The module hands End.VNF only TCP, the bytestream a transparent proxy
// terminates; "proto tcp" is taken so that a command line may say so.
uint8_t parse_vnf_proto(const std::string &value)
{
	auto p = enum_from_name(proto_names, value);
	if (!p) {
		auto n = parse_unsigned(value);
		if (n && *n <= UINT8_MAX)
			p = static_cast<uint8_t>(*n);
	}
	if (p != IPPROTO_TCP)
		throw bad_argument(value, "\"proto\" must be tcp: End.VNF supports only TCP");
	return *p;
}

// Pad1, PadN and HMAC mean something of their own in every SRH.
uint8_t parse_retpath_tlv(const std::string &value)
{
	auto t = parse_unsigned(value);
	if (!t || *t < 1 || *t > UINT8_MAX || *t == srh_tlv_padn || *t == srh_tlv_hmac)
		throw bad_argument(value, "\"retpath-tlv\" must be an SRH TLV type in 1..255 "
					  "other than 4 (PadN) and 5 (HMAC)");
	return static_cast<uint8_t>(*t);
}

void apply_sid_word(SidEntry &e, const std::string &word, const std::string &value)
{
	if (word == "behavior") {
		e.behavior = parse_enum("behavior", value, sid_behavior_names);
	} else if (word == "dev") {
		e.dev = ifname_arg("dev", value);
	} else if (word == "src") {
		e.src = parse_ipv6(value);
		if (!e.src)
			throw bad_argument(value, "\"src\" must be an IPv6 address");
	} else if (word == "segs") {
		e.segs = parse_segs(value);
	} else if (word == "proto") {
		e.proto = parse_vnf_proto(value);
	} else if (word == "retpath-tlv") {
		e.retpath_tlv = parse_retpath_tlv(value);
	} else if (word == "flow-timeout") {
		e.flow_timeout = static_cast<uint32_t>(parse_ranged(
			"flow-timeout", value, 1000, SFCPROXY_CACHE_TIMEOUT_MAX, " milliseconds"));
	} else {
		// one SID may take every record of the namespace, never more
		e.flow_limit = static_cast<uint32_t>(
			parse_ranged("flow-limit", value, 1, SFCPROXY_PIPE_MAX_FLOWS, " records"));
	}
}

// `word` is only for behaviour `owner`, and `e` has another one.
UsageError only_for(const std::string &word, uint8_t owner, const SidEntry &e,
		    const std::string &cmd)
{
	return UsageError("Error: \"" + word + "\" is only for behavior " +
			  enum_to_name(sid_behavior_names, owner) + ", not " +
			  enum_to_name(sid_behavior_names, e.behavior) + ", for \"" + cmd + "\"");
}

void finish_sid(const SidEntry &e, const std::string &cmd)
{
	if (!e.behavior)
		throw required("behavior", cmd);
	if (e.dev.empty())
		throw required("dev", cmd);
	// The static proxy pushes a header of its own; the others reuse the
	// packet's.
	const bool as = e.behavior == SFCPROXY_SID_END_AS;
	if (as && (!e.src || e.segs.empty()))
		throw UsageError("Error: behavior End.AS needs \"src\" and \"segs\" for \"" + cmd +
				 "\"");
	if (!as && (e.src || !e.segs.empty()))
		throw only_for(e.src ? "src" : "segs", SFCPROXY_SID_END_AS, e, cmd);
	// End.VNF hands packets to an ordinary device and records flows;
	// the proxies have nothing to do with these
	if (e.behavior != SFCPROXY_SID_END_VNF &&
	    (e.proto || e.retpath_tlv || e.flow_timeout || e.flow_limit))
		throw only_for(e.proto ? "proto" : e.retpath_tlv ? "retpath-tlv"
			       : e.flow_timeout ? "flow-timeout" : "flow-limit",
			       SFCPROXY_SID_END_VNF, e, cmd);
}

// End.VNF flow records.

void apply_flow_word(FlowFilter &f, const std::string &word, const std::string &value)
{
	if (word == "sport" || word == "dport") {
		(word == "sport" ? f.sport : f.dport) = parse_port(word, value);
		return;
	}
	auto a = parse_ipv6(value);
	if (!a)
		throw bad_argument(value, "\"" + word + "\" must be an IPv6 address");
	(word == "client" ? f.client : f.server) = a;
}

} // namespace

std::optional<uint64_t> parse_unsigned(const std::string &s)
{
	int base = 10;
	size_t pos = 0;
	if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		pos = 2;
	}
	if (pos >= s.size())
		return std::nullopt;
	uint64_t v = 0;
	for (; pos < s.size(); pos++) {
		unsigned char ch = static_cast<unsigned char>(s[pos]);
		unsigned d;
		if (std::isdigit(ch))
			d = ch - '0';
		else if (base == 16 && std::isxdigit(ch))
			d = static_cast<unsigned>(std::tolower(ch) - 'a' + 10);
		else
			return std::nullopt;
		if (v > (std::numeric_limits<uint64_t>::max() - d) / base)
			return std::nullopt;
		v = v * base + d;
	}
	return v;
}

bool valid_ifname(const std::string &s)
{
	if (s.empty() || s.size() >= IFNAMSIZ || s == "." || s == "..")
		return false;
	for (unsigned char ch : s)
		if (ch == '/' || ch == ':' || std::isspace(ch))
			return false;
	return true;
}

DevConfig parse_dev_add(ArgList args)
{
	return parse_dev(args, true);
}

DevConfig parse_dev_set(ArgList args)
{
	return parse_dev(args, false);
}

std::string parse_dev_name(ArgList args, const std::string &cmd)
{
	std::string name = take_dev_name(args, cmd);
	no_more_args(args, 1, cmd);
	return name;
}

// `[ dev ] NAME`: as in iproute2, the dev keyword is optional where a
// command takes nothing but a device, so both parsers are one.
std::optional<std::string> parse_opt_dev_name(ArgList args, const std::string &cmd)
{
	if (args.empty())
		return std::nullopt;
	if (args[0] != "dev")
		return parse_dev_name(args, cmd);
	if (args.size() < 2)
		throw UsageError("Error: \"dev\" needs a value for \"" + cmd + "\"");
	ifname_arg("dev", args[1]);
	no_more_args(args, 2, cmd);
	return args[1];
}

std::optional<std::string> parse_dev_filter(ArgList args, const std::string &cmd)
{
	return parse_opt_dev_name(args, cmd);
}

std::optional<std::array<uint8_t, 6>> parse_mac(const std::string &s)
{
	auto parts = split(s, ':');
	if (parts.size() != 6)
		return std::nullopt;
	std::array<uint8_t, 6> mac{};
	for (size_t i = 0; i < parts.size(); i++) {
		// one or two digits per byte, as ip(8) accepts
		std::string byte = parts[i].size() == 1 ? "0" + parts[i] : parts[i];
		auto v = parse_hex(byte);
		if (!v || v->size() != 1)
			return std::nullopt;
		mac[i] = (*v)[0];
	}
	return mac;
}

FwdEntry parse_fwd_args(ArgList args, const std::string &cmd)
{
	FwdState st = parse_fwd_words(args, cmd, true);
	NshPath path = require_path(st.spi, st.si, cmd);
	FwdEntry &e = st.e;
	e.spi = path.spi;
	e.si = path.si;
	if (st.end) {
		if (e.mac || !e.dev.empty())
			throw UsageError("Error: \"end\" cannot be combined with \"via\" or \"dev\" for \"" +
					 cmd + "\"");
		e.action = SFCPROXY_FWD_END;
	} else if (e.mac) {
		if (e.dev.empty())
			throw UsageError("Error: \"via\" needs \"dev\", the device the next hop is on, for \"" +
					 cmd + "\"");
		e.action = SFCPROXY_FWD_NEXT_HOP;
	} else if (!e.dev.empty()) {
		e.action = SFCPROXY_FWD_PROXY;
	} else {
		throw UsageError("Error: one of \"via MAC dev DEV\", \"dev PROXYDEV\" or \"end\" is "
				 "required for \"" + cmd + "\"");
	}
	return e;
}

NshPath parse_fwd_path(ArgList args, const std::string &cmd)
{
	FwdState st = parse_fwd_words(args, cmd, false);
	return require_path(st.spi, st.si, cmd);
}

FwdFilter parse_fwd_filter(ArgList args, const std::string &cmd)
{
	FwdState st = parse_fwd_words(args, cmd, false);
	if (st.si && !st.spi)
		throw UsageError("Error: \"si\" needs \"spi\" for \"" + cmd + "\"");
	return {st.spi, st.si};
}

ClsRule parse_cls_args(ArgList args, const std::string &cmd)
{
	return parse_cls(args, cmd, true).r;
}

ClsMatch parse_cls_match(ArgList args, const std::string &cmd)
{
	if (args.empty())
		throw UsageError("Error: \"" + cmd + "\" needs a match (src, dst, proto, sport, "
				 "dport); \"classifier flush\" deletes every rule");
	return parse_cls(args, cmd, false).r.match;
}

SidEntry parse_sid_args(ArgList args, const std::string &cmd)
{
	SidEntry e;
	e.sid = take_sid(args, cmd);
	walk_keywords(
		args, 1, cmd,
		[](const std::string &w) -> std::optional<WordSpec> {
			if (!is_sid_keyword(w))
				return std::nullopt;
			return WordSpec{};
		},
		[&](const std::string &w, const std::string &v) { apply_sid_word(e, w, v); });
	finish_sid(e, cmd);
	return e;
}

SidPrefix parse_sid(ArgList args, const std::string &cmd)
{
	SidPrefix sid = take_sid(args, cmd);
	no_more_args(args, 1, cmd);
	return sid;
}

std::optional<SidPrefix> parse_sid_filter(ArgList args, const std::string &cmd)
{
	if (args.empty())
		return std::nullopt;
	return parse_sid(args, cmd);
}

FlowFilter parse_flow_filter(ArgList args, const std::string &cmd)
{
	FlowFilter f;
	walk_keywords(
		args, 0, cmd,
		[](const std::string &w) -> std::optional<WordSpec> {
			if (w == "client" || w == "sport" || w == "server" || w == "dport")
				return WordSpec{};
			return std::nullopt;
		},
		[&](const std::string &w, const std::string &v) { apply_flow_word(f, w, v); });
	return f;
}

void parse_no_args(ArgList args, const std::string &cmd)
{
	if (!args.empty())
		throw unknown_keyword(args[0], cmd);
}

bool wants_help(ArgList args)
{
	return std::any_of(args.begin(), args.end(), [](const std::string &a) {
		return a == "help" || a == "-h" || a == "--help";
	});
}

} // namespace sfcproxy
