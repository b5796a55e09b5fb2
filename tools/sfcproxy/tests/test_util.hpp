// SPDX-License-Identifier: GPL-2.0
#pragma once

// Helpers shared by the unit tests.

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "errors.hpp"
#include "model.hpp"

namespace sfcproxy::test {

// The message of the E that `f` throws, after checking its exit code, or
// "<no error>", so a test can compare the whole text.
template <typename E>
std::string error_text(const std::function<void()> &f, int exit_code)
{
	try {
		f();
	} catch (const E &e) {
		EXPECT_EQ(e.exit_code(), exit_code);
		return e.what();
	}
	return "<no error>";
}

inline std::string usage_error(const std::function<void()> &f)
{
	return error_text<UsageError>(f, EXIT_USAGE);
}

// The classifier rule of the documentation's example:
// dst 10.0.3.0/24 proto udp dport 5001 spi 100 si 255 md2 0x0100:1:c0ffee
inline ClsRule sample_cls_rule()
{
	ClsRule r;
	r.match.family = AF_INET;
	r.match.dst = std::vector<uint8_t>{10, 0, 3, 0};
	r.match.dst_len = 24;
	r.match.proto = IPPROTO_UDP;
	r.match.dport = 5001;
	r.spi = 100;
	r.si = 255;
	r.md2 = md2_encode({{0x0100, 1, {0xc0, 0xff, 0xee}}});
	return r;
}

} // namespace sfcproxy::test
