// SPDX-License-Identifier: GPL-2.0
#pragma once

// Proxy device operations shared by the `dev` commands and `apply`. Each
// throws the same user-facing errors the `dev` commands print.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model.hpp"
#include "nlsocket.hpp"

namespace sfcproxy {

// Creates the device fully configured in one rtnetlink request, and with
// `up` also administratively up; cfg.link and cfg.encap must be set.
// Device names are resolved here.
void dev_create(const DevConfig &cfg, bool up = false);
// Changes the options set in `cfg` of the proxy device cfg.name.
void dev_change(GenlSocket &gs, const DevConfig &cfg);
// Deletes proxy device `name`, refusing a device of any other kind.
void dev_delete(GenlSocket &gs, const std::string &name);
// Every proxy device of the namespace, lower and egress device names
// resolved.
std::vector<DevInfo> dev_list(GenlSocket &gs);
// Lower and egress device names of `dev`, as `dev show` prints them, from
// `name_of` (index_to_name(), or a fake in tests); an empty name is
// printed as if<N>.
void resolve_dev_names(DevInfo &dev, const std::function<std::string(uint32_t)> &name_of);

} // namespace sfcproxy
