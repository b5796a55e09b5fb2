// SPDX-License-Identifier: GPL-2.0
#include <cerrno>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "commands.hpp"
#include "errors.hpp"
#include "test_util.hpp"

using namespace sfcproxy;

namespace {

std::string kernel_error(const std::function<void()> &f)
{
	return test::error_text<Error>(f, EXIT_KERNEL);
}

std::string dev_error(int err, const std::string &extack, const std::string &name)
{
	return kernel_error([&] { throw_dev_error(KernelError(err, extack), name); });
}

} // namespace

TEST(Errors, ExtackGetsAFullStop)
{
	EXPECT_STREQ(describe_kernel_error(KernelError(EINVAL, "bad label")).what(),
		     "Error: bad label.");
	EXPECT_STREQ(describe_kernel_error(KernelError(EINVAL, "bad label.")).what(),
		     "Error: bad label.");
}

TEST(Errors, ContextOnlyWithoutExtack)
{
	EXPECT_STREQ(describe_kernel_error(KernelError(EEXIST, ""), "device \"sfp0\" already exists")
			     .what(),
		     "Error: device \"sfp0\" already exists");
	EXPECT_STREQ(describe_kernel_error(KernelError(EEXIST, "exists"), "ctx").what(),
		     "Error: exists.");
	EXPECT_STREQ(describe_kernel_error(KernelError(EBUSY, "")).what(),
		     "Error: Device or resource busy");
}

TEST(Errors, PermissionNamesTheCapability)
{
	EXPECT_STREQ(describe_kernel_error(KernelError(EPERM, "")).what(),
		     "Error: Operation not permitted (CAP_NET_ADMIN required)");
}

TEST(Errors, OtherKindOfDevice)
{
	EXPECT_EQ(dev_error(EOPNOTSUPP, "not an sfcproxy device", "eth0"),
		  "Error: \"eth0\" is not an sfcproxy device");
	EXPECT_EQ(dev_error(ENODEV, "", "eth0"), "Error: \"eth0\" is not an sfcproxy device");
	// A command the module does not implement is not a device problem.
	EXPECT_EQ(dev_error(EOPNOTSUPP, "", "eth0"), "Error: Operation not supported");
	EXPECT_EQ(dev_error(EINVAL, "cache-size too large", "sfp0"),
		  "Error: cache-size too large.");
}

TEST(Errors, UsageErrorsExitOne)
{
	UsageError e = bad_argument("7", "why");
	EXPECT_EQ(e.exit_code(), EXIT_USAGE);
	EXPECT_STREQ(e.what(), "Error: argument \"7\" is wrong: why");
}

namespace {

std::string nsh_error(int err, const std::string &extack)
{
	return kernel_error(
		[&] { throw_nsh_error(KernelError(err, extack), "entry exists", "no such entry"); });
}

} // namespace

TEST(Errors, NshCommands)
{
	EXPECT_EQ(nsh_error(EEXIST, ""), "Error: entry exists");
	EXPECT_EQ(nsh_error(ENOENT, ""), "Error: no such entry");
	// The command's words win over an extack that speaks of attributes.
	EXPECT_EQ(nsh_error(EEXIST, "a forwarding entry for this SPI and SI exists "
				    "(SFCPROXY_FWD_A_REPLACE replaces it)"),
		  "Error: entry exists");
	EXPECT_EQ(nsh_error(ENOENT, "no forwarding entry for this SPI and SI"),
		  "Error: no such entry");
	// Any other extack is shown as it is.
	EXPECT_EQ(nsh_error(EINVAL, "not an nsh proxy device"), "Error: not an nsh proxy device.");
	EXPECT_EQ(nsh_error(EOPNOTSUPP, ""),
		  "Error: the loaded sfcproxy module has no NSH forwarding table or classifier (it "
		  "is older than this tool)");
	EXPECT_EQ(nsh_error(EPERM, ""), "Error: Operation not permitted (CAP_NET_ADMIN required)");
	EXPECT_EQ(kernel_error([] { throw_nsh_error(KernelError(ENOENT, "")); }),
		  "Error: No such file or directory");
	EXPECT_EQ(kernel_error([] { throw_nsh_error(KernelError(EEXIST, "it exists")); }),
		  "Error: it exists.");
}
