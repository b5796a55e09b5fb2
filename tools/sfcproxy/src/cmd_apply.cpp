// SPDX-License-Identifier: GPL-2.0
//
// `apply -f FILE [--node NAME] [--dry-run]`: the file is read and checked
// completely, the kernel's state is read, and only then is anything
// changed, one operation at a time, each printed once it is done.

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>

#include <net/if.h>
#include <unistd.h>

#include "chain.hpp"
#include "commands.hpp"
#include "dev_ops.hpp"
#include "errors.hpp"
#include "nsh_ops.hpp"

namespace sfcproxy {

namespace {

std::string read_file(const std::string &file)
{
	if (file == "-")
		return std::string(std::istreambuf_iterator<char>(std::cin), {});
	auto cannot = [&] {
		return UsageError("Error: cannot read \"" + file + "\": " + std::strerror(errno));
	};
	std::ifstream in(file, std::ios::binary);
	if (!in)
		throw cannot();
	try {
		return std::string(std::istreambuf_iterator<char>(in), {});
	} catch (const std::ios_base::failure &) {
		throw cannot(); // a directory, an I/O error
	}
}

// The host name as `hostname` prints it, or its first label when only
// that names a node ("server1" for "server1.example.org").
std::string this_node(const ChainFile &file, const std::string &shown)
{
	char buf[256] = {};
	if (gethostname(buf, sizeof(buf) - 1) != 0)
		throw UsageError(std::string("Error: cannot get the host name: ") +
				 std::strerror(errno) + "; name the node with --node");
	std::string host = buf;
	std::string first = host.substr(0, host.find('.'));
	if (!file.nodes.count(host) && file.nodes.count(first))
		return first;
	if (!file.nodes.count(host))
		throw UsageError("Error: this host (\"" + host + "\") is not a node of " + shown +
				 "; name the node with --node");
	return host;
}

// Everything the plan needs that is not the kernel's to check: the node's
// interface, and names of new proxy devices not taken by other devices.
void check_local_names(const ChainFile &file, const std::string &node, const Plan &plan)
{
	require_ifindex(file.nodes.at(node).interface);
	std::set<std::string> deleted;
	for (const PlanOp &op : plan) {
		if (op.object != PlanOp::Object::Dev)
			continue;
		if (op.kind == PlanOp::Kind::Delete)
			deleted.insert(op.dev.name);
		if (op.kind == PlanOp::Kind::Add && !deleted.count(op.dev.name) &&
		    if_nametoindex(op.dev.name.c_str()))
			throw UsageError("Error: device \"" + op.dev.name +
					 "\" exists and is not an sfcproxy device of encap nsh; "
					 "apply does not replace it");
	}
}

void run_op(GenlSocket &gs, const PlanOp &op)
{
	bool add = op.kind == PlanOp::Kind::Add;
	bool del = op.kind == PlanOp::Kind::Delete;
	switch (op.object) {
	case PlanOp::Object::Dev:
		if (add)
			dev_create(op.dev, true); // the forwarder skips devices that are down
		else if (del)
			dev_delete(gs, op.dev.name);
		else
			dev_change(gs, op.dev);
		return;
	case PlanOp::Object::Fwd:
		try {
			if (del)
				fwd_del(gs, op.fwd.spi, op.fwd.si);
			else
				fwd_add(gs, op.fwd, !add);
		} catch (const KernelError &e) {
			throw_nsh_error(e);
		}
		return;
	case PlanOp::Object::Cls:
		try {
			if (del)
				cls_del(gs, op.rule.match);
			else
				cls_add(gs, op.rule, !add);
		} catch (const KernelError &e) {
			throw_nsh_error(e);
		}
		return;
	}
}

CurrentState read_state(GenlSocket &gs)
{
	CurrentState cur;
	cur.devices = dev_list(gs);
	try {
		cur.fwd = fwd_list(gs);
		cur.rules = cls_list(gs);
	} catch (const KernelError &e) {
		throw_nsh_error(e);
	}
	return cur;
}

} // namespace

int cmd_apply(Context &ctx, ArgList args)
{
	ApplyArgs a = parse_apply_args(args);
	std::string shown = a.file == "-" ? "standard input" : "\"" + a.file + "\"";
	ChainFile file;
	try {
		file = parse_chain_file(read_file(a.file));
	} catch (const ChainError &e) {
		throw UsageError("Error: " + (a.file == "-" ? "<stdin>" : a.file) + ": " + e.what());
	}
	std::string node = a.node ? *a.node : this_node(file, shown);
	if (!file.nodes.count(node)) {
		std::string names;
		for (const auto &[name, n] : file.nodes)
			names += (names.empty() ? "" : ", ") + name;
		throw UsageError("Error: node \"" + node + "\" is not in " + shown + " (nodes: " +
				 (names.empty() ? "none" : names) + ")");
	}
	NodeState want = desired_state(file, node);

	GenlSocket gs;
	Plan plan = make_plan(read_state(gs), want);
	check_local_names(file, node, plan);

	if (plan.empty() && !ctx.json)
		std::cout << "nothing to change\n";
	if (a.dry_run || plan.empty()) {
		for (const PlanOp &op : plan)
			print_plan_op(ctx.out, op);
		ctx.out.finish();
		return EXIT_OK;
	}

	size_t done = 0;
	for (const PlanOp &op : plan) {
		try {
			run_op(gs, op);
		} catch (const Error &e) {
			ctx.out.finish();
			std::string why = e.what();
			if (why.rfind("Error: ", 0) == 0)
				why = why.substr(7);
			throw Error(e.exit_code(),
				    "Error: \"" + plan_op_text(op) + "\" failed: " +
					    extack_sentence(why) + " " +
					    std::to_string(done) + " of " + std::to_string(plan.size()) +
					    " changes were made; the rest were not tried.");
		}
		print_plan_op(ctx.out, op);
		std::cout.flush();
		done++;
	}
	ctx.out.finish();
	return EXIT_OK;
}

} // namespace sfcproxy
