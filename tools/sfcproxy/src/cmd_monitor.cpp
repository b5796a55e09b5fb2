// SPDX-License-Identifier: GPL-2.0
//
// `monitor`: the socket loop. It joins the events group of the family (and
// the flows group, which needs CAP_NET_ADMIN, when it may) and prints each
// event as it arrives until SIGINT or SIGTERM (exit 0), a socket error, or
// standard output going away; what an event prints is decided in
// monitor.cpp.

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <iterator>
#include <vector>

#include <poll.h>

#include "commands.hpp"
#include "errors.hpp"
#include "monitor.hpp"
#include "nlsocket.hpp"
#include "output.hpp"

namespace sfcproxy {

namespace {

volatile sig_atomic_t g_stop = 0;

void on_stop_signal(int)
{
	g_stop = 1;
}

// SIGINT and SIGTERM set g_stop instead of killing the process; they stay
// blocked except while waiting in ppoll(), so one arriving between the
// check of g_stop and the wait cannot be missed. Taken over even when the
// caller ignores them (a background job of a script ignores SIGINT): a
// script's `kill -INT` must end the monitor, not hang. Restores everything
// on scope exit.
class StopSignals {
public:
	StopSignals()
	{
		sigset_t block;
		sigemptyset(&block);
		struct sigaction sa{};
		sa.sa_handler = on_stop_signal;
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < std::size(kSignals); i++) {
			sigaction(kSignals[i], &sa, &old_[i]);
			sigaddset(&block, kSignals[i]);
		}
		sigprocmask(SIG_BLOCK, &block, &old_mask_);
		wait_mask_ = old_mask_;
		for (int sig : kSignals)
			sigdelset(&wait_mask_, sig);
	}
	~StopSignals()
	{
		sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
		for (size_t i = 0; i < std::size(kSignals); i++)
			sigaction(kSignals[i], &old_[i], nullptr);
	}
	StopSignals(const StopSignals &) = delete;
	StopSignals &operator=(const StopSignals &) = delete;

	// The mask to wait with: the caller's, with our signals let through.
	const sigset_t *wait_mask() const { return &wait_mask_; }

private:
	static constexpr int kSignals[] = {SIGINT, SIGTERM};
	struct sigaction old_[std::size(kSignals)];
	sigset_t old_mask_;
	sigset_t wait_mask_;
};

// Waits until the socket has something (a message or an error to report)
// or a stop signal arrived; false for the latter.
bool wait_readable(int fd, const StopSignals &signals)
{
	while (!g_stop) {
		pollfd pfd{fd, POLLIN, 0};
		if (ppoll(&pfd, 1, nullptr, signals.wait_mask()) > 0)
			return true;
		if (errno != EINTR)
			throw Error(EXIT_KERNEL, std::string("Error: cannot wait for netlink events: ") +
							 std::strerror(errno));
	}
	return false;
}

} // namespace

int cmd_monitor(Context &ctx, ArgList args)
{
	MonitorOptions opt;
	// The device need not exist yet: watching it being created is the
	// point.
	opt.dev = parse_dev_filter(args, "monitor");
	opt.with_stats = ctx.show_stats;
	opt.name_of = index_to_name;

	GenlSocket gs;
	opt.family = gs.family();
	uint32_t group = gs.group(SFCPROXY_MCGRP_EVENTS);
	if (group == 0)
		throw Error(EXIT_KERNEL, "Error: the loaded sfcproxy module has no events "
					 "multicast group (it is older than this tool)");
	gs.sock().join_group(group);
	// End.VNF flows carry clients' paths: without CAP_NET_ADMIN the
	// kernel refuses the group, and device events are all there is
	if (uint32_t flows = gs.group(SFCPROXY_MCGRP_FLOWS); flows && !gs.sock().try_join_group(flows))
		std::cerr << "Warning: End.VNF flow events need CAP_NET_ADMIN; showing device events only"
			  << std::endl;

	// One line per event, each flushed: scripts read this through a pipe.
	auto out = ctx.json ? make_json_lines_printer(std::cout) : make_text_printer(std::cout);
	std::vector<char> buf(NlSocket::recv_size);
	g_stop = 0;
	StopSignals signals;
	while (wait_readable(gs.sock().fd(), signals)) {
		auto len = gs.sock().receive(buf);
		if (!len)
			print_events_lost(*out);
		else if (!print_events(*out, buf.data(), *len, opt))
			continue;
		out->finish();
		// the reader is gone (SIGPIPE ignored): nobody to tell
		if (!std::cout)
			break;
	}
	return EXIT_OK;
}

} // namespace sfcproxy
