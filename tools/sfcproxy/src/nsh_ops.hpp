// SPDX-License-Identifier: GPL-2.0
#pragma once

// NSH forwarding table and classifier operations over one genl socket,
// shared by the `fwd` and `classifier` commands and by `apply`. Each call
// is one request; kernel errors come back as KernelError (see errors.hpp).

#include <cstdint>
#include <vector>

#include "model.hpp"
#include "nlsocket.hpp"

namespace sfcproxy {

// Dumps; names in FwdEntry::dev are resolved from the reported ifindex.
std::vector<FwdEntry> fwd_list(GenlSocket &gs);
// Adds (replace=false: EEXIST if the path has an entry) or replaces.
// FwdEntry::dev must name an existing device.
void fwd_add(GenlSocket &gs, const FwdEntry &e, bool replace);
void fwd_del(GenlSocket &gs, uint32_t spi, uint8_t si);

std::vector<ClsRule> cls_list(GenlSocket &gs);
void cls_add(GenlSocket &gs, const ClsRule &r, bool replace);
void cls_del(GenlSocket &gs, const ClsMatch &m);

} // namespace sfcproxy
