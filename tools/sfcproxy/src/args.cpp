// SPDX-License-Identifier: GPL-2.0
#include "args.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <set>

#include <net/if.h>

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

const Keyword *find_keyword(const std::string &name)
{
	for (const auto &k : dev_keywords())
		if (name == k.name)
			return &k;
	return nullptr;
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

	std::set<std::string> seen;
	for (size_t i = 1; i < args.size(); i += 2) {
		const std::string &word = args[i];
		const Keyword *kw = find_keyword(word);
		if (!kw || !(add ? kw->on_add : kw->on_set)) {
			if (kw && word == "link")
				throw UsageError("Error: \"link\" cannot be changed by \"dev set\"; delete and re-add the device");
			throw unknown_keyword(word, cmd);
		}
		if (i + 1 >= args.size())
			throw UsageError("Error: \"" + word + "\" needs a value for \"" + cmd + "\"");
		const std::string &value = args[i + 1];
		if (!kw->repeatable && !seen.insert(word).second)
			throw UsageError("Error: duplicate \"" + word + "\": \"" + value +
					 "\" is the second value");
		kw->apply(st, value);
	}

	if (add) {
		if (!c.link)
			throw UsageError("Error: \"link\" is required for \"dev add\"");
		if (!c.encap)
			throw UsageError("Error: \"encap\" is required for \"dev add\"");
	}
	return c;
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
	if (args.size() > 1)
		throw UsageError("Error: unexpected argument \"" + args[1] + "\" for \"" + cmd + "\"");
	return name;
}

std::optional<std::string> parse_opt_dev_name(ArgList args, const std::string &cmd)
{
	if (args.empty())
		return std::nullopt;
	return parse_dev_name(args, cmd);
}

std::optional<std::string> parse_dev_filter(ArgList args, const std::string &cmd)
{
	if (args.empty())
		return std::nullopt;
	if (args[0] != "dev")
		throw unknown_keyword(args[0], cmd);
	if (args.size() < 2)
		throw UsageError("Error: \"dev\" needs a value for \"" + cmd + "\"");
	if (!valid_ifname(args[1]))
		throw bad_argument(args[1], "\"dev\" must name a network device");
	if (args.size() > 2)
		throw UsageError("Error: unexpected argument \"" + args[2] + "\" for \"" + cmd + "\"");
	return args[1];
}

bool wants_help(ArgList args)
{
	return std::any_of(args.begin(), args.end(), [](const std::string &a) {
		return a == "help" || a == "-h" || a == "--help";
	});
}

} // namespace sfcproxy
