// SPDX-License-Identifier: GPL-2.0
//
// Chain file parsing and validation, and the `apply` command line. Every
// error names the JSON path of the offending value and says why; the
// schema in Documentation/chain-file.schema.json states the same rules.

#include "chain.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

namespace sfcproxy {

namespace {

using json = nlohmann::json;

// --- JSON paths -----------------------------------------------------------

bool plain_key(const std::string &k)
{
	if (k.empty())
		return false;
	return std::all_of(k.begin(), k.end(), [](unsigned char c) {
		return std::isalnum(c) || c == '_' || c == '-';
	});
}

std::string child(const std::string &path, const std::string &key)
{
	if (!plain_key(key))
		return path + "[" + json(key).dump() + "]";
	return path.empty() ? key : path + "." + key;
}

std::string element(const std::string &path, size_t i)
{
	return path + "[" + std::to_string(i) + "]";
}

// A value as the user wrote it, cut short when long.
std::string shown(const json &v)
{
	std::string s = v.dump();
	if (s.size() > 40)
		s = s.substr(0, 37) + "...";
	return s;
}

[[noreturn]] void fail(const std::string &path, const std::string &why)
{
	throw ChainError(path, why);
}

std::string in_quotes(const std::string &s)
{
	return "\"" + s + "\"";
}

// --- parsing with duplicate-key detection -----------------------------------

// nlohmann keeps the last of two equal keys without a word; a repeated key
// in a hand-written file is a mistake like an unknown one, so the parse
// callback tracks where it is and refuses it.
class KeyTracker {
public:
	bool operator()(int, json::parse_event_t ev, json &parsed)
	{
		switch (ev) {
		case json::parse_event_t::object_start:
		case json::parse_event_t::array_start:
			begin_element();
			stack_.push_back({ev == json::parse_event_t::array_start, 0, {}, {}});
			break;
		case json::parse_event_t::key: {
			Frame &f = stack_.back();
			std::string k = parsed.get<std::string>();
			if (!f.keys.insert(k).second)
				fail(child(path(stack_.size() - 1), k), "duplicate key");
			f.key = k;
			break;
		}
		case json::parse_event_t::object_end:
		case json::parse_event_t::array_end:
			stack_.pop_back();
			break;
		case json::parse_event_t::value:
			begin_element();
			break;
		}
		return true;
	}

private:
	struct Frame {
		bool array;
		size_t count; // elements seen so far (arrays)
		std::string key; // current key (objects)
		std::set<std::string> keys;
	};

	void begin_element()
	{
		if (!stack_.empty() && stack_.back().array)
			stack_.back().count++;
	}

	std::string path(size_t depth) const
	{
		std::string p;
		for (size_t i = 0; i < depth; i++)
			p = stack_[i].array ? element(p, stack_[i].count - 1)
					    : child(p, stack_[i].key);
		return p;
	}

	std::vector<Frame> stack_;
};

json parse_json(std::string_view text)
{
	try {
		return json::parse(text.begin(), text.end(), KeyTracker{});
	} catch (const json::parse_error &e) {
		// "[json.exception.parse_error.101] parse error at line 3,
		// column 5: ..." without the library's tag.
		std::string msg = e.what();
		auto pos = msg.find("] ");
		if (pos != std::string::npos)
			msg = msg.substr(pos + 2);
		fail("", "not valid JSON: " + msg);
	}
}

// --- field helpers ------------------------------------------------------------

void want_object(const json &v, const std::string &path)
{
	if (!v.is_object())
		fail(path, "must be an object, not " + shown(v));
}

// Unknown fields are refused so that a typo ("clasifier") is caught
// instead of silently meaning "default".
void allow_fields(const json &obj, const std::string &path,
		  std::initializer_list<const char *> names)
{
	for (const auto &[k, v] : obj.items()) {
		bool known = std::any_of(names.begin(), names.end(),
					 [&](const char *n) { return k == n; });
		if (known)
			continue;
		std::string list;
		for (const char *n : names)
			list += (list.empty() ? "" : ", ") + std::string(n);
		fail(child(path, k), "unknown field (expected one of: " + list + ")");
	}
}

const json *field(const json &obj, const char *name)
{
	auto it = obj.find(name);
	return it == obj.end() ? nullptr : &*it;
}

const json &required(const json &obj, const std::string &path, const char *name)
{
	const json *v = field(obj, name);
	if (!v)
		fail(path, "missing required field \"" + std::string(name) + "\"");
	return *v;
}

// JSON Schema counts 5.0 as an integer; so does this.
uint64_t want_uint(const json &v, const std::string &path, uint64_t lo, uint64_t hi)
{
	std::string why = "must be an integer in " + std::to_string(lo) + ".." +
			  std::to_string(hi) + ", not " + shown(v);
	double d = v.is_number() ? v.get<double>() : -1;
	if (v.is_number_float() && d >= 0 && d <= double(hi) && d == std::floor(d))
		return want_uint(json(static_cast<uint64_t>(d)), path, lo, hi);
	if (!v.is_number_unsigned() || v.get<uint64_t>() < lo || v.get<uint64_t>() > hi)
		fail(path, why);
	return v.get<uint64_t>();
}

std::string want_string(const json &v, const std::string &path)
{
	if (!v.is_string() || v.get<std::string>().empty())
		fail(path, "must be a non-empty string, not " + shown(v));
	return v.get<std::string>();
}

uint8_t want_enum(const json &v, const std::string &path, const std::vector<EnumName> &table)
{
	auto name = v.is_string() ? enum_from_name(table, v.get<std::string>()) : std::nullopt;
	if (!name)
		fail(path, "must be one of " + enum_choices(table) + ", not " + shown(v));
	return *name;
}

// Node and function names: what a host name may hold, so a name never
// needs quoting in a path or a message.
void want_name(const std::string &name, const std::string &path)
{
	bool ok = !name.empty() && name.size() <= 64 &&
		  std::all_of(name.begin(), name.end(), [](unsigned char c) {
			  return std::isalnum(c) || c == '.' || c == '_' || c == '-';
		  });
	if (!ok)
		fail(path, "names are 1..64 letters, digits, \".\", \"_\" or \"-\"");
}

std::string want_ifname(const json &v, const std::string &path)
{
	std::string s = v.is_string() ? v.get<std::string>() : std::string();
	if (!valid_ifname(s))
		fail(path, "must be a network device name (1.." + std::to_string(IFNAMSIZ - 1) +
				   " characters, no \"/\", \":\" or whitespace), not " + shown(v));
	return s;
}

MacAddr want_mac(const json &v, const std::string &path)
{
	auto m = v.is_string() ? parse_mac(v.get<std::string>()) : std::nullopt;
	if (!m)
		fail(path, "must be a MAC address such as \"02:00:00:00:00:0a\", not " + shown(v));
	if ((*m)[0] & 1)
		fail(path, shown(v) + " is a multicast address; a next hop needs a unicast one");
	if (*m == MacAddr{})
		fail(path, "the all-zero address cannot be a next hop");
	return *m;
}

void want_description(const json &obj, const std::string &path)
{
	if (const json *d = field(obj, "description"); d && !d->is_string())
		fail(child(path, "description"), "must be a string, not " + shown(*d));
}

// --- nodes and functions ------------------------------------------------------

// Who already uses a MAC address, for the "used twice" check.
using MacOwners = std::map<MacAddr, std::string>;

void claim_mac(MacOwners &owners, const MacAddr &mac, const std::string &owner,
	       const std::string &path)
{
	auto [it, fresh] = owners.emplace(mac, owner);
	if (!fresh)
		fail(path, mac_to_string(mac) + " is already the MAC address of " + it->second);
}

ChainNode parse_node(const json &v, const std::string &path, MacOwners &macs,
		     const std::string &name)
{
	want_object(v, path);
	allow_fields(v, path, {"interface", "mac", "description"});
	want_description(v, path);
	ChainNode n;
	n.interface = want_ifname(required(v, path, "interface"), child(path, "interface"));
	n.mac = want_mac(required(v, path, "mac"), child(path, "mac"));
	claim_mac(macs, n.mac, "node " + in_quotes(name), child(path, "mac"));
	return n;
}

DevConfig parse_proxy(const json &v, const std::string &path)
{
	want_object(v, path);
	allow_fields(v, path,
		     {"device", "key", "id_mask", "cache_size", "cache_timeout", "miss", "ttl"});
	DevConfig p;
	p.name = want_ifname(required(v, path, "device"), child(path, "device"));
	if (const json *f = field(v, "key"))
		p.key_mode = want_enum(*f, child(path, "key"), key_mode_names);
	if (const json *f = field(v, "id_mask")) {
		// JSON has no hex numbers; "0xffff0000" as a string is accepted.
		std::optional<uint64_t> m;
		if (f->is_number_unsigned())
			m = f->get<uint64_t>();
		else if (f->is_string())
			m = parse_unsigned(f->get<std::string>());
		if (!m || *m == 0 || *m > UINT32_MAX)
			fail(child(path, "id_mask"),
			     "must be a non-zero 32-bit mask, a number or a string such as "
			     "\"0xffff0000\", not " + shown(*f));
		p.id_mask = static_cast<uint32_t>(*m);
	}
	if (const json *f = field(v, "cache_size"))
		p.cache_size = static_cast<uint32_t>(
			want_uint(*f, child(path, "cache_size"), 1, SFCPROXY_CACHE_SIZE_MAX));
	if (const json *f = field(v, "cache_timeout"))
		p.cache_timeout = static_cast<uint32_t>(
			want_uint(*f, child(path, "cache_timeout"), 1, SFCPROXY_CACHE_TIMEOUT_MAX));
	if (const json *f = field(v, "miss"))
		p.miss = want_enum(*f, child(path, "miss"), miss_names);
	if (const json *f = field(v, "ttl"))
		p.ttl = want_enum(*f, child(path, "ttl"), ttl_names);
	return p;
}

ChainFunction parse_function(const json &v, const std::string &path, const ChainFile &file)
{
	want_object(v, path);
	allow_fields(v, path, {"node", "proxy", "mac", "description"});
	want_description(v, path);
	ChainFunction f;
	f.node = want_string(required(v, path, "node"), child(path, "node"));
	if (!file.nodes.count(f.node))
		fail(child(path, "node"), "unknown node " + in_quotes(f.node));
	const json *proxy = field(v, "proxy");
	const json *mac = field(v, "mac");
	if (proxy && mac)
		fail(path, "give either \"proxy\" or \"mac\", not both");
	if (!proxy && !mac)
		fail(path, "missing \"proxy\" (an NSH-unaware function behind a proxy device) "
			   "or \"mac\" (an NSH-aware function reached at that address)");
	if (proxy)
		f.proxy = parse_proxy(*proxy, child(path, "proxy"));
	else
		f.mac = want_mac(*mac, child(path, "mac"));
	return f;
}

// One proxy device per function and node; not the node's own interface.
void check_devices(const ChainFile &file)
{
	std::map<std::pair<std::string, std::string>, std::string> owner;
	for (const auto &[name, f] : file.functions) {
		if (!f.proxy)
			continue;
		std::string path = child(child(child("functions", name), "proxy"), "device");
		const std::string &dev = f.proxy->name;
		if (dev == file.nodes.at(f.node).interface)
			fail(path, in_quotes(dev) + " is the interface of node " + in_quotes(f.node) +
					   "; a proxy device needs a name of its own");
		auto [it, fresh] = owner.emplace(std::make_pair(f.node, dev), name);
		if (!fresh)
			fail(path, in_quotes(dev) + " is already the proxy device of function " +
					   in_quotes(it->second) + " on node " + in_quotes(f.node));
	}
}

// --- flows ----------------------------------------------------------------------

// "Error: argument ... is wrong: WHY" -> "argument ... is wrong: WHY"
std::string without_error_tag(const std::string &msg)
{
	return msg.rfind("Error: ", 0) == 0 ? msg.substr(7) : msg;
}

// A flow is written with the words of `classifier add`, so it goes through
// the same grammar: one spelling of protocols and prefixes, one set of
// checks (host bits, ports without a protocol, mixed families).
ClsMatch parse_flow(const json &v, const std::string &path)
{
	want_object(v, path);
	allow_fields(v, path, {"src", "dst", "proto", "sport", "dport"});
	if (v.empty())
		fail(path, "a flow needs at least one of src, dst, proto, sport, dport "
			   "(\"0.0.0.0/0\" matches all IPv4 packets)");
	auto grammar = [](const std::vector<std::string> &words, const std::string &at) {
		try {
			return parse_cls_match(words, "flow");
		} catch (const UsageError &e) {
			fail(at, without_error_tag(e.what()));
		}
	};
	std::vector<std::string> words;
	for (const char *k : {"src", "dst"}) {
		if (const json *f = field(v, k)) {
			std::vector<std::string> one = {k, want_string(*f, child(path, k))};
			grammar(one, child(path, k)); // refused alone: the error names it
			words.insert(words.end(), one.begin(), one.end());
		}
	}
	if (const json *f = field(v, "proto")) {
		std::string p = child(path, "proto");
		words.push_back("proto");
		if (f->is_number())
			words.push_back(std::to_string(want_uint(*f, p, 1, 255)));
		else if (f->is_string() && enum_from_name(proto_names, f->get<std::string>()))
			words.push_back(f->get<std::string>());
		else
			fail(p, "must be one of " + enum_choices(proto_names) +
					" or a protocol number in 1..255, not " + shown(*f));
	}
	for (const char *k : {"sport", "dport"}) {
		if (const json *f = field(v, k)) {
			words.push_back(k);
			words.push_back(std::to_string(want_uint(*f, child(path, k), 1, 65535)));
		}
	}
	return grammar(words, path);
}

// --- metadata -------------------------------------------------------------------

std::vector<uint8_t> want_hex(const json &v, const std::string &path)
{
	std::string why = "must be a string of hex digit pairs such as \"c0ffee\", not " +
			  shown(v);
	if (!v.is_string())
		fail(path, why);
	std::string s = v.get<std::string>();
	if (s.size() % 2 || !std::all_of(s.begin(), s.end(), [](unsigned char c) {
		    return std::isxdigit(c);
	    }))
		fail(path, why);
	std::vector<uint8_t> out;
	for (size_t i = 0; i < s.size(); i += 2)
		out.push_back(static_cast<uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
	return out;
}

void parse_metadata(const json &v, const std::string &path, Chain &c)
{
	want_object(v, path);
	allow_fields(v, path, {"md1", "md2"});
	const json *md1 = field(v, "md1");
	const json *md2 = field(v, "md2");
	if (md1 && md2)
		fail(path, "give either \"md1\" or \"md2\", not both");
	if (!md1 && !md2)
		fail(path, "missing \"md1\" (four 32-bit context words) or \"md2\" (context headers)");
	if (md1) {
		std::string p = child(path, "md1");
		if (!md1->is_array() || md1->size() != 4)
			fail(p, "must be an array of four 32-bit integers, not " + shown(*md1));
		std::array<uint8_t, 16> ctx{};
		for (size_t i = 0; i < 4; i++) {
			auto w = static_cast<uint32_t>(want_uint((*md1)[i], element(p, i), 0, UINT32_MAX));
			for (size_t b = 0; b < 4; b++)
				ctx[4 * i + b] = static_cast<uint8_t>(w >> (24 - 8 * b));
		}
		c.md1 = ctx;
		return;
	}
	std::string p = child(path, "md2");
	if (!md2->is_array())
		fail(p, "must be an array of context headers, not " + shown(*md2));
	std::vector<Md2Tlv> tlvs;
	for (size_t i = 0; i < md2->size(); i++) {
		const json &t = (*md2)[i];
		std::string tp = element(p, i);
		want_object(t, tp);
		allow_fields(t, tp, {"class", "type", "value"});
		Md2Tlv tlv;
		tlv.md_class = static_cast<uint16_t>(
			want_uint(required(t, tp, "class"), child(tp, "class"), 0, 0xffff));
		tlv.type = static_cast<uint8_t>(
			want_uint(required(t, tp, "type"), child(tp, "type"), 0, 0xff));
		if (const json *f = field(t, "value"))
			tlv.value = want_hex(*f, child(tp, "value"));
		if (tlv.value.size() > md2_value_max)
			fail(child(tp, "value"), "is " + std::to_string(tlv.value.size()) +
							 " bytes; a context header holds at most " +
							 std::to_string(md2_value_max));
		tlvs.push_back(std::move(tlv));
	}
	std::vector<uint8_t> wire = md2_encode(tlvs);
	if (wire.size() > SFCPROXY_NSH_MD2_MAX)
		fail(p, "the context headers take " + std::to_string(wire.size()) +
				" bytes; at most " + std::to_string(SFCPROXY_NSH_MD2_MAX) + " fit");
	c.md2 = std::move(wire);
}

// --- chains ---------------------------------------------------------------------

Chain parse_chain(const json &v, const std::string &path, const ChainFile &file)
{
	want_object(v, path);
	allow_fields(v, path,
		     {"id", "functions", "classifier", "si", "flows", "metadata", "ttl",
		      "description"});
	want_description(v, path);
	Chain c;
	c.id = static_cast<uint32_t>(
		want_uint(required(v, path, "id"), child(path, "id"), 0, SFCPROXY_NSH_SPI_MAX));

	std::string fp = child(path, "functions");
	const json &fns = required(v, path, "functions");
	if (!fns.is_array() || fns.empty())
		fail(fp, "must be a non-empty array of function names, not " + shown(fns));
	for (size_t i = 0; i < fns.size(); i++) {
		std::string name = want_string(fns[i], element(fp, i));
		if (!file.functions.count(name))
			fail(element(fp, i), "unknown function " + in_quotes(name));
		c.functions.push_back(name);
	}

	if (const json *f = field(v, "si"))
		c.si = static_cast<uint8_t>(want_uint(*f, child(path, "si"), 1, 255));
	// Each function takes one SI and the chain ends at the SI after the
	// last, which must still be a valid SI (1 or more).
	if (c.functions.size() >= c.si)
		fail(fp, "chain " + std::to_string(c.id) + " has " +
				 std::to_string(c.functions.size()) +
				 " functions: SI would run out (starting at SI " +
				 std::to_string(c.si) + ", at most " + std::to_string(c.si - 1) +
				 " functions fit)");

	c.classifier = file.functions.at(c.functions.front()).node;
	if (const json *f = field(v, "classifier")) {
		c.classifier = want_string(*f, child(path, "classifier"));
		if (!file.nodes.count(c.classifier))
			fail(child(path, "classifier"), "unknown node " + in_quotes(c.classifier));
	}

	if (const json *f = field(v, "flows")) {
		std::string p = child(path, "flows");
		if (!f->is_array())
			fail(p, "must be an array of flows, not " + shown(*f));
		for (size_t i = 0; i < f->size(); i++)
			c.flows.push_back(parse_flow((*f)[i], element(p, i)));
	}
	if (const json *f = field(v, "metadata"))
		parse_metadata(*f, child(path, "metadata"), c);
	if (const json *f = field(v, "ttl"))
		c.ttl = static_cast<uint8_t>(
			want_uint(*f, child(path, "ttl"), 1, SFCPROXY_NSH_TTL_MAX));
	return c;
}

// A classifier rule is identified by its match: two flows with the same
// match on one node would be one rule with two actions.
void check_flows(const ChainFile &file)
{
	struct Seen {
		ClsMatch match;
		size_t chain;
		size_t flow;
	};
	std::map<std::string, std::vector<Seen>> by_node;
	for (size_t ci = 0; ci < file.chains.size(); ci++) {
		const Chain &c = file.chains[ci];
		auto &seen = by_node[c.classifier];
		for (size_t fi = 0; fi < c.flows.size(); fi++) {
			for (const Seen &s : seen) {
				if (!(s.match == c.flows[fi]))
					continue;
				std::string other = element(element("chains", s.chain) + ".flows", s.flow);
				std::string why = "same flow as " + other;
				if (s.chain != ci)
					why += ": chains " + std::to_string(file.chains[s.chain].id) +
					       " and " + std::to_string(c.id) +
					       " would both classify it on node " + in_quotes(c.classifier);
				fail(element(element("chains", ci) + ".flows", fi), why);
			}
			seen.push_back({c.flows[fi], ci, fi});
		}
	}
}

} // namespace

ChainFile parse_chain_file(std::string_view text)
{
	json doc = parse_json(text);
	if (!doc.is_object())
		fail("", "the file must hold a JSON object, not " + shown(doc));
	allow_fields(doc, "", {"$schema", "description", "nodes", "functions", "chains"});
	want_description(doc, "");

	ChainFile file;
	MacOwners macs;
	const json &nodes = required(doc, "", "nodes");
	want_object(nodes, "nodes");
	for (const auto &[name, v] : nodes.items()) {
		std::string path = child("nodes", name);
		want_name(name, path);
		file.nodes[name] = parse_node(v, path, macs, name);
	}

	const json &fns = required(doc, "", "functions");
	want_object(fns, "functions");
	for (const auto &[name, v] : fns.items()) {
		std::string path = child("functions", name);
		want_name(name, path);
		ChainFunction f = parse_function(v, path, file);
		if (f.mac)
			claim_mac(macs, *f.mac, "function " + in_quotes(name), child(path, "mac"));
		file.functions[name] = std::move(f);
	}
	check_devices(file);

	const json &chains = required(doc, "", "chains");
	if (!chains.is_array())
		fail("chains", "must be an array of chains, not " + shown(chains));
	std::map<uint32_t, size_t> ids;
	for (size_t i = 0; i < chains.size(); i++) {
		std::string path = element("chains", i);
		Chain c = parse_chain(chains[i], path, file);
		auto [it, fresh] = ids.emplace(c.id, i);
		if (!fresh)
			fail(child(path, "id"), "chain " + std::to_string(c.id) +
							" is already defined at " +
							element("chains", it->second));
		file.chains.push_back(std::move(c));
	}
	check_flows(file);
	return file;
}

ApplyArgs parse_apply_args(ArgList args)
{
	ApplyArgs a;
	bool have_file = false;
	for (size_t i = 0; i < args.size(); i++) {
		std::string word = args[i], value;
		bool inline_value = false;
		if (auto eq = word.find('='); word.rfind("--", 0) == 0 && eq != std::string::npos) {
			value = word.substr(eq + 1);
			word = word.substr(0, eq);
			inline_value = true;
		}
		if (word == "--dry-run" && !inline_value) {
			a.dry_run = true;
			continue;
		}
		bool is_file = word == "-f" || word == "--file";
		if (!is_file && word != "--node")
			throw UsageError("Error: unknown option \"" + args[i] + "\" for \"apply\"" +
					 (word == "-j" || word == "-n" || word == "-p"
						  ? " (global options go before \"apply\")"
						  : ""));
		if (!inline_value) {
			if (i + 1 >= args.size())
				throw UsageError("Error: \"" + word + "\" needs a value for \"apply\"");
			value = args[++i];
		}
		if (value.empty())
			throw bad_argument(value, "\"" + word + "\" must not be empty");
		if ((is_file && have_file) || (!is_file && a.node))
			throw UsageError("Error: duplicate \"" + word + "\": \"" + value +
					 "\" is the second value");
		if (is_file) {
			a.file = value;
			have_file = true;
		} else {
			a.node = value;
		}
	}
	if (!have_file)
		throw UsageError("Error: \"-f FILE\" is required for \"apply\"");
	return a;
}

} // namespace sfcproxy
