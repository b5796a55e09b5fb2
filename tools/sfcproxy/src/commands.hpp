// SPDX-License-Identifier: GPL-2.0
#pragma once

// The OBJECT COMMAND table. main.cpp turns it into CLI11 subcommands; help
// text is generated from it, so a command cannot exist without being
// documented in `sfcproxy help`.

#include <functional>
#include <iosfwd>
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
	const char *alias; // nullptr when none
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

// Shared by the handlers: name lookups with iproute2's error wording.
uint32_t require_ifindex(const std::string &name);
std::string index_to_name(uint32_t ifindex);
// Maps a per-device kernel error to the message users should see.
[[noreturn]] void throw_dev_error(const KernelError &e, const std::string &name);
// The same for the fwd and classifier commands: `exists` and `missing`
// (unless empty) word EEXIST and ENOENT, in place of the kernel's extack.
[[noreturn]] void throw_nsh_error(const KernelError &e, const std::string &exists = {},
				  const std::string &missing = {});
// Runs `op` on a new sfcproxy genl socket; a kernel error comes out worded
// by throw_nsh_error().
void nsh_request(const std::function<void(GenlSocket &)> &op, const std::string &exists = {},
		 const std::string &missing = {});

} // namespace sfcproxy
