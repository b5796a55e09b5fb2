// SPDX-License-Identifier: GPL-2.0
#pragma once

// The OBJECT COMMAND table. main.cpp turns it into CLI11 subcommands; help
// text is generated from it, so a command cannot exist without being
// documented in `sfcproxy help`.

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "args.hpp"
#include "errors.hpp"
#include "printer.hpp"

namespace sfcproxy {

class GenlSocket;

struct Context {
	Printer &out;
	bool show_stats = false; // -s
	bool json = false;	 // -j
};

using Handler = int (*)(Context &, ArgList);

struct Command {
	const char *object;
	const char *name;
	std::vector<const char *> aliases;
	Handler handler;
	const char *synopsis; // arguments after "OBJECT COMMAND"
	const char *help;
};

struct Object {
	const char *name;
	// What "sfcproxy OBJECT" alone runs; "" for an object that is a
	// command by itself (`apply`), whose one command has the name "" and
	// takes every word after the object.
	const char *default_command;
	const char *help;
};

const std::vector<Object> &object_table();
const std::vector<Command> &command_table();

// Full usage (object == "") or one object's usage.
void print_usage(std::ostream &out, const std::string &object = {});

// Handlers, one file per object.
int cmd_dev_add(Context &ctx, ArgList args);
int cmd_dev_set(Context &ctx, ArgList args);
int cmd_dev_del(Context &ctx, ArgList args);
int cmd_dev_show(Context &ctx, ArgList args);
int cmd_stats_show(Context &ctx, ArgList args);
int cmd_stats_reset(Context &ctx, ArgList args);
int cmd_cache_show(Context &ctx, ArgList args);
int cmd_cache_flush(Context &ctx, ArgList args);
int cmd_apply(Context &ctx, ArgList args);
int cmd_monitor(Context &ctx, ArgList args);
int cmd_fwd_add(Context &ctx, ArgList args);
int cmd_fwd_replace(Context &ctx, ArgList args);
int cmd_fwd_del(Context &ctx, ArgList args);
int cmd_fwd_flush(Context &ctx, ArgList args);
int cmd_fwd_show(Context &ctx, ArgList args);
int cmd_classifier_add(Context &ctx, ArgList args);
int cmd_classifier_replace(Context &ctx, ArgList args);
int cmd_classifier_del(Context &ctx, ArgList args);
int cmd_classifier_flush(Context &ctx, ArgList args);
int cmd_classifier_show(Context &ctx, ArgList args);
int cmd_sid_add(Context &ctx, ArgList args);
int cmd_sid_replace(Context &ctx, ArgList args);
int cmd_sid_del(Context &ctx, ArgList args);
int cmd_sid_flush(Context &ctx, ArgList args);
int cmd_sid_show(Context &ctx, ArgList args);
int cmd_pipe_flows(Context &ctx, ArgList args);

// Shared by the handlers: name lookups with iproute2's error wording.
uint32_t require_ifindex(const std::string &name);
std::string index_to_name(uint32_t ifindex);
// A dump names the same few devices over and over: look each up once.
class IfNames {
public:
	const std::string &operator()(uint32_t ifindex)
	{
		auto it = names_.find(ifindex);
		if (it == names_.end())
			it = names_.emplace(ifindex, index_to_name(ifindex)).first;
		return it->second;
	}

private:
	std::map<uint32_t, std::string> names_;
};
// Maps a per-device kernel error to the message users should see.
[[noreturn]] void throw_dev_error(const KernelError &e, const std::string &name);
// The same for the per-namespace tables: `exists` and `missing` (unless
// empty) word EEXIST and ENOENT, in place of the kernel's extack; `table`
// names what a module older than the tool lacks ("SRv6 SID table").
[[noreturn]] void throw_table_error(const KernelError &e, const std::string &table,
				    const std::string &exists = {},
				    const std::string &missing = {});
// throw_table_error() for the fwd and classifier commands.
[[noreturn]] void throw_nsh_error(const KernelError &e, const std::string &exists = {},
				  const std::string &missing = {});
// Runs `op` on a new sfcproxy genl socket; a kernel error comes out worded
// by throw_table_error().
void table_request(const std::function<void(GenlSocket &)> &op, const std::string &table,
		   const std::string &exists = {}, const std::string &missing = {});
// table_request() for the fwd and classifier commands.
void nsh_request(const std::function<void(GenlSocket &)> &op, const std::string &exists = {},
		 const std::string &missing = {});

} // namespace sfcproxy
