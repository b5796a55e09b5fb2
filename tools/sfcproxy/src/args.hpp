// SPDX-License-Identifier: GPL-2.0
#pragma once

// The iproute2-style "keyword value" grammar that follows OBJECT COMMAND.
// Everything here is pure (no sockets, no name lookups) so every rule and
// every error text can be unit tested.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "model.hpp"

namespace sfcproxy {

using ArgList = std::span<const std::string>;

// `dev add NAME link DEV encap E ...`; throws UsageError.
DevConfig parse_dev_add(ArgList args);
// `dev set NAME ...`; same keywords as add except link.
DevConfig parse_dev_set(ArgList args);
// `dev del NAME`
std::string parse_dev_name(ArgList args, const std::string &cmd);
// `dev show [NAME]`
std::optional<std::string> parse_opt_dev_name(ArgList args, const std::string &cmd);
// `stats show [dev NAME]` and friends
std::optional<std::string> parse_dev_filter(ArgList args, const std::string &cmd);

// True when the user asked for help somewhere after the object.
bool wants_help(ArgList args);

// Decimal or 0x-prefixed hex, no sign, no octal surprise from a leading 0.
std::optional<uint64_t> parse_unsigned(const std::string &s);

// Interface names the kernel would accept (dev_valid_name()).
bool valid_ifname(const std::string &s);

} // namespace sfcproxy
