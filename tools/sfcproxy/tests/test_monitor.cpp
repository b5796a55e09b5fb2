// SPDX-License-Identifier: GPL-2.0
//
// `monitor`: what the events of the multicast group print, fed with fake
// event messages (no socket, no module).

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "monitor.hpp"
#include "output.hpp"
#include "test_util.hpp"

using namespace sfcproxy;
using namespace sfcproxy::test;
using json = nlohmann::ordered_json;

namespace {

constexpr uint16_t kFamily = 33;

// An event as the module multicasts it: DEV_GET-shaped, `cmd` DEV_NEW or
// DEV_DEL, for device `name` (ifindex 12 for sfp0, 13 otherwise) on lower
// device ifindex 3, labels 100 and 200.
nlmsghdr *put_event(MsgBuf &buf, uint8_t cmd, const std::string &name = "sfp0",
		    bool with_stats = false)
{
	nlmsghdr *nlh = put_reply_header(buf, kFamily, cmd);
	put_dev_attrs(nlh, name, name == "sfp0" ? 12 : 13);
	if (with_stats) {
		nlattr *stats = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_STATS);
		mnl_attr_put_u64(nlh, SFCPROXY_STATS_A_RX_SUCCESS, 7);
		mnl_attr_nest_end(nlh, stats);
	}
	return nlh;
}

// A flow End.VNF recorded, as the module multicasts it: FLOW_GET-shaped
// with command FLOW_NEW, handed to device `ifindex` (9 is nfv0).
nlmsghdr *put_flow_event(MsgBuf &buf, uint32_t ifindex = 9)
{
	nlmsghdr *nlh = put_reply_header(buf, kFamily, SFCPROXY_CMD_FLOW_NEW);
	put_flow_attrs(nlh, ifindex);
	return nlh;
}

// eth0 is ifindex 3, unless the lower device is gone too; nfv0 is 9
MonitorOptions options(bool lower_exists = true)
{
	MonitorOptions opt;
	opt.family = kFamily;
	opt.name_of = [lower_exists](uint32_t ifindex) -> std::string {
		if (ifindex == 9)
			return "nfv0";
		return lower_exists && ifindex == 3 ? "eth0" : "";
	};
	return opt;
}

const std::string kWords =
	"sfp0: link eth0 encap mpls labels 100,200 pop 1 key auto id-mask 0xffff0000 "
	"cache-size 4096 cache-timeout 1000 miss drop depth 16 ttl dec cache-bytes 0\n";

// What print_event() prints through the JSON Lines printer `monitor -j`
// uses; `printed` gets its return value.
std::string event_json_lines(const nlmsghdr *nlh, const MonitorOptions &opt, bool *printed)
{
	std::ostringstream os;
	auto p = make_json_lines_printer(os);
	*printed = print_event(*p, nlh, opt);
	p->finish();
	return os.str();
}

// The object `dev show -j` prints for the device of event `nlh`.
json dev_show_json(const nlmsghdr *nlh, const MonitorOptions &opt, bool with_stats = false)
{
	DevInfo d = parse_dev_info(nlh);
	d.link_name = opt.name_of(d.link);
	return json::parse(render_json([&](Printer &p) { print_dev(p, d, with_stats); }))[0];
}

} // namespace

TEST(Monitor, NewEventText)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_NEW);
	bool printed = false;
	EXPECT_EQ(render_text([&](Printer &p) { printed = print_event(p, nlh, options()); }),
		  "[NEW] " + kWords);
	EXPECT_TRUE(printed);
}

TEST(Monitor, NewEventTextIsDevShowWords)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_NEW);
	DevInfo d = parse_dev_info(nlh);
	d.link_name = "eth0";
	EXPECT_EQ(render_text([&](Printer &p) { print_event(p, nlh, options()); }),
		  "[NEW] " + render_text([&](Printer &p) { print_dev(p, d, false); }));
}

TEST(Monitor, DelEventTextNamesTheDeviceFromTheMessage)
{
	// The name is not looked up (a deleted device's ifindex resolves to
	// nothing); a lower device gone too is printed as if<N>.
	MsgBuf buf;
	const nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_DEL);
	std::string line = render_text([&](Printer &p) { print_event(p, nlh, options(false)); });
	std::string expected = kWords;
	expected.replace(expected.find("link eth0"), 9, "link if3");
	EXPECT_EQ(line, "[DEL] " + expected);
}

TEST(Monitor, StatsOnlyWithOption)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_NEW, "sfp0", true);
	EXPECT_EQ(render_text([&](Printer &p) { print_event(p, nlh, options()); }),
		  "[NEW] " + kWords);
	MonitorOptions opt = options();
	opt.with_stats = true;
	EXPECT_EQ(render_text([&](Printer &p) { print_event(p, nlh, opt); }),
		  "[NEW] " + kWords + "    rx_success 7\n");
}

TEST(Monitor, NewEventJsonIsOneLine)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_NEW);
	bool printed = false;
	std::string out = event_json_lines(nlh, options(), &printed);
	EXPECT_TRUE(printed);
	ASSERT_EQ(out.find('\n'), out.size() - 1) << out;
	json j = json::parse(out);
	ASSERT_TRUE(j.is_object());
	// "event" first, then exactly the fields of `dev show -j`
	EXPECT_EQ(j.begin().key(), "event");
	EXPECT_EQ(j["event"], "new");
	j.erase("event");
	EXPECT_EQ(j, dev_show_json(nlh, options()));
	EXPECT_EQ(j["ifname"], "sfp0");
	EXPECT_EQ(j["link"], "eth0");
	EXPECT_EQ(j["labels"], json::array({100, 200}));
}

TEST(Monitor, DelEventJson)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_DEL);
	bool printed = false;
	json j = json::parse(event_json_lines(nlh, options(false), &printed));
	EXPECT_TRUE(printed);
	EXPECT_EQ(j["event"], "del");
	EXPECT_EQ(j["ifname"], "sfp0");
	EXPECT_EQ(j["ifindex"], 12);
	EXPECT_EQ(j["link"], "if3");
}

TEST(Monitor, JsonWithStats)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_NEW, "sfp0", true);
	MonitorOptions opt = options();
	opt.with_stats = true;
	bool printed = false;
	json j = json::parse(event_json_lines(nlh, opt, &printed));
	j.erase("event");
	EXPECT_EQ(j, dev_show_json(nlh, opt, true));
	EXPECT_EQ(j["stats"]["rx_success"], 7);
}

TEST(Monitor, JsonLinesOneObjectPerEvent)
{
	// not an array: each record is out as soon as it ends
	std::ostringstream os;
	auto p = make_json_lines_printer(os);
	MsgBuf buf;
	print_event(*p, put_event(buf, SFCPROXY_CMD_DEV_NEW), options());
	std::string first = os.str();
	EXPECT_EQ(json::parse(first)["event"], "new");
	print_events_lost(*p);
	print_event(*p, put_event(buf, SFCPROXY_CMD_DEV_DEL, "sfp1"), options());
	p->finish();

	std::istringstream in(os.str());
	std::vector<json> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(json::parse(line));
	ASSERT_EQ(lines.size(), 3u);
	EXPECT_EQ(lines[0]["event"], "new");
	EXPECT_EQ(lines[1], json::parse(R"({"event":"lost"})"));
	EXPECT_EQ(lines[2]["event"], "del");
	EXPECT_EQ(lines[2]["ifname"], "sfp1");
}

TEST(Monitor, LostEvents)
{
	EXPECT_EQ(render_text([](Printer &p) { print_events_lost(p); }), "# events lost\n");
	std::ostringstream os;
	auto p = make_json_lines_printer(os);
	print_events_lost(*p);
	p->finish();
	EXPECT_EQ(os.str(), "{\"event\":\"lost\"}\n");
}

TEST(Monitor, DevFilter)
{
	MonitorOptions opt = options();
	opt.dev = "sfp1";
	MsgBuf buf;
	const nlmsghdr *other = put_event(buf, SFCPROXY_CMD_DEV_NEW, "sfp0");
	bool printed = true;
	EXPECT_EQ(render_text([&](Printer &p) { printed = print_event(p, other, opt); }), "");
	EXPECT_FALSE(printed);

	MsgBuf buf2;
	const nlmsghdr *mine = put_event(buf2, SFCPROXY_CMD_DEV_DEL, "sfp1");
	std::string line = render_text([&](Printer &p) { printed = print_event(p, mine, opt); });
	EXPECT_TRUE(printed);
	EXPECT_EQ(line.rfind("[DEL] sfp1: link eth0 ", 0), 0u) << line;
}

TEST(Monitor, OtherMessagesIgnored)
{
	MsgBuf buf;
	bool printed = true;
	auto text = [&](const nlmsghdr *nlh) {
		return render_text([&](Printer &p) { printed = print_event(p, nlh, options()); });
	};
	// a command that is no event
	EXPECT_EQ(text(put_event(buf, SFCPROXY_CMD_DEV_GET)), "");
	EXPECT_FALSE(printed);
	printed = true;
	EXPECT_EQ(text(put_event(buf, 200)), "");
	EXPECT_FALSE(printed);
	// another family
	printed = true;
	nlmsghdr *nlh = put_event(buf, SFCPROXY_CMD_DEV_NEW);
	nlh->nlmsg_type = kFamily + 1;
	EXPECT_EQ(text(nlh), "");
	EXPECT_FALSE(printed);
	// too short for a genl header
	printed = true;
	nlh = mnl_nlmsg_put_header(buf.data());
	nlh->nlmsg_type = kFamily;
	EXPECT_EQ(text(nlh), "");
	EXPECT_FALSE(printed);
}

TEST(Monitor, EveryMessageOfADatagram)
{
	// Three messages back to back, as one recvmsg() may return them: an
	// event, a message that is none, another event.
	MsgBuf a, b, c;
	std::vector<const nlmsghdr *> msgs = {
		put_event(a, SFCPROXY_CMD_DEV_NEW, "sfp0"),
		put_event(b, SFCPROXY_CMD_STATS_RESET, "sfp0"),
		put_event(c, SFCPROXY_CMD_DEV_DEL, "sfp1"),
	};
	std::vector<char> dgram;
	for (const nlmsghdr *m : msgs) {
		const auto *p = reinterpret_cast<const char *>(m);
		dgram.insert(dgram.end(), p, p + NLMSG_ALIGN(m->nlmsg_len));
	}
	size_t n = 0;
	std::string out = render_text(
		[&](Printer &p) { n = print_events(p, dgram.data(), dgram.size(), options()); });
	EXPECT_EQ(n, 2u);
	std::istringstream in(out);
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	ASSERT_EQ(lines.size(), 2u) << out;
	EXPECT_EQ(lines[0] + "\n", "[NEW] " + kWords);
	EXPECT_EQ(lines[1].rfind("[DEL] sfp1: ", 0), 0u);
}

TEST(Monitor, Arguments)
{
	std::vector<std::string> none;
	EXPECT_FALSE(parse_dev_filter(none, "monitor"));
	std::vector<std::string> dev = {"dev", "sfp0"};
	EXPECT_EQ(parse_dev_filter(dev, "monitor"), "sfp0");
	// the dev keyword is optional, as in iproute2
	std::vector<std::string> bare = {"sfp0"};
	EXPECT_EQ(parse_dev_filter(bare, "monitor"), "sfp0");
	std::vector<std::string> bad = {"sfp0", "now"};
	EXPECT_EQ(usage_error([&] { parse_dev_filter(bad, "monitor"); }),
		  "Error: unexpected argument \"now\" for \"monitor\"");
}

// End.VNF flow events.

TEST(Monitor, FlowEventText)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_flow_event(buf);
	bool printed = false;
	// the first line of `pipe flows` only: one line per event
	EXPECT_EQ(render_text([&](Printer &p) { printed = print_event(p, nlh, options()); }),
		  "[FLOW] " + kFlowLine + "\n");
	EXPECT_TRUE(printed);
	// -s changes nothing: a flow event has no counters to add
	MonitorOptions opt = options();
	opt.with_stats = true;
	EXPECT_EQ(render_text([&](Printer &p) { print_event(p, nlh, opt); }),
		  "[FLOW] " + kFlowLine + "\n");
}

TEST(Monitor, FlowEventJsonIsAPipeFlowsElement)
{
	MsgBuf buf;
	const nlmsghdr *nlh = put_flow_event(buf);
	bool printed = false;
	std::string out = event_json_lines(nlh, options(), &printed);
	EXPECT_TRUE(printed);
	ASSERT_EQ(out.find('\n'), out.size() - 1) << out;
	json j = json::parse(out);
	EXPECT_EQ(j.begin().key(), "event");
	EXPECT_EQ(j["event"], "flow");
	j.erase("event");
	FlowRecord f = parse_flow_record(nlh);
	f.dev = "nfv0";
	EXPECT_EQ(j, json::parse(render_json([&](Printer &p) { print_flow_record(p, f); }))[0]);
	EXPECT_EQ(j["client"], "fc00:1::1");
	EXPECT_EQ(j["sport"], 40000);
	EXPECT_EQ(j["function"], 7);
	EXPECT_EQ(j["args"], 42);
	EXPECT_EQ(j["dev"], "nfv0");
	EXPECT_EQ(j["srh"]["segments"], json::array({"fc00:3::1", "fc00:2::7:0:2a"}));
	EXPECT_EQ(j["retpath"], json::array({"fc00:2::9", "fc00:1::1"}));
}

TEST(Monitor, FlowEventDevFilter)
{
	bool printed = true;
	// what the event of a flow handed to `ifindex` prints under `opt`
	auto text = [&](uint32_t ifindex, const MonitorOptions &opt) {
		MsgBuf buf;
		const nlmsghdr *nlh = put_flow_event(buf, ifindex);
		return render_text([&](Printer &p) { printed = print_event(p, nlh, opt); });
	};
	MonitorOptions opt = options();
	opt.dev = "nfv1";
	EXPECT_EQ(text(9, opt), "");
	EXPECT_FALSE(printed);
	opt.dev = "nfv0";
	EXPECT_EQ(text(9, opt), "[FLOW] " + kFlowLine + "\n");
	EXPECT_TRUE(printed);
	// a device that does not resolve any more prints as if<N>, and is
	// nobody's NAME
	std::string line = text(77, options());
	EXPECT_NE(line.find(" dev if77 "), std::string::npos) << line;
	EXPECT_EQ(text(77, opt), "");
	EXPECT_FALSE(printed);
}

TEST(Monitor, FlowAndDeviceEventsInOneDatagram)
{
	MsgBuf a, b, c;
	std::vector<const nlmsghdr *> msgs = {
		put_flow_event(a),
		put_event(b, SFCPROXY_CMD_DEV_NEW, "sfp0"),
		put_reply_header(c, kFamily, SFCPROXY_CMD_FLOW_GET), // a reply, no event
	};
	std::vector<char> dgram;
	for (const nlmsghdr *m : msgs) {
		const auto *p = reinterpret_cast<const char *>(m);
		dgram.insert(dgram.end(), p, p + NLMSG_ALIGN(m->nlmsg_len));
	}
	std::ostringstream os;
	auto p = make_json_lines_printer(os);
	EXPECT_EQ(print_events(*p, dgram.data(), dgram.size(), options()), 2u);
	p->finish();
	std::istringstream in(os.str());
	std::vector<json> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(json::parse(line));
	ASSERT_EQ(lines.size(), 2u);
	EXPECT_EQ(lines[0]["event"], "flow");
	EXPECT_EQ(lines[1]["event"], "new");
}
