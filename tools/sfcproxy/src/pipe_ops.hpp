// SPDX-License-Identifier: GPL-2.0
#pragma once

// End.VNF flow record operations over one genl socket, for the `pipe`
// commands. Each call is one request; kernel errors come back as
// KernelError (see errors.hpp).

#include <vector>

#include "model.hpp"
#include "nlsocket.hpp"

namespace sfcproxy {

// Every record of the namespace, in the kernel's order; names in
// FlowRecord::dev are resolved from the reported ifindex.
std::vector<FlowRecord> flow_list(GenlSocket &gs);
// The record of one flow (ENOENT when there is none); dev resolved as for
// flow_list.
FlowRecord flow_get(GenlSocket &gs, const FlowKey &key);

} // namespace sfcproxy
