// SPDX-License-Identifier: GPL-2.0
#include <cerrno>
#include <string>

#include <gtest/gtest.h>

#include "commands.hpp"
#include "errors.hpp"

using namespace sfcproxy;

namespace {

std::string dev_error(int err, const std::string &extack, const std::string &name)
{
	try {
		throw_dev_error(KernelError(err, extack), name);
	} catch (const Error &e) {
		EXPECT_EQ(e.exit_code(), EXIT_KERNEL);
		return e.what();
	}
	return "<no error>";
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
