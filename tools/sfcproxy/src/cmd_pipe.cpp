// SPDX-License-Identifier: GPL-2.0
#include <algorithm>

#include "commands.hpp"
#include "errors.hpp"
#include "output.hpp"
#include "pipe_ops.hpp"

namespace sfcproxy {

namespace {

const std::string k_flow_table = "End.VNF flow table";

} // namespace

int cmd_pipe_flows(Context &ctx, ArgList args)
{
	FlowFilter filter = parse_flow_filter(args, "pipe flows");
	// The whole 4-tuple names one record, which the kernel looks up;
	// anything less is a dump filtered here.
	auto key = filter.key();
	std::vector<FlowRecord> flows;
	table_request(
		[&](GenlSocket &gs) {
			if (key)
				flows.push_back(flow_get(gs, *key));
			else
				flows = flow_list(gs);
		},
		k_flow_table, {}, key ? "no End.VNF flow " + flow_key_to_string(*key) : "");
	std::erase_if(flows, [&](const FlowRecord &f) { return !filter.matches(f.key); });
	// the kernel's hash table dumps in no particular order
	std::ranges::sort(flows, {}, &FlowRecord::key);
	for (const auto &f : flows)
		print_flow_record(ctx.out, f);
	ctx.out.finish();
	return EXIT_OK;
}

} // namespace sfcproxy
