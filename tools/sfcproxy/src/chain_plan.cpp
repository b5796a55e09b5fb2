// SPDX-License-Identifier: GPL-2.0
//
// What one node needs from a chain file, and the plan from the kernel's
// state to that. Documentation/chain-file.md describes the rules.

#include <algorithm>
#include <set>
#include <sstream>

#include "chain.hpp"
#include "output.hpp"

namespace sfcproxy {

namespace {

using FwdKey = std::pair<uint32_t, uint8_t>; // (SPI, SI)

// Entries are listed chain by chain in the order a packet meets them:
// SPI up, SI down.
struct PathOrder {
	bool operator()(const FwdKey &a, const FwdKey &b) const
	{
		return a.first != b.first ? a.first < b.first : a.second > b.second;
	}
};

FwdEntry entry_for(const ChainFile &file, const Chain &c, const std::string &node, uint8_t si)
{
	const ChainNode &me = file.nodes.at(node);
	FwdEntry e;
	e.spi = c.id;
	e.si = si;
	size_t k = c.si - si; // functions already done
	if (k == c.functions.size()) {
		e.action = SFCPROXY_FWD_END;
		return e;
	}
	const ChainFunction &f = file.functions.at(c.functions[k]);
	if (f.proxy && f.node == node) {
		e.action = SFCPROXY_FWD_PROXY;
		e.dev = f.proxy->name;
		return e;
	}
	// Another node's proxy is reached at that node's MAC address, an
	// NSH-aware function at its own; both out of this node's interface.
	e.action = SFCPROXY_FWD_NEXT_HOP;
	e.dev = me.interface;
	e.mac = f.proxy ? file.nodes.at(f.node).mac : *f.mac;
	return e;
}

// The service indexes a packet of chain `c` is looked up with on `node`:
// the first one where it is classified; for every function hosted there
// the one it arrives with (proxied functions only: an NSH-aware function
// gets its frames from the previous hop directly) and the one it comes
// back with.
std::set<uint8_t> lookups_on(const ChainFile &file, const Chain &c, const std::string &node)
{
	std::set<uint8_t> sis;
	if (c.classifier == node)
		sis.insert(c.si);
	for (size_t i = 0; i < c.functions.size(); i++) {
		const ChainFunction &f = file.functions.at(c.functions[i]);
		if (f.node != node)
			continue;
		auto si = static_cast<uint8_t>(c.si - i);
		if (f.proxy)
			sis.insert(si);
		sis.insert(static_cast<uint8_t>(si - 1));
	}
	return sis;
}

bool same_fwd(const FwdEntry &a, const FwdEntry &b)
{
	if (a.action != b.action)
		return false;
	switch (a.action) {
	case SFCPROXY_FWD_NEXT_HOP:
		return a.dev == b.dev && a.mac == b.mac;
	case SFCPROXY_FWD_PROXY:
		return a.dev == b.dev;
	default:
		return true;
	}
}

bool prefixes_overlap(const std::optional<std::vector<uint8_t>> &a, uint8_t alen,
		      const std::optional<std::vector<uint8_t>> &b, uint8_t blen)
{
	if (!a || !b || a->size() != b->size())
		return true;
	unsigned len = std::min(alen, blen);
	for (unsigned bit = 0; bit < len; bit++) {
		uint8_t mask = static_cast<uint8_t>(0x80u >> (bit % 8));
		if (((*a)[bit / 8] & mask) != ((*b)[bit / 8] & mask))
			return false;
	}
	return true;
}

template <typename T>
bool both_differ(const std::optional<T> &a, const std::optional<T> &b)
{
	return a && b && *a != *b;
}

// Whether some packet could match both; only then does their order in the
// kernel's first-match list matter.
bool overlap(const ClsMatch &a, const ClsMatch &b)
{
	if (both_differ(a.family, b.family) || both_differ(a.proto, b.proto) ||
	    both_differ(a.sport, b.sport) || both_differ(a.dport, b.dport))
		return false;
	return prefixes_overlap(a.src, a.src_len, b.src, b.src_len) &&
	       prefixes_overlap(a.dst, a.dst_len, b.dst, b.dst_len);
}

PlanOp dev_op(PlanOp::Kind kind, const DevConfig &cfg)
{
	PlanOp op{kind, PlanOp::Object::Dev, cfg, {}, {}};
	return op;
}

PlanOp fwd_op(PlanOp::Kind kind, const FwdEntry &e)
{
	PlanOp op{kind, PlanOp::Object::Fwd, {}, e, {}};
	return op;
}

PlanOp cls_op(PlanOp::Kind kind, const ClsRule &r)
{
	PlanOp op{kind, PlanOp::Object::Cls, {}, {}, r};
	return op;
}

// The options of `want` the device does not have, compared against the
// kernel's defaults for options the file leaves out. Options the kernel
// did not report are left alone.
std::optional<DevConfig> dev_changes(const DevInfo &cur, const DevConfig &want)
{
	DevConfig d;
	d.name = want.name;
	bool any = false;
	auto check = [&](const auto &have, const auto &wanted, auto dflt, auto &out) {
		auto w = wanted.value_or(dflt);
		if (have && *have != w) {
			out = w;
			any = true;
		}
	};
	check(cur.key_mode, want.key_mode, uint8_t{SFCPROXY_KEY_AUTO}, d.key_mode);
	check(cur.id_mask, want.id_mask, uint32_t{0xffff0000}, d.id_mask);
	check(cur.cache_size, want.cache_size, uint32_t{4096}, d.cache_size);
	check(cur.cache_timeout, want.cache_timeout, uint32_t{1000}, d.cache_timeout);
	check(cur.miss, want.miss, uint8_t{SFCPROXY_MISS_DROP}, d.miss);
	check(cur.ttl, want.ttl, uint8_t{SFCPROXY_TTL_DEC}, d.ttl);
	if (!any)
		return std::nullopt;
	return d;
}

// Classifier rules: the kernel matches in list order and only appends, so
// a rule already there stays in place only if every wanted rule that
// overlaps it and must come first is also in place before it; the others
// are (re)added at the end in the file's order.
void plan_rules(const std::vector<ClsRule> &cur, const std::vector<ClsRule> &want, Plan &plan)
{
	const size_t n = want.size();
	std::vector<long> pos(n, -1); // position among the current rules
	for (size_t j = 0; j < n; j++)
		for (size_t k = 0; k < cur.size(); k++)
			if (cur[k].match == want[j].match)
				pos[j] = static_cast<long>(k);

	std::vector<bool> kept(n);
	for (size_t j = 0; j < n; j++)
		kept[j] = pos[j] >= 0;
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t j = 0; j < n; j++) {
			if (!kept[j])
				continue;
			for (size_t i = 0; i < j; i++) {
				if (overlap(want[i].match, want[j].match) &&
				    (!kept[i] || pos[i] > pos[j])) {
					kept[j] = false;
					changed = true;
					break;
				}
			}
		}
	}

	for (size_t j = 0; j < n; j++)
		if (kept[j] && !cur[pos[j]].same_action(want[j]))
			plan.push_back(cls_op(PlanOp::Kind::Change, want[j]));
	for (size_t j = 0; j < n; j++)
		if (!kept[j] && pos[j] >= 0)
			plan.push_back(cls_op(PlanOp::Kind::Delete, cur[pos[j]]));
	for (size_t j = 0; j < n; j++)
		if (!kept[j])
			plan.push_back(cls_op(PlanOp::Kind::Add, want[j]));
}

void print_dev_fields(Printer &p, const DevConfig &d)
{
	auto name = [&](std::string_view key, std::string_view fmt,
			const std::vector<EnumName> &table, const std::optional<uint8_t> &v) {
		if (v)
			p.str(key, fmt, enum_to_name(table, *v));
	};
	if (d.link)
		p.str("link", "link {}", *d.link);
	name("encap", "encap {}", encap_names, d.encap);
	name("key", "key {}", key_mode_names, d.key_mode);
	if (d.id_mask)
		p.hex32("id_mask", "id-mask {}", *d.id_mask);
	if (d.cache_size)
		p.uint("cache_size", "cache-size {}", *d.cache_size);
	if (d.cache_timeout)
		p.uint("cache_timeout", "cache-timeout {}", *d.cache_timeout);
	name("miss", "miss {}", miss_names, d.miss);
	name("ttl", "ttl {}", ttl_names, d.ttl);
}

// Puts "+ fwd" (text) or "op"/"object" (JSON) at the start of every
// record, so an entry or a rule prints through the same function as in
// `fwd show` and `classifier show`, in the words `fwd add` and
// `classifier add` take.
class OpPrinter : public Printer {
public:
	OpPrinter(Printer &out, const PlanOp &op) : out_(out), op_(op) {}

	void begin_record() override
	{
		static const char *const symbol[] = {"+", "~", "-"};
		static const char *const kind[] = {"add", "change", "delete"};
		static const char *const object[] = {"dev", "fwd", "classifier"};
		auto k = static_cast<size_t>(op_.kind);
		out_.begin_record();
		out_.str("op", symbol[k], kind[k]);
		out_.str("object", "{}", object[static_cast<size_t>(op_.object)]);
	}
	void end_record() override { out_.end_record(); }
	void begin_group(std::string_view key) override { out_.begin_group(key); }
	void end_group() override { out_.end_group(); }
	void str(std::string_view key, std::string_view fmt, std::string_view value) override
	{
		out_.str(key, fmt, value);
	}
	void uint(std::string_view key, std::string_view fmt, uint64_t value) override
	{
		out_.uint(key, fmt, value);
	}
	void hex32(std::string_view key, std::string_view fmt, uint32_t value) override
	{
		out_.hex32(key, fmt, value);
	}
	void uint_list(std::string_view key, std::string_view fmt,
		       std::span<const uint32_t> values, char sep) override
	{
		out_.uint_list(key, fmt, values, sep);
	}
	void str_list(std::string_view key, std::string_view fmt,
		      std::span<const std::string> values, char sep) override
	{
		out_.str_list(key, fmt, values, sep);
	}
	void hex(std::string_view key, std::string_view fmt, uint64_t value, int digits) override
	{
		out_.hex(key, fmt, value, digits);
	}
	void begin_list(std::string_view key, std::string_view fmt) override
	{
		out_.begin_list(key, fmt);
	}
	void begin_item() override { out_.begin_item(); }
	void end_item() override { out_.end_item(); }
	void end_list() override { out_.end_list(); }
	void finish() override { out_.finish(); }

private:
	Printer &out_;
	const PlanOp &op_;
};

} // namespace

NodeState desired_state(const ChainFile &file, const std::string &node)
{
	const ChainNode &me = file.nodes.at(node);
	NodeState st;
	for (const auto &[name, f] : file.functions) {
		if (f.node != node || !f.proxy)
			continue;
		DevConfig d = *f.proxy;
		d.link = me.interface;
		d.encap = SFCPROXY_ENCAP_NSH;
		st.devices.push_back(std::move(d));
	}
	std::sort(st.devices.begin(), st.devices.end(),
		  [](const DevConfig &a, const DevConfig &b) { return a.name < b.name; });

	// The SPI is the chain id and ids are unique, so chains cannot
	// compete for an entry; checked anyway, as the table must be a
	// function of the file.
	std::map<FwdKey, std::pair<FwdEntry, uint32_t>, PathOrder> fwd;
	for (const Chain &c : file.chains) {
		for (uint8_t si : lookups_on(file, c, node)) {
			FwdEntry e = entry_for(file, c, node, si);
			auto [it, fresh] = fwd.emplace(FwdKey{e.spi, e.si}, std::make_pair(e, c.id));
			if (!fresh && !same_fwd(it->second.first, e))
				throw ChainError("chains", "chains " + std::to_string(it->second.second) +
								   " and " + std::to_string(c.id) +
								   " need different entries for spi " +
								   std::to_string(e.spi) + " si " +
								   std::to_string(e.si));
		}
		if (c.classifier != node)
			continue;
		for (const ClsMatch &m : c.flows) {
			ClsRule r;
			r.match = m;
			r.spi = c.id;
			r.si = c.si;
			r.ttl = c.ttl;
			r.md1 = c.md1;
			r.md2 = c.md2;
			st.rules.push_back(std::move(r));
		}
	}
	for (auto &[key, v] : fwd)
		st.fwd.push_back(v.first);
	return st;
}

Plan make_plan(const CurrentState &cur, const NodeState &want)
{
	Plan plan;

	// Devices. The lower device of a proxy cannot change: such a device
	// is deleted and created again, and its forwarding entries go with it.
	std::map<std::string, const DevInfo *> mine;
	for (const DevInfo &d : cur.devices)
		if (d.encap == SFCPROXY_ENCAP_NSH)
			mine[d.name] = &d;
	std::set<std::string> wanted_devs, recreated;
	for (const DevConfig &d : want.devices) {
		wanted_devs.insert(d.name);
		auto it = mine.find(d.name);
		if (it == mine.end()) {
			for (const DevInfo &other : cur.devices)
				if (other.name == d.name)
					throw UsageError(
						"Error: \"" + d.name + "\" is a proxy device of encap " +
						(other.encap ? enum_to_name(encap_names, *other.encap)
							     : std::string("unknown")) +
						"; apply only manages encap nsh devices");
			plan.push_back(dev_op(PlanOp::Kind::Add, d));
		} else if (it->second->link_name != *d.link) {
			DevConfig gone;
			gone.name = d.name;
			plan.push_back(dev_op(PlanOp::Kind::Delete, gone));
			plan.push_back(dev_op(PlanOp::Kind::Add, d));
			recreated.insert(d.name);
		} else if (auto change = dev_changes(*it->second, d)) {
			plan.push_back(dev_op(PlanOp::Kind::Change, *change));
		}
	}

	// Forwarding entries, by (SPI, SI).
	std::map<FwdKey, const FwdEntry *, PathOrder> have;
	for (const FwdEntry &e : cur.fwd)
		if (!recreated.count(e.dev))
			have[{e.spi, e.si}] = &e;
	std::set<FwdKey> wanted_fwd;
	for (const FwdEntry &e : want.fwd) {
		wanted_fwd.insert({e.spi, e.si});
		auto it = have.find({e.spi, e.si});
		if (it == have.end())
			plan.push_back(fwd_op(PlanOp::Kind::Add, e));
		else if (!same_fwd(*it->second, e))
			plan.push_back(fwd_op(PlanOp::Kind::Change, e));
	}

	plan_rules(cur.rules, want.rules, plan);

	// Deletions, in reverse: rules, entries, devices.
	for (const ClsRule &r : cur.rules) {
		if (std::any_of(want.rules.begin(), want.rules.end(),
				[&](const ClsRule &w) { return w.match == r.match; }))
			continue;
		// A request with no match removes every rule, so a rule that
		// matches everything cannot be removed alone.
		if (r.match == ClsMatch{})
			throw UsageError("Error: the classifier has a rule that matches every "
					 "packet (spi " + std::to_string(r.spi) + " si " +
					 std::to_string(r.si) + "), which apply cannot remove by "
					 "itself; remove it with \"sfcproxy classifier flush\" and "
					 "apply again");
		plan.push_back(cls_op(PlanOp::Kind::Delete, r));
	}
	for (const auto &[key, e] : have)
		if (!wanted_fwd.count(key))
			plan.push_back(fwd_op(PlanOp::Kind::Delete, *e));
	for (const auto &[name, d] : mine)
		if (!wanted_devs.count(name)) {
			DevConfig gone;
			gone.name = name;
			plan.push_back(dev_op(PlanOp::Kind::Delete, gone));
		}
	return plan;
}

void print_plan_op(Printer &p, const PlanOp &op)
{
	OpPrinter out(p, op);
	switch (op.object) {
	case PlanOp::Object::Dev:
		out.begin_record();
		out.str("ifname", "{}", op.dev.name);
		if (op.kind != PlanOp::Kind::Delete)
			print_dev_fields(out, op.dev);
		out.end_record();
		break;
	case PlanOp::Object::Fwd:
		print_fwd_entry(out, op.fwd, false);
		break;
	case PlanOp::Object::Cls:
		print_cls_rule(out, op.rule, false);
		break;
	}
}

std::string plan_op_text(const PlanOp &op)
{
	std::ostringstream os;
	auto p = make_text_printer(os);
	print_plan_op(*p, op);
	std::string s = os.str();
	if (!s.empty() && s.back() == '\n')
		s.pop_back();
	return s;
}

} // namespace sfcproxy
