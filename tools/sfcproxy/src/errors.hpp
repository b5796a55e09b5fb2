// SPDX-License-Identifier: GPL-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace sfcproxy {

// Scripts branch on these, so they are part of the interface (see sfcproxy.8).
enum ExitCode : int {
	EXIT_OK = 0,
	EXIT_USAGE = 1,  // command line, local lookup or environment problem
	EXIT_KERNEL = 2, // the kernel refused the request or could not be reached
};

// Carries a message that is already fully worded for the user, so the top
// level only has to print it and pick the exit code.
class Error : public std::runtime_error {
public:
	Error(int exit_code, const std::string &msg)
		: std::runtime_error(msg), exit_code_(exit_code) {}
	int exit_code() const { return exit_code_; }

private:
	int exit_code_;
};

class UsageError : public Error {
public:
	explicit UsageError(const std::string &msg) : Error(EXIT_USAGE, msg) {}
};

// A netlink request that came back with an error. The raw errno and extack
// text are kept so the command that sent the request can word the message
// with its own context (which device, which operation).
class KernelError : public Error {
public:
	KernelError(int err, std::string extack);
	int err() const { return err_; }
	const std::string &extack() const { return extack_; }

private:
	int err_;
	std::string extack_;
};

// `Error: argument "VALUE" is wrong: WHY`
UsageError bad_argument(const std::string &value, const std::string &why);

// Turns a KernelError into the final user-facing error. `context` is used
// when the kernel gave no extack message and the errno alone would be
// unhelpful; an empty context falls back to strerror.
Error describe_kernel_error(const KernelError &e, const std::string &context = {});

// Wording used whenever an extack message is shown: iproute2 habit of a
// trailing full stop.
std::string extack_sentence(const std::string &msg);

} // namespace sfcproxy
