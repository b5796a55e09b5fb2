// SPDX-License-Identifier: GPL-2.0
#include "pipe_ops.hpp"

#include "table_ops.hpp"

namespace sfcproxy {

std::vector<FlowRecord> flow_list(GenlSocket &gs)
{
	MsgBuf buf;
	return dump_entries(gs, build_flow_get(buf, gs.family(), std::nullopt,
					       gs.sock().next_seq()),
			    parse_flow_record);
}

FlowRecord flow_get(GenlSocket &gs, const FlowKey &key)
{
	MsgBuf buf;
	return get_entry(gs, build_flow_get(buf, gs.family(), key, gs.sock().next_seq()),
			 parse_flow_record, "End.VNF flow " + flow_key_to_string(key));
}

} // namespace sfcproxy
