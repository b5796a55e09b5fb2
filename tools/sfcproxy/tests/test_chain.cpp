// SPDX-License-Identifier: GPL-2.0
//
// `apply`: chain file validation, what each node gets, and the plan. The
// documented examples (Documentation/examples/) are loaded from the tree,
// so the tables in Documentation/chain-file.md are the ones tested here.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chain.hpp"
#include "test_util.hpp"

using namespace sfcproxy;
using json = nlohmann::ordered_json;

namespace {

std::string read_example(const std::string &name)
{
	std::ifstream in(std::string(SFCPROXY_EXAMPLES_DIR) + "/" + name);
	EXPECT_TRUE(in) << name;
	std::stringstream ss;
	ss << in.rdbuf();
	return ss.str();
}

ChainFile example(const std::string &name)
{
	return parse_chain_file(read_example(name));
}

std::vector<std::string> plan_text(const Plan &plan)
{
	std::vector<std::string> out;
	for (const auto &op : plan)
		out.push_back(plan_op_text(op));
	return out;
}

// What a node's tables print like, in the words of `fwd add`,
// `classifier add` and `dev add`: everything to create on an empty node.
std::vector<std::string> tables(const NodeState &st)
{
	return plan_text(make_plan({}, st));
}

// The kernel's view of a node where `st` was applied: devices report
// every option (defaults included), entries their ifindex, rules the
// defaults the kernel fills in.
CurrentState as_kernel(const NodeState &st)
{
	CurrentState cur;
	uint32_t ifindex = 10;
	for (const DevConfig &d : st.devices) {
		DevInfo i;
		i.ifindex = ifindex++;
		i.name = d.name;
		i.link = 2;
		i.link_name = *d.link;
		i.encap = d.encap;
		i.key_mode = d.key_mode.value_or(SFCPROXY_KEY_AUTO);
		i.id_mask = d.id_mask.value_or(0xffff0000);
		i.cache_size = d.cache_size.value_or(4096);
		i.cache_timeout = d.cache_timeout.value_or(1000);
		i.miss = d.miss.value_or(SFCPROXY_MISS_DROP);
		i.ttl = d.ttl.value_or(SFCPROXY_TTL_DEC);
		i.pop = 1;
		i.depth = 16;
		cur.devices.push_back(i);
	}
	for (FwdEntry e : st.fwd) {
		e.ifindex = e.action == SFCPROXY_FWD_END ? 0 : 7;
		e.packets = 5;
		e.bytes = 500;
		cur.fwd.push_back(e);
	}
	for (ClsRule r : st.rules) {
		if (!r.ttl)
			r.ttl = 63;
		if (!r.md1 && !r.md2)
			r.md1 = std::array<uint8_t, 16>{};
		r.packets = 1;
		cur.rules.push_back(r);
	}
	return cur;
}

std::string error_of(const std::string &text)
{
	return test::error_text<ChainError>([&] { parse_chain_file(text); }, EXIT_USAGE);
}

// A small valid file that the error cases below each break in one place.
json base_file()
{
	return json::parse(R"({
		"nodes": {
			"hostA": {"interface": "veth-ab", "mac": "02:00:00:00:00:0a"},
			"hostB": {"interface": "veth-ba", "mac": "02:00:00:00:00:0b"}
		},
		"functions": {
			"fw":  {"node": "hostA", "proxy": {"device": "sfp-fw", "key": "header"}},
			"nat": {"node": "hostA", "proxy": {"device": "sfp-nat"}},
			"ids": {"node": "hostB", "mac": "02:00:00:00:0b:01"}
		},
		"chains": [
			{"id": 100, "functions": ["fw", "nat", "ids"],
			 "flows": [{"src": "10.0.1.0/24", "dst": "10.0.3.0/24", "proto": "udp",
				    "sport": 1, "dport": 5001}]},
			{"id": 200, "functions": ["nat"],
			 "flows": [{"dst": "10.0.4.0/24"}]}
		]
	})");
}

template <typename F>
std::string error_after(F &&edit)
{
	json j = base_file();
	edit(j);
	return error_of(j.dump());
}

} // namespace

// --- what each node gets ----------------------------------------------------------

// Figure 5.10: sf2 gets (100,254) -> sf3, sf1 (200,254) -> sf3, and sf3
// the two ends; here each also gets the entry that hands the packet to its
// proxy, and server1, where both chains start, classifies.
TEST(ChainTables, TwoChainsServer1)
{
	auto st = desired_state(example("two-chains.json"), "server1");
	EXPECT_EQ(tables(st), (std::vector<std::string>{
				      "+ dev sfp-sf1 link eth1 encap nsh",
				      "+ dev sfp-sf2 link eth1 encap nsh key header",
				      "+ fwd spi 100 si 255 dev sfp-sf2",
				      "+ fwd spi 100 si 254 via 02:00:00:00:02:01 dev eth1",
				      "+ fwd spi 200 si 255 dev sfp-sf1",
				      "+ fwd spi 200 si 254 via 02:00:00:00:02:01 dev eth1",
				      "+ classifier src 10.0.1.0/24 dst 10.0.3.0/24 proto udp dport 5001 spi 100 si 255",
				      "+ classifier src 10.0.1.0/24 dst 10.0.3.0/24 proto tcp spi 200 si 255",
			      }));
}

TEST(ChainTables, TwoChainsServer2)
{
	auto st = desired_state(example("two-chains.json"), "server2");
	EXPECT_EQ(tables(st), (std::vector<std::string>{
				      "+ dev sfp-sf3 link eth1 encap nsh cache-size 65536",
				      "+ fwd spi 100 si 254 dev sfp-sf3",
				      "+ fwd spi 100 si 253 end",
				      "+ fwd spi 200 si 254 dev sfp-sf3",
				      "+ fwd spi 200 si 253 end",
			      }));
}

TEST(ChainTables, TwoChainsEntriesExactly)
{
	auto st = desired_state(example("two-chains.json"), "server1");
	ASSERT_EQ(st.fwd.size(), 4u);
	EXPECT_EQ(st.fwd[0].si, 255);
	EXPECT_EQ(st.fwd[1].spi, 100u);
	EXPECT_EQ(st.fwd[1].si, 254);
	EXPECT_EQ(st.fwd[1].action, SFCPROXY_FWD_NEXT_HOP);
	EXPECT_EQ(st.fwd[1].dev, "eth1");
	EXPECT_EQ(st.fwd[1].mac, (MacAddr{2, 0, 0, 0, 2, 1}));
	ASSERT_EQ(st.rules.size(), 2u);
	EXPECT_EQ(st.rules[0].match.family, AF_INET);
	EXPECT_EQ(st.rules[0].match.src, (std::vector<uint8_t>{10, 0, 1, 0}));
	EXPECT_EQ(st.rules[0].match.src_len, 24);
	EXPECT_EQ(st.rules[0].match.proto, IPPROTO_UDP);
	EXPECT_EQ(st.rules[0].match.dport, 5001);
	EXPECT_FALSE(st.rules[0].match.sport);
	EXPECT_EQ(st.rules[0].spi, 100u);
	EXPECT_EQ(st.rules[0].si, 255);
	EXPECT_FALSE(st.rules[0].ttl);
	EXPECT_FALSE(st.rules[0].md1);
	EXPECT_FALSE(st.rules[0].md2);
}

// A classifier of its own, SI starting at 200, two proxied functions in a
// row on one host (handed over without leaving it), an NSH-aware function
// reached at its MAC, metadata.
TEST(ChainTables, MixedEdge)
{
	auto st = desired_state(example("mixed.json"), "edge");
	EXPECT_EQ(tables(st),
		  (std::vector<std::string>{
			  "+ fwd spi 10 si 200 via 02:00:00:00:00:0a dev eth0",
			  "+ classifier src 2001:db8:1::/48 proto tcp dport 443 spi 10 si 200 ttl 32 md2 0x0100:1:c0ffee",
			  "+ classifier src 2001:db8:1::/48 proto udp dport 443 spi 10 si 200 ttl 32 md2 0x0100:1:c0ffee",
		  }));
	ASSERT_EQ(st.rules.size(), 2u);
	EXPECT_EQ(st.rules[0].md2, (std::vector<uint8_t>{1, 0, 1, 3, 0xc0, 0xff, 0xee, 0}));
	EXPECT_EQ(st.rules[0].match.family, AF_INET6);
}

TEST(ChainTables, MixedHostA)
{
	auto st = desired_state(example("mixed.json"), "hostA");
	EXPECT_EQ(tables(st),
		  (std::vector<std::string>{
			  "+ dev sfp-fw link ens3 encap nsh key header miss pass",
			  "+ dev sfp-nat link ens3 encap nsh key id id-mask 0x00ff0000",
			  "+ fwd spi 10 si 200 dev sfp-fw",
			  "+ fwd spi 10 si 199 dev sfp-nat",
			  "+ fwd spi 10 si 198 via 02:00:00:00:0b:01 dev ens3",
			  "+ fwd spi 20 si 254 dev sfp-fw",
			  "+ fwd spi 20 si 253 end",
		  }));
}

TEST(ChainTables, MixedHostB)
{
	auto st = desired_state(example("mixed.json"), "hostB");
	EXPECT_EQ(tables(st),
		  (std::vector<std::string>{
			  "+ fwd spi 10 si 197 end",
			  "+ fwd spi 20 si 255 via 02:00:00:00:0b:01 dev ens3",
			  "+ fwd spi 20 si 254 via 02:00:00:00:00:0a dev ens3",
			  "+ classifier dst 192.0.2.0/24 spi 20 si 255 md1 1:2:3:4",
		  }));
	ASSERT_EQ(st.rules.size(), 1u);
	EXPECT_EQ(st.rules[0].md1, (std::array<uint8_t, 16>{0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
							    0, 0, 0, 4}));
}

TEST(ChainTables, FunctionInNoChainStillGetsItsDevice)
{
	json j = base_file();
	j["functions"]["spare"] = {{"node", "hostB"}, {"proxy", {{"device", "sfp-spare"}}}};
	auto st = desired_state(parse_chain_file(j.dump()), "hostB");
	ASSERT_EQ(st.devices.size(), 1u);
	EXPECT_EQ(st.devices[0].name, "sfp-spare");
}

TEST(ChainTables, FunctionTwiceInAChain)
{
	json j = base_file();
	j["chains"] = json::parse(R"([{"id": 7, "functions": ["fw", "ids", "fw"]}])");
	auto st = desired_state(parse_chain_file(j.dump()), "hostA");
	EXPECT_EQ(tables(st), (std::vector<std::string>{
				      "+ dev sfp-fw link veth-ab encap nsh key header",
				      "+ dev sfp-nat link veth-ab encap nsh",
				      "+ fwd spi 7 si 255 dev sfp-fw",
				      "+ fwd spi 7 si 254 via 02:00:00:00:0b:01 dev veth-ab",
				      "+ fwd spi 7 si 253 dev sfp-fw",
				      "+ fwd spi 7 si 252 end",
			      }));
}

// --- plans --------------------------------------------------------------------------

TEST(ChainPlan, ReapplyChangesNothing)
{
	for (const char *file : {"two-chains.json", "mixed.json"}) {
		ChainFile f = example(file);
		for (const auto &[node, n] : f.nodes) {
			auto st = desired_state(f, node);
			EXPECT_TRUE(make_plan(as_kernel(st), st).empty()) << file << " " << node;
		}
	}
}

TEST(ChainPlan, OrderOnAFreshNode)
{
	auto plan = make_plan({}, desired_state(example("two-chains.json"), "server1"));
	ASSERT_EQ(plan.size(), 8u);
	for (size_t i = 0; i < plan.size(); i++) {
		EXPECT_EQ(plan[i].kind, PlanOp::Kind::Add);
		auto want = i < 2 ? PlanOp::Object::Dev : i < 6 ? PlanOp::Object::Fwd
							       : PlanOp::Object::Cls;
		EXPECT_EQ(plan[i].object, want) << i;
	}
}

TEST(ChainPlan, RemovedChainRemovesExactlyItsState)
{
	ChainFile f = example("two-chains.json");
	auto before = as_kernel(desired_state(f, "server1"));
	f.chains.erase(f.chains.begin() + 1);
	f.functions.erase("sf1");
	EXPECT_EQ(plan_text(make_plan(before, desired_state(f, "server1"))),
		  (std::vector<std::string>{
			  "- classifier src 10.0.1.0/24 dst 10.0.3.0/24 proto tcp spi 200 si 255",
			  "- fwd spi 200 si 255 dev sfp-sf1",
			  "- fwd spi 200 si 254 via 02:00:00:00:02:01 dev eth1",
			  "- dev sfp-sf1",
		  }));
	auto server2 = as_kernel(desired_state(example("two-chains.json"), "server2"));
	EXPECT_EQ(plan_text(make_plan(server2, desired_state(f, "server2"))),
		  (std::vector<std::string>{
			  "- fwd spi 200 si 254 dev sfp-sf3",
			  "- fwd spi 200 si 253 end",
		  }));
}

TEST(ChainPlan, ChangedKeyModeIsOneSet)
{
	ChainFile f = example("two-chains.json");
	auto before = as_kernel(desired_state(f, "server1"));
	f.functions["sf2"].proxy->key_mode = SFCPROXY_KEY_ID;
	auto plan = make_plan(before, desired_state(f, "server1"));
	ASSERT_EQ(plan.size(), 1u);
	EXPECT_EQ(plan[0].kind, PlanOp::Kind::Change);
	EXPECT_EQ(plan[0].dev.name, "sfp-sf2");
	EXPECT_EQ(plan[0].dev.key_mode, SFCPROXY_KEY_ID);
	EXPECT_FALSE(plan[0].dev.cache_size);
	EXPECT_FALSE(plan[0].dev.link);
	EXPECT_EQ(plan_op_text(plan[0]), "~ dev sfp-sf2 key id");
}

TEST(ChainPlan, OptionLeftOutGoesBackToDefault)
{
	ChainFile f = example("two-chains.json");
	auto before = as_kernel(desired_state(f, "server2"));
	f.functions["sf3"].proxy->cache_size.reset();
	EXPECT_EQ(plan_text(make_plan(before, desired_state(f, "server2"))),
		  (std::vector<std::string>{"~ dev sfp-sf3 cache-size 4096"}));
}

TEST(ChainPlan, NewLowerDeviceRecreatesTheProxy)
{
	ChainFile f = example("two-chains.json");
	auto before = as_kernel(desired_state(f, "server2"));
	f.nodes["server2"].interface = "eth2";
	// The entries that named the old device went with it.
	EXPECT_EQ(plan_text(make_plan(before, desired_state(f, "server2"))),
		  (std::vector<std::string>{
			  "- dev sfp-sf3",
			  "+ dev sfp-sf3 link eth2 encap nsh cache-size 65536",
			  "+ fwd spi 100 si 254 dev sfp-sf3",
			  "+ fwd spi 200 si 254 dev sfp-sf3",
		  }));
}

TEST(ChainPlan, ChangedNextHopAndActionAreReplaced)
{
	ChainFile f = example("two-chains.json");
	auto before = as_kernel(desired_state(f, "server1"));
	f.nodes["server2"].mac = MacAddr{2, 0, 0, 0, 2, 2};
	f.chains[0].si = 250;
	f.chains[1].ttl = 10;
	EXPECT_EQ(plan_text(make_plan(before, desired_state(f, "server1"))),
		  (std::vector<std::string>{
			  "+ fwd spi 100 si 250 dev sfp-sf2",
			  "+ fwd spi 100 si 249 via 02:00:00:00:02:02 dev eth1",
			  "~ fwd spi 200 si 254 via 02:00:00:00:02:02 dev eth1",
			  "~ classifier src 10.0.1.0/24 dst 10.0.3.0/24 proto udp dport 5001 spi 100 si 250",
			  "~ classifier src 10.0.1.0/24 dst 10.0.3.0/24 proto tcp spi 200 si 255 ttl 10",
			  "- fwd spi 100 si 255 dev sfp-sf2",
			  "- fwd spi 100 si 254 via 02:00:00:00:02:01 dev eth1",
		  }));
}

// apply owns every entry and rule of the namespace and every encap nsh
// proxy; devices of other encapsulations are not its business.
TEST(ChainPlan, ForeignStateIsRemovedOtherEncapsLeftAlone)
{
	auto want = desired_state(example("two-chains.json"), "server2");
	auto cur = as_kernel(want);
	DevInfo mpls;
	mpls.name = "sfp-mpls";
	mpls.encap = SFCPROXY_ENCAP_MPLS;
	mpls.link_name = "eth1";
	cur.devices.push_back(mpls);
	DevInfo stray = cur.devices[0];
	stray.name = "sfp-old";
	cur.devices.push_back(stray);
	FwdEntry e;
	e.spi = 5;
	e.si = 9;
	e.action = SFCPROXY_FWD_END;
	cur.fwd.push_back(e);
	ClsRule r;
	r.match.proto = IPPROTO_ICMP;
	r.spi = 5;
	r.si = 9;
	cur.rules.push_back(r);
	EXPECT_EQ(plan_text(make_plan(cur, want)), (std::vector<std::string>{
							   "- classifier proto icmp spi 5 si 9",
							   "- fwd spi 5 si 9 end",
							   "- dev sfp-old",
						   }));
}

TEST(ChainPlan, NameOfAnotherEncapsDeviceIsRefused)
{
	auto want = desired_state(example("two-chains.json"), "server2");
	CurrentState cur;
	DevInfo mpls;
	mpls.name = "sfp-sf3";
	mpls.encap = SFCPROXY_ENCAP_MPLS;
	cur.devices.push_back(mpls);
	EXPECT_EQ(test::usage_error([&] { make_plan(cur, want); }),
		  "Error: \"sfp-sf3\" is a proxy device of encap mpls; apply only manages encap "
		  "nsh devices");
}

// A delete request without a match removes every rule.
TEST(ChainPlan, RuleMatchingEverythingIsNotRemovedAlone)
{
	auto want = desired_state(example("two-chains.json"), "server1");
	auto cur = as_kernel(want);
	ClsRule all;
	all.spi = 9;
	all.si = 255;
	cur.rules.push_back(all);
	EXPECT_EQ(test::usage_error([&] { make_plan(cur, want); }),
		  "Error: the classifier has a rule that matches every packet (spi 9 si 255), "
		  "which apply cannot remove by itself; remove it with \"sfcproxy classifier "
		  "flush\" and apply again");
}

// The kernel matches rules first to last and only appends: a rule that
// overlaps one that must precede it is re-added behind it; rules no packet
// can match together stay where they are.
TEST(ChainPlan, ClassifierOrderIsKeptWhereItMatters)
{
	json j = base_file();
	j["chains"][0]["flows"] = json::parse(R"([{"dst": "10.0.0.0/8", "proto": "tcp"},
						  {"dst": "10.1.0.0/16"},
						  {"dst": "192.0.2.0/24"}])");
	j["chains"][1]["flows"] = json::parse(R"([{"dst": "10.2.0.0/16", "proto": "udp"}])");
	ChainFile f = parse_chain_file(j.dump());
	auto want = desired_state(f, "hostA");
	ASSERT_EQ(want.rules.size(), 4u);

	// Kernel has 192.0.2.0/24, 10.1.0.0/16, 10.0.0.0/8: the /8 must
	// come before the /16 (they overlap), 192.0.2.0/24 overlaps neither.
	auto cur = as_kernel(want);
	cur.rules = {cur.rules[2], cur.rules[1], cur.rules[0]};
	EXPECT_EQ(plan_text(make_plan(cur, want)),
		  (std::vector<std::string>{
			  "- classifier dst 10.1.0.0/16 spi 100 si 255",
			  "+ classifier dst 10.1.0.0/16 spi 100 si 255",
			  "+ classifier dst 10.2.0.0/16 proto udp spi 200 si 255",
		  }));

	// 192.0.2.0/24 and udp to 10.2/16 cannot both match: any order.
	cur = as_kernel(want);
	std::swap(cur.rules[2], cur.rules[3]);
	EXPECT_TRUE(make_plan(cur, want).empty());
}

TEST(ChainPlan, JsonForm)
{
	ChainFile f = example("two-chains.json");
	auto before = as_kernel(desired_state(f, "server1"));
	f.functions["sf2"].proxy->key_mode = SFCPROXY_KEY_ID;
	f.chains.pop_back();
	std::ostringstream os;
	auto p = make_json_printer(os, false);
	for (const auto &op : make_plan(before, desired_state(f, "server1")))
		print_plan_op(*p, op);
	p->finish();
	auto doc = json::parse(os.str());
	ASSERT_EQ(doc.size(), 4u);
	EXPECT_EQ(doc[0], json::parse(R"({"op": "change", "object": "dev", "ifname": "sfp-sf2",
					   "key": "id"})"));
	EXPECT_EQ(doc[1]["op"], "delete");
	EXPECT_EQ(doc[1]["object"], "classifier");
	EXPECT_EQ(doc[1]["spi"], 200);
	EXPECT_EQ(doc[2]["action"], "proxy");
	EXPECT_EQ(doc[3], json::parse(R"({"op": "delete", "object": "fwd", "spi": 200, "si": 254,
					   "action": "next_hop", "mac": "02:00:00:00:02:01",
					   "dev": "eth1"})"));
}

// --- validation ---------------------------------------------------------------------

TEST(ChainFile, BaseFileIsValid)
{
	ChainFile f = parse_chain_file(base_file().dump());
	EXPECT_EQ(f.chains.size(), 2u);
	EXPECT_EQ(f.chains[0].classifier, "hostA");
	EXPECT_EQ(f.chains[0].si, 255);
	EXPECT_EQ(f.chains[0].flows[0].sport, 1);
}

TEST(ChainFile, ExamplesAreValid)
{
	EXPECT_NO_THROW(example("two-chains.json"));
	EXPECT_NO_THROW(example("mixed.json"));
}

struct ErrorCase {
	const char *name;
	void (*edit)(json &);
	const char *message;
};

TEST(ChainFile, Errors)
{
	const ErrorCase cases[] = {
		{"unknown function in a chain",
		 [](json &j) { j["chains"][1]["functions"] = {"nat", "nat2"}; },
		 "chains[1].functions[1]: unknown function \"nat2\""},
		{"unknown node of a function", [](json &j) { j["functions"]["fw"]["node"] = "hostC"; },
		 "functions.fw.node: unknown node \"hostC\""},
		{"unknown classifier node", [](json &j) { j["chains"][0]["classifier"] = "edge"; },
		 "chains[0].classifier: unknown node \"edge\""},
		{"duplicate chain id", [](json &j) { j["chains"][1]["id"] = 100; },
		 "chains[1].id: chain 100 is already defined at chains[0]"},
		{"SI runs out",
		 [](json &j) {
			 j["chains"][0]["functions"] = json::array();
			 for (int i = 0; i < 300; i++)
				 j["chains"][0]["functions"].push_back("fw");
		 },
		 "chains[0].functions: chain 100 has 300 functions: SI would run out (starting at SI "
		 "255, at most 254 functions fit)"},
		{"SI runs out from a lower start", [](json &j) { j["chains"][0]["si"] = 3; },
		 "chains[0].functions: chain 100 has 3 functions: SI would run out (starting at SI 3, "
		 "at most 2 functions fit)"},
		{"SI 0", [](json &j) { j["chains"][0]["si"] = 0; },
		 "chains[0].si: must be an integer in 1..255, not 0"},
		{"SPI too large", [](json &j) { j["chains"][0]["id"] = 16777216; },
		 "chains[0].id: must be an integer in 0..16777215, not 16777216"},
		{"id as a string", [](json &j) { j["chains"][0]["id"] = "100"; },
		 "chains[0].id: must be an integer in 0..16777215, not \"100\""},
		{"negative id", [](json &j) { j["chains"][0]["id"] = -1; },
		 "chains[0].id: must be an integer in 0..16777215, not -1"},
		{"fractional ttl", [](json &j) { j["chains"][0]["ttl"] = 1.5; },
		 "chains[0].ttl: must be an integer in 1..63, not 1.5"},
		{"missing id", [](json &j) { j["chains"][0].erase("id"); },
		 "chains[0]: missing required field \"id\""},
		{"empty function list", [](json &j) { j["chains"][0]["functions"] = json::array(); },
		 "chains[0].functions: must be a non-empty array of function names, not []"},
		{"typo in a chain field", [](json &j) { j["chains"][0]["clasifier"] = "hostA"; },
		 "chains[0].clasifier: unknown field (expected one of: id, functions, classifier, si, "
		 "flows, metadata, ttl, description)"},
		{"typo at the top", [](json &j) { j["chain"] = json::array(); },
		 "chain: unknown field (expected one of: $schema, description, nodes, functions, "
		 "chains)"},
		{"typo in proxy options",
		 [](json &j) { j["functions"]["fw"]["proxy"]["cache-size"] = 10; },
		 "functions.fw.proxy.cache-size: unknown field (expected one of: device, key, id_mask, "
		 "cache_size, cache_timeout, miss, ttl)"},
		{"missing nodes", [](json &j) { j.erase("nodes"); },
		 "missing required field \"nodes\""},
		{"not an object", [](json &j) { j = json::array(); },
		 "the file must hold a JSON object, not []"},
		{"bad MAC", [](json &j) { j["nodes"]["hostB"]["mac"] = "02:00:00:00:0b"; },
		 "nodes.hostB.mac: must be a MAC address such as \"02:00:00:00:00:0a\", not "
		 "\"02:00:00:00:0b\""},
		{"multicast MAC", [](json &j) { j["nodes"]["hostB"]["mac"] = "01:00:5e:00:00:01"; },
		 "nodes.hostB.mac: \"01:00:5e:00:00:01\" is a multicast address; a next hop needs a "
		 "unicast one"},
		{"zero MAC", [](json &j) { j["functions"]["ids"]["mac"] = "00:00:00:00:00:00"; },
		 "functions.ids.mac: the all-zero address cannot be a next hop"},
		{"MAC used twice", [](json &j) { j["functions"]["ids"]["mac"] = "02:00:00:00:00:0A"; },
		 "functions.ids.mac: 02:00:00:00:00:0a is already the MAC address of node \"hostA\""},
		{"bad interface name", [](json &j) { j["nodes"]["hostA"]["interface"] = "eth0:1"; },
		 "nodes.hostA.interface: must be a network device name (1..15 characters, no \"/\", "
		 "\":\" or whitespace), not \"eth0:1\""},
		{"missing interface", [](json &j) { j["nodes"]["hostA"].erase("interface"); },
		 "nodes.hostA: missing required field \"interface\""},
		{"bad node name", [](json &j) { j["nodes"]["host A"] = j["nodes"]["hostA"]; },
		 "nodes[\"host A\"]: names are 1..64 letters, digits, \".\", \"_\" or \"-\""},
		{"proxy and mac",
		 [](json &j) { j["functions"]["fw"]["mac"] = "02:00:00:00:0f:01"; },
		 "functions.fw: give either \"proxy\" or \"mac\", not both"},
		{"neither proxy nor mac", [](json &j) { j["functions"]["fw"].erase("proxy"); },
		 "functions.fw: missing \"proxy\" (an NSH-unaware function behind a proxy device) or "
		 "\"mac\" (an NSH-aware function reached at that address)"},
		{"two functions on one device",
		 [](json &j) { j["functions"]["nat"]["proxy"]["device"] = "sfp-fw"; },
		 "functions.nat.proxy.device: \"sfp-fw\" is already the proxy device of function "
		 "\"fw\" on node \"hostA\""},
		{"proxy on the node's interface",
		 [](json &j) { j["functions"]["fw"]["proxy"]["device"] = "veth-ab"; },
		 "functions.fw.proxy.device: \"veth-ab\" is the interface of node \"hostA\"; a proxy "
		 "device needs a name of its own"},
		{"bad key mode", [](json &j) { j["functions"]["fw"]["proxy"]["key"] = "5tuple"; },
		 "functions.fw.proxy.key: must be one of id, header, auto, not \"5tuple\""},
		{"zero id mask", [](json &j) { j["functions"]["fw"]["proxy"]["id_mask"] = "0x0"; },
		 "functions.fw.proxy.id_mask: must be a non-zero 32-bit mask, a number or a string "
		 "such as \"0xffff0000\", not \"0x0\""},
		{"cache too large",
		 [](json &j) { j["functions"]["fw"]["proxy"]["cache_size"] = 4194305; },
		 "functions.fw.proxy.cache_size: must be an integer in 1..4194304, not 4194305"},
		{"bad prefix", [](json &j) { j["chains"][0]["flows"][0]["src"] = "10.0.1/24"; },
		 "chains[0].flows[0].src: argument \"10.0.1/24\" is wrong: \"src\" must be an IPv4 or "
		 "IPv6 prefix, ADDRESS[/LEN]"},
		{"host bits", [](json &j) { j["chains"][0]["flows"][0]["dst"] = "10.0.3.1/24"; },
		 "chains[0].flows[0].dst: argument \"10.0.3.1/24\" is wrong: \"dst\" has host bits set "
		 "beyond /24 (did you mean 10.0.3.0/24?)"},
		{"prefix length", [](json &j) { j["chains"][0]["flows"][0]["dst"] = "10.0.3.0/33"; },
		 "chains[0].flows[0].dst: argument \"10.0.3.0/33\" is wrong: \"dst\" prefix length "
		 "must be in 0..32"},
		{"mixed families", [](json &j) { j["chains"][0]["flows"][0]["dst"] = "2001:db8::/32"; },
		 "chains[0].flows[0]: \"src\" and \"dst\" must be of one family (both IPv4 or both "
		 "IPv6) for \"flow\""},
		{"bad protocol", [](json &j) { j["chains"][0]["flows"][0]["proto"] = "quic"; },
		 "chains[0].flows[0].proto: must be one of icmp, tcp, udp, ipv6-icmp, sctp or a "
		 "protocol number in 1..255, not \"quic\""},
		{"port without protocol", [](json &j) { j["chains"][0]["flows"][0].erase("proto"); },
		 "chains[0].flows[0]: \"sport\" needs \"proto tcp\", \"proto udp\" or \"proto sctp\" "
		 "for \"flow\""},
		{"port out of range", [](json &j) { j["chains"][0]["flows"][0]["dport"] = 65536; },
		 "chains[0].flows[0].dport: must be an integer in 1..65535, not 65536"},
		{"empty flow", [](json &j) { j["chains"][0]["flows"][0] = json::object(); },
		 "chains[0].flows[0]: a flow needs at least one of src, dst, proto, sport, dport "
		 "(\"0.0.0.0/0\" matches all IPv4 packets)"},
		{"flow field typo", [](json &j) { j["chains"][0]["flows"][0]["destination"] = "x"; },
		 "chains[0].flows[0].destination: unknown field (expected one of: src, dst, proto, "
		 "sport, dport)"},
		{"md1 of three words", [](json &j) { j["chains"][0]["metadata"] = {{"md1", {1, 2, 3}}}; },
		 "chains[0].metadata.md1: must be an array of four 32-bit integers, not [1,2,3]"},
		{"md1 word too large",
		 [](json &j) { j["chains"][0]["metadata"] = {{"md1", {1, 2, 3, 4294967296}}}; },
		 "chains[0].metadata.md1[3]: must be an integer in 0..4294967295, not 4294967296"},
		{"md1 and md2",
		 [](json &j) {
			 j["chains"][0]["metadata"] = {{"md1", {1, 2, 3, 4}}, {"md2", json::array()}};
		 },
		 "chains[0].metadata: give either \"md1\" or \"md2\", not both"},
		{"md2 value not hex",
		 [](json &j) {
			 j["chains"][0]["metadata"] =
				 json::parse(R"({"md2": [{"class": 1, "type": 2, "value": "xyz"}]})");
		 },
		 "chains[0].metadata.md2[0].value: must be a string of hex digit pairs such as "
		 "\"c0ffee\", not \"xyz\""},
		{"md2 class too large",
		 [](json &j) {
			 j["chains"][0]["metadata"] =
				 json::parse(R"({"md2": [{"class": 65536, "type": 2}]})");
		 },
		 "chains[0].metadata.md2[0].class: must be an integer in 0..65535, not 65536"},
		{"md2 value too long",
		 [](json &j) {
			 j["chains"][0]["metadata"] = {
				 {"md2", {{{"class", 1}, {"type", 2}, {"value", std::string(256, 'a')}}}}};
		 },
		 "chains[0].metadata.md2[0].value: is 128 bytes; a context header holds at most 127"},
		{"ttl too large", [](json &j) { j["chains"][0]["ttl"] = 64; },
		 "chains[0].ttl: must be an integer in 1..63, not 64"},
		{"description not a string", [](json &j) { j["functions"]["fw"]["description"] = 1; },
		 "functions.fw.description: must be a string, not 1"},
		{"same flow twice in a chain",
		 [](json &j) { j["chains"][1]["flows"].push_back({{"dst", "10.0.4.0/24"}}); },
		 "chains[1].flows[1]: same flow as chains[1].flows[0]"},
	};
	for (const auto &c : cases)
		EXPECT_EQ(error_after(c.edit), c.message) << c.name;
}

TEST(ChainFile, MdTwoTooMuchInAll)
{
	json tlv = {{"class", 1}, {"type", 2}, {"value", std::string(240, 'a')}};
	json j = base_file();
	j["chains"][0]["metadata"] = {{"md2", {tlv, tlv}}};
	EXPECT_EQ(error_of(j.dump()),
		  "chains[0].metadata.md2: the context headers take 248 bytes; at most 244 fit");
}

// Two chains classifying the same flow on one node would need one rule
// with two actions.
TEST(ChainFile, ConflictingChains)
{
	json j = base_file();
	j["chains"][1]["flows"].push_back(j["chains"][0]["flows"][0]);
	EXPECT_EQ(error_of(j.dump()),
		  "chains[1].flows[1]: same flow as chains[0].flows[0]: chains 100 and 200 would "
		  "both classify it on node \"hostA\"");

	// On different classifier nodes they do not meet.
	j["chains"][1]["classifier"] = "hostB";
	EXPECT_NO_THROW(parse_chain_file(j.dump()));
}

TEST(ChainFile, DuplicateKeysAreRefused)
{
	EXPECT_EQ(error_of(R"({"nodes": {}, "nodes": {}})"), "nodes: duplicate key");
	json j = base_file();
	std::string text = j.dump();
	// a second "key" inside functions.fw.proxy
	auto pos = text.find("\"key\":\"header\"");
	ASSERT_NE(pos, std::string::npos);
	text.insert(pos, "\"key\":\"id\",");
	EXPECT_EQ(error_of(text), "functions.fw.proxy.key: duplicate key");
	pos = text.find("\"dport\":5001");
	text.insert(pos, "\"dport\":5002,");
	text.erase(text.find("\"key\":\"id\","), 11);
	EXPECT_EQ(error_of(text), "chains[0].flows[0].dport: duplicate key");
}

TEST(ChainFile, SyntaxErrorSaysWhere)
{
	EXPECT_EQ(error_of("{\n  \"nodes\": {,\n}"),
		  "not valid JSON: parse error at line 2, column 13: syntax error while parsing "
		  "object key - unexpected ','; expected string literal");
}

TEST(ChainFile, IdMaskAsNumberOrHexString)
{
	json j = base_file();
	j["functions"]["fw"]["proxy"]["id_mask"] = 65535;
	EXPECT_EQ(parse_chain_file(j.dump()).functions["fw"].proxy->id_mask, 0xffffu);
	j["functions"]["fw"]["proxy"]["id_mask"] = "0xff000000";
	EXPECT_EQ(parse_chain_file(j.dump()).functions["fw"].proxy->id_mask, 0xff000000u);
}

TEST(ChainFile, WholeNumbersMayHaveAFraction)
{
	json j = base_file();
	j["chains"][0]["id"] = 100.0;
	EXPECT_EQ(parse_chain_file(j.dump()).chains[0].id, 100u);
}

TEST(ChainFile, ProtocolByNumber)
{
	json j = base_file();
	j["chains"][0]["flows"][0]["proto"] = 17;
	EXPECT_EQ(parse_chain_file(j.dump()).chains[0].flows[0].proto, IPPROTO_UDP);
	j["chains"][0]["flows"][0]["proto"] = 0;
	EXPECT_EQ(error_of(j.dump()),
		  "chains[0].flows[0].proto: must be an integer in 1..255, not 0");
}

// --- command line -------------------------------------------------------------------

TEST(ApplyArgs, Forms)
{
	std::vector<std::string> a = {"-f", "c.json"};
	auto r = parse_apply_args(a);
	EXPECT_EQ(r.file, "c.json");
	EXPECT_FALSE(r.node);
	EXPECT_FALSE(r.dry_run);

	a = {"--dry-run", "--node", "hostA", "--file", "-"};
	r = parse_apply_args(a);
	EXPECT_EQ(r.file, "-");
	EXPECT_EQ(r.node, "hostA");
	EXPECT_TRUE(r.dry_run);

	a = {"--file=c.json", "--node=hostB"};
	r = parse_apply_args(a);
	EXPECT_EQ(r.file, "c.json");
	EXPECT_EQ(r.node, "hostB");
}

TEST(ApplyArgs, Errors)
{
	auto err = [](std::vector<std::string> a) {
		return test::usage_error([&] { parse_apply_args(a); });
	};
	EXPECT_EQ(err({}), "Error: \"-f FILE\" is required for \"apply\"");
	EXPECT_EQ(err({"-f"}), "Error: \"-f\" needs a value for \"apply\"");
	EXPECT_EQ(err({"-f", "a", "-f", "b"}), "Error: duplicate \"-f\": \"b\" is the second value");
	EXPECT_EQ(err({"-f", "a", "--node="}),
		  "Error: argument \"\" is wrong: \"--node\" must not be empty");
	EXPECT_EQ(err({"-f", "a", "--force"}), "Error: unknown option \"--force\" for \"apply\"");
	EXPECT_EQ(err({"-f", "a", "-j"}),
		  "Error: unknown option \"-j\" for \"apply\" (global options go before \"apply\")");
	EXPECT_EQ(err({"--dry-run=yes", "-f", "a"}),
		  "Error: unknown option \"--dry-run=yes\" for \"apply\"");
}
