// SPDX-License-Identifier: GPL-2.0
#pragma once

// The iproute2-style "keyword value" grammar that follows OBJECT COMMAND.
// Everything here is pure (no sockets, no name lookups) so every rule and
// every error text can be unit tested.

#include <array>
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
// `dev show [ [ dev ] NAME ]`: the dev keyword is optional, as in iproute2
std::optional<std::string> parse_opt_dev_name(ArgList args, const std::string &cmd);
// `stats show [ [ dev ] NAME ]` and friends: the same grammar
std::optional<std::string> parse_dev_filter(ArgList args, const std::string &cmd);

// `fwd add|replace spi SPI si SI { via MAC dev DEV | dev PROXYDEV | end }`:
// the entry with `dev` still a name; throws UsageError.
FwdEntry parse_fwd_args(ArgList args, const std::string &cmd);
// `fwd del spi SPI si SI`: both required.
NshPath parse_fwd_path(ArgList args, const std::string &cmd);
// `fwd show [spi SPI [si SI]]`
struct FwdFilter {
	std::optional<uint32_t> spi;
	std::optional<uint8_t> si;
};
FwdFilter parse_fwd_filter(ArgList args, const std::string &cmd);

// `classifier add|replace [src P] [dst P] [proto P] [sport N] [dport N]
// spi SPI si SI [ttl N] [md1 C1:C2:C3:C4 | md2 CLASS:TYPE:HEX ...]`;
// md2 is returned in wire format, the family follows from the prefixes.
ClsRule parse_cls_args(ArgList args, const std::string &cmd);
// `classifier del MATCH`: at least one match keyword, since an empty match
// would delete every rule ("classifier flush" says that explicitly).
ClsMatch parse_cls_match(ArgList args, const std::string &cmd);

// `sid add|replace SID[/LEN] behavior { End.AD | End.AS | End.AM | End.VNF }
// dev DEV [ src ADDR segs S1,S2,... ] [ proto tcp ] [ retpath-tlv TYPE ]
// [ flow-timeout MS ] [ flow-limit N ]`: src and segs for End.AS only, and
// required there; proto, retpath-tlv, flow-timeout and flow-limit for
// End.VNF only; `dev` still a name; throws UsageError.
SidEntry parse_sid_args(ArgList args, const std::string &cmd);
// `sid del SID[/LEN]`: an IPv6 prefix, /LEN 1..128 (default 128), no host
// bits.
SidPrefix parse_sid(ArgList args, const std::string &cmd);
// `sid show [SID[/LEN]]`
std::optional<SidPrefix> parse_sid_filter(ArgList args, const std::string &cmd);

// `pipe flows [client ADDR] [sport PORT] [server ADDR] [dport PORT]`:
// IPv6 addresses, ports 0..65535, each at most once.
FlowFilter parse_flow_filter(ArgList args, const std::string &cmd);

// Commands without arguments (`fwd flush`).
void parse_no_args(ArgList args, const std::string &cmd);

// aa:bb:cc:dd:ee:ff, one or two hex digits per byte.
std::optional<std::array<uint8_t, 6>> parse_mac(const std::string &s);

// True when the user asked for help somewhere after the object.
bool wants_help(ArgList args);

// Decimal or 0x-prefixed hex, no sign, no octal surprise from a leading 0.
std::optional<uint64_t> parse_unsigned(const std::string &s);

// Interface names the kernel would accept (dev_valid_name()).
bool valid_ifname(const std::string &s);

} // namespace sfcproxy
