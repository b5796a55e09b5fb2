// SPDX-License-Identifier: GPL-2.0
//
// The only translation unit that includes CLI11 (it is header-only and slow
// to compile). CLI11 parses the global options and picks OBJECT and
// COMMAND from the table in commands.cpp; the words after COMMAND are left
// untouched for the iproute2-style keyword parser in args.cpp.

#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "netns.hpp"
#include "printer.hpp"

#ifndef SFCPROXY_VERSION
#define SFCPROXY_VERSION "unknown"
#endif

using namespace sfcproxy;

namespace {

struct Globals {
	bool json = false;
	bool pretty = false;
	bool stats = false;
	bool version = false;
	bool help = false;
	std::string netns;
};

struct Selected {
	const Object *object = nullptr;
	const Command *command = nullptr;
	CLI::App *object_app = nullptr;
	CLI::App *command_app = nullptr;
};

bool is_help_word(const std::string &s)
{
	return s == "help" || s == "-h" || s == "--help";
}

UsageError unknown_word(const std::string &word, const std::string &object)
{
	if (object.empty()) {
		std::string kind = (!word.empty() && word[0] == '-') ? "option" : "object";
		return UsageError("Error: unknown " + kind + " \"" + word +
				  "\", try \"sfcproxy help\"");
	}
	return UsageError("Error: unknown command \"" + word + "\" for \"" + object +
			  "\", try \"sfcproxy " + object + " help\"");
}

// CLI11 help flags are removed everywhere: help must be accepted after the
// object as well (`sfcproxy dev add --help`), which only our own check of
// the leftover words can do, and the usage text comes from the table.
void build_cli(CLI::App &app, Globals &g, std::vector<std::pair<CLI::App *, const Object *>> &objs,
	       std::vector<std::pair<CLI::App *, const Command *>> &cmds)
{
	app.set_help_flag();
	app.add_flag("-j,--json", g.json, "JSON output");
	app.add_flag("-p,--pretty", g.pretty, "pretty-print JSON output");
	app.add_flag("-s,--stats,--statistics", g.stats, "show counters with dev show");
	app.add_option("-n,--netns", g.netns, "act in network namespace NETNS");
	app.add_flag("-V,--version", g.version, "print the version");
	app.add_flag("-h,--help", g.help, "print help");
	// At most one object and one command each: this also stops CLI11
	// from reading "dev" in `stats show dev sfp0` as the dev object.
	app.require_subcommand(0, 1);
	app.allow_extras();

	for (const auto &o : object_table()) {
		CLI::App *oa = app.add_subcommand(o.name, o.help);
		oa->set_help_flag();
		oa->require_subcommand(0, 1);
		oa->allow_extras();
		objs.emplace_back(oa, &o);
		// An object that is a command by itself takes every word
		// after it, as a command does.
		if (!*o.default_command) {
			oa->prefix_command();
			continue;
		}
		for (const auto &c : command_table()) {
			if (std::string(c.object) != o.name)
				continue;
			CLI::App *ca = oa->add_subcommand(c.name, c.help);
			for (const char *alias : c.aliases)
				ca->alias(alias);
			ca->set_help_flag();
			// Everything from the first word on is the command's own
			// grammar, including values such as "-1" or names
			// that happen to match an object.
			ca->prefix_command();
			cmds.emplace_back(ca, &c);
		}
	}
}

const Command *find_command(const std::string &object, const std::string &name)
{
	for (const auto &c : command_table())
		if (object == c.object && name == c.name)
			return &c;
	return nullptr;
}

int run(int argc, char **argv)
{
	CLI::App app{"sfcproxy: configure SFC proxy devices", "sfcproxy"};
	Globals g;
	std::vector<std::pair<CLI::App *, const Object *>> objs;
	std::vector<std::pair<CLI::App *, const Command *>> cmds;
	build_cli(app, g, objs, cmds);

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		throw UsageError(std::string("Error: ") + e.what() + ", try \"sfcproxy help\"");
	}

	if (g.version) {
		std::cout << "sfcproxy " SFCPROXY_VERSION "\n";
		return EXIT_OK;
	}

	Selected sel;
	for (auto &[oa, o] : objs)
		if (oa->parsed()) {
			sel.object_app = oa;
			sel.object = o;
		}

	for (const auto &w : app.remaining()) {
		if (is_help_word(w)) {
			print_usage(std::cout, sel.object ? sel.object->name : "");
			return EXIT_OK;
		}
	}
	if (!app.remaining().empty())
		throw unknown_word(app.remaining().front(), "");

	if (!sel.object) {
		if (g.help) {
			print_usage(std::cout);
			return EXIT_OK;
		}
		print_usage(std::cerr);
		return EXIT_USAGE;
	}

	const std::string object = sel.object->name;
	const bool bare = !*sel.object->default_command;
	auto obj_rest = sel.object_app->remaining();
	if (g.help || (!obj_rest.empty() && is_help_word(obj_rest.front()))) {
		print_usage(std::cout, object);
		return EXIT_OK;
	}
	if (!obj_rest.empty() && !bare)
		throw unknown_word(obj_rest.front(), object);

	std::vector<std::string> args;
	for (auto &[ca, c] : cmds)
		if (ca->parsed()) {
			sel.command_app = ca;
			sel.command = c;
		}
	if (sel.command)
		args = sel.command_app->remaining();
	else
		sel.command = find_command(object, sel.object->default_command);
	if (bare)
		args = obj_rest;

	if (wants_help(args)) {
		print_usage(std::cout, object);
		return EXIT_OK;
	}

	// Before any socket or name lookup, so both see the target namespace.
	if (!g.netns.empty())
		enter_netns(g.netns);

	auto printer = g.json ? make_json_printer(std::cout, g.pretty)
			      : make_text_printer(std::cout);
	Context ctx{*printer, g.stats, g.json};
	return sel.command->handler(ctx, args);
}

} // namespace

int main(int argc, char **argv)
{
	try {
		return run(argc, argv);
	} catch (const Error &e) {
		std::cout.flush();
		std::cerr << e.what() << '\n';
		return e.exit_code();
	} catch (const std::exception &e) {
		std::cout.flush();
		std::cerr << "Error: " << e.what() << '\n';
		return EXIT_KERNEL;
	}
}
