// SPDX-License-Identifier: GPL-2.0
#include "errors.hpp"

#include <cerrno>
#include <cstring>

namespace sfcproxy {

KernelError::KernelError(int err, std::string extack)
	: Error(EXIT_KERNEL, "Error: " + std::string(std::strerror(err))),
	  err_(err), extack_(std::move(extack))
{
}

UsageError bad_argument(const std::string &value, const std::string &why)
{
	return UsageError("Error: argument \"" + value + "\" is wrong: " + why);
}

std::string extack_sentence(const std::string &msg)
{
	if (!msg.empty() && msg.back() == '.')
		return msg;
	return msg + ".";
}

Error describe_kernel_error(const KernelError &e, const std::string &context)
{
	// EPERM never carries an extack from the genl admin check, and the
	// bare strerror leaves users guessing which capability is missing.
	if (e.err() == EPERM)
		return Error(EXIT_KERNEL,
			     "Error: Operation not permitted (CAP_NET_ADMIN required)");
	if (!e.extack().empty())
		return Error(EXIT_KERNEL, "Error: " + extack_sentence(e.extack()));
	if (!context.empty())
		return Error(EXIT_KERNEL, "Error: " + context);
	return Error(EXIT_KERNEL, "Error: " + std::string(std::strerror(e.err())));
}

} // namespace sfcproxy
