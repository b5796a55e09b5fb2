// SPDX-License-Identifier: GPL-2.0
#pragma once

// `sfcproxy apply`: the chain file (JSON, after Chaining-Box's controller
// input), what one node needs from it, and the plan that turns the
// kernel's current state into that. Everything here is pure: no sockets,
// no name lookups, so every rule and every error text is unit tested.
// Format and semantics: Documentation/chain-file.md.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "errors.hpp"
#include "model.hpp"
#include "printer.hpp"

namespace sfcproxy {

using MacAddr = std::array<uint8_t, 6>;

// A host taking part in the chains: the device NSH frames leave and
// arrive on, and that device's MAC address (what other nodes send to).
struct ChainNode {
	std::string interface;
	MacAddr mac{};
};

// A service function: an NSH-unaware one behind a proxy device on its
// node, or an NSH-aware one reached at its own MAC address.
struct ChainFunction {
	std::string node;
	// The proxy device: its name and the options the file gives (the
	// others take the kernel's defaults, which apply also compares
	// against). Exactly one of proxy and mac.
	std::optional<DevConfig> proxy;
	std::optional<MacAddr> mac;
};

struct Chain {
	uint32_t id = 0;			// the SPI
	std::vector<std::string> functions;	// in order
	std::string classifier;			// node that classifies its flows
	uint8_t si = 255;			// SI of the first function
	std::vector<ClsMatch> flows;
	std::optional<std::array<uint8_t, 16>> md1;
	std::optional<std::vector<uint8_t>> md2; // TLVs in wire format
	std::optional<uint8_t> ttl;
};

struct ChainFile {
	std::map<std::string, ChainNode> nodes;
	std::map<std::string, ChainFunction> functions;
	std::vector<Chain> chains;
};

// A mistake in the chain file: `path` is where (e.g. "chains[1].functions[2]"),
// what() is "path: reason".
class ChainError : public UsageError {
public:
	ChainError(const std::string &path, const std::string &reason)
		: UsageError(path.empty() ? reason : path + ": " + reason), path_(path) {}
	const std::string &path() const { return path_; }

private:
	std::string path_;
};

// Parses and validates the whole file; throws ChainError at the first
// problem, so nothing is applied from a file with any.
ChainFile parse_chain_file(std::string_view text);

// What `node` must have: its proxy devices (encap nsh, link = the node's
// interface, only the options the file gives), its forwarding entries
// by SPI, then SI from high to low (the order a packet meets them), and its classifier rules in match order.
struct NodeState {
	std::vector<DevConfig> devices;
	std::vector<FwdEntry> fwd;
	std::vector<ClsRule> rules;
};
// `node` must be a key of file.nodes (std::out_of_range otherwise).
NodeState desired_state(const ChainFile &file, const std::string &node);

// What the kernel has. Devices of every encapsulation, with link_name
// resolved; apply owns the encap nsh ones and leaves the others alone.
struct CurrentState {
	std::vector<DevInfo> devices;
	std::vector<FwdEntry> fwd;
	std::vector<ClsRule> rules; // in match order
};

struct PlanOp {
	enum class Kind { Add, Change, Delete };
	enum class Object { Dev, Fwd, Cls };
	Kind kind;
	Object object;
	DevConfig dev;	// Add: what to create; Change: name and changed options;
			// Delete: name
	FwdEntry fwd;	// Add/Change: the new entry; Delete: the old one
	ClsRule rule;	// likewise
};
using Plan = std::vector<PlanOp>;

// The operations turning `cur` into `want`, in the order they must run:
// devices created or changed, forwarding entries, classifier rules, then
// the deletions in reverse (rules, entries, devices). Empty when nothing
// differs. Throws UsageError when a wanted device name is taken by a proxy
// device of another encapsulation.
Plan make_plan(const CurrentState &cur, const NodeState &want);

// One operation: "+ fwd spi 100 si 255 proxy dev sfp-fw" in text; an
// object {"op": "add", "object": "fwd", ...} in JSON.
void print_plan_op(Printer &p, const PlanOp &op);
// The text form as one string, for progress and error messages.
std::string plan_op_text(const PlanOp &op);

// `apply -f FILE [--node NAME] [--dry-run]`
struct ApplyArgs {
	std::string file;		// "-" is standard input
	std::optional<std::string> node;
	bool dry_run = false;
};
ApplyArgs parse_apply_args(ArgList args);

} // namespace sfcproxy
