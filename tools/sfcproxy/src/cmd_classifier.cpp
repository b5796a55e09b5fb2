// SPDX-License-Identifier: GPL-2.0
#include "commands.hpp"
#include "errors.hpp"
#include "nsh_ops.hpp"
#include "output.hpp"

namespace sfcproxy {

namespace {

int classifier_add_or_replace(ArgList args, bool replace)
{
	ClsRule r = parse_cls_args(args, replace ? "classifier replace" : "classifier add");
	nsh_request([&](GenlSocket &gs) { cls_add(gs, r, replace); },
		    "a classifier rule with this match already exists "
		    "(\"classifier replace\" changes its action)");
	return EXIT_OK;
}

} // namespace

int cmd_classifier_add(Context &, ArgList args)
{
	return classifier_add_or_replace(args, false);
}

int cmd_classifier_replace(Context &, ArgList args)
{
	return classifier_add_or_replace(args, true);
}

int cmd_classifier_del(Context &, ArgList args)
{
	ClsMatch m = parse_cls_match(args, "classifier del");
	nsh_request([&](GenlSocket &gs) { cls_del(gs, m); }, {},
		    "no classifier rule with this match");
	return EXIT_OK;
}

int cmd_classifier_flush(Context &, ArgList args)
{
	parse_no_args(args, "classifier flush");
	nsh_request([](GenlSocket &gs) { cls_flush(gs); });
	return EXIT_OK;
}

int cmd_classifier_show(Context &ctx, ArgList args)
{
	parse_no_args(args, "classifier show");
	std::vector<ClsRule> rules;
	nsh_request([&](GenlSocket &gs) { rules = cls_list(gs); });
	for (const auto &r : rules)
		print_cls_rule(ctx.out, r, ctx.show_stats);
	ctx.out.finish();
	return EXIT_OK;
}

} // namespace sfcproxy
