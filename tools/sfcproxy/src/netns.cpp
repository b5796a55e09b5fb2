// SPDX-License-Identifier: GPL-2.0
#include "netns.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "errors.hpp"

namespace sfcproxy {

namespace {
constexpr const char *kNetnsRunDir = "/run/netns";
}

void enter_netns(const std::string &name)
{
	// Unlike `ip -n`, no private mount of /sys is set up: every lookup
	// here goes through netlink or ioctl sockets, which follow the
	// network namespace on their own.
	std::string path = std::string(kNetnsRunDir) + "/" + name;
	int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		throw UsageError("Cannot open network namespace \"" + name + "\": " +
				 std::strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;
		close(fd);
		throw UsageError("Cannot switch to network namespace \"" + name + "\": " +
				 std::strerror(e));
	}
	close(fd);
}

} // namespace sfcproxy
