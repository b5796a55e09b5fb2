// SPDX-License-Identifier: GPL-2.0
#pragma once

// Helpers shared by the unit tests.

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "errors.hpp"
#include "messages.hpp"
#include "model.hpp"
#include "printer.hpp"

namespace sfcproxy::test {

// The message of the E that `f` throws, after checking its exit code, or
// "<no error>", so a test can compare the whole text.
template <typename E>
std::string error_text(const std::function<void()> &f, int exit_code)
{
	try {
		f();
	} catch (const E &e) {
		EXPECT_EQ(e.exit_code(), exit_code);
		return e.what();
	}
	return "<no error>";
}

inline std::string usage_error(const std::function<void()> &f)
{
	return error_text<UsageError>(f, EXIT_USAGE);
}

// The classifier rule of the documentation's example:
// dst 10.0.3.0/24 proto udp dport 5001 spi 100 si 255 md2 0x0100:1:c0ffee
inline ClsRule sample_cls_rule()
{
	ClsRule r;
	r.match.family = AF_INET;
	r.match.dst = std::vector<uint8_t>{10, 0, 3, 0};
	r.match.dst_len = 24;
	r.match.proto = IPPROTO_UDP;
	r.match.dport = 5001;
	r.spi = 100;
	r.si = 255;
	r.md2 = md2_encode({{0x0100, 1, {0xc0, 0xff, 0xee}}});
	return r;
}

// Netlink messages.

// Attributes of one level, by type; repeated types keep every occurrence
// so label lists can be checked too.
using Attrs = std::multimap<uint16_t, const nlattr *>;

inline int collect(const nlattr *a, void *data)
{
	static_cast<Attrs *>(data)->emplace(mnl_attr_get_type(a), a);
	return MNL_CB_OK;
}

inline Attrs top_attrs(const nlmsghdr *nlh, size_t hdrlen)
{
	Attrs out;
	EXPECT_EQ(mnl_attr_parse(nlh, static_cast<unsigned>(hdrlen), collect, &out), MNL_CB_OK);
	return out;
}

inline Attrs nested(const nlattr *nest)
{
	Attrs out;
	EXPECT_EQ(mnl_attr_parse_nested(nest, collect, &out), MNL_CB_OK);
	return out;
}

inline const nlattr *one(const Attrs &a, uint16_t type)
{
	EXPECT_EQ(a.count(type), 1u) << "attribute " << type;
	auto it = a.find(type);
	return it == a.end() ? nullptr : it->second;
}

inline const genlmsghdr *genl_of(const nlmsghdr *nlh)
{
	return static_cast<const genlmsghdr *>(mnl_nlmsg_get_payload(nlh));
}

// The header of a request of the sfcproxy family.
inline void expect_request(const nlmsghdr *nlh, uint16_t family, uint32_t seq, uint8_t cmd,
			   uint16_t flags)
{
	EXPECT_EQ(nlh->nlmsg_type, family);
	EXPECT_EQ(nlh->nlmsg_seq, seq);
	EXPECT_EQ(nlh->nlmsg_flags, flags);
	EXPECT_EQ(genl_of(nlh)->cmd, cmd);
	EXPECT_EQ(genl_of(nlh)->version, SFCPROXY_GENL_VERSION);
}

inline std::vector<uint8_t> payload_of(const nlattr *a)
{
	const auto *p = static_cast<const uint8_t *>(mnl_attr_get_payload(a));
	return {p, p + mnl_attr_get_payload_len(a)};
}

inline nlmsghdr *put_reply_header(MsgBuf &buf, uint16_t type, uint8_t cmd)
{
	nlmsghdr *nlh = mnl_nlmsg_put_header(buf.data());
	nlh->nlmsg_type = type;
	auto *g = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh, sizeof(genlmsghdr)));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

// The configuration attributes of a DEV_GET reply, as the module sends
// them (or multicasts them in DEV_NEW/DEV_DEL events): device `name` of
// ifindex `ifindex` on lower device 3, encap mpls, labels 100 and 200 and
// every option at its default.
inline void put_dev_attrs(nlmsghdr *nlh, const std::string &name = "sfp0",
			  uint32_t ifindex = 12)
{
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_IFINDEX, ifindex);
	mnl_attr_put_strz(nlh, SFCPROXY_DEV_A_IFNAME, name.c_str());
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_LINK, 3);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_ENCAP, SFCPROXY_ENCAP_MPLS);
	nlattr *labels = mnl_attr_nest_start(nlh, SFCPROXY_DEV_A_LABELS);
	mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, 100);
	mnl_attr_put_u32(nlh, SFCPROXY_LABEL_A_LABEL, 200);
	mnl_attr_nest_end(nlh, labels);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_POP, 1);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_KEY_MODE, SFCPROXY_KEY_AUTO);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_ID_MASK, 0xffff0000);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_SIZE, 4096);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_TIMEOUT, 1000);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_MISS, SFCPROXY_MISS_DROP);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_DEPTH, 16);
	mnl_attr_put_u8(nlh, SFCPROXY_DEV_A_TTL, SFCPROXY_TTL_DEC);
	mnl_attr_put_u32(nlh, SFCPROXY_DEV_A_CACHE_BYTES, 0);
}

// End.VNF flow records.

inline Ipv6Addr ipv6(const char *text)
{
	Ipv6Addr a{};
	EXPECT_EQ(inet_pton(AF_INET6, text, a.data()), 1) << text;
	return a;
}

inline std::vector<uint8_t> ipv6_bytes(std::initializer_list<const char *> addrs)
{
	std::vector<uint8_t> out;
	for (const char *s : addrs) {
		Ipv6Addr a = ipv6(s);
		out.insert(out.end(), a.begin(), a.end());
	}
	return out;
}

// An SRH from its parts: next header 6, Hdr Ext Len from the size unless
// `hdr_ext_len` says otherwise, routing type 4, flags 0, tag 0x0102.
inline std::vector<uint8_t> srh_bytes(uint8_t sl, uint8_t last_entry,
				      std::initializer_list<const char *> segs,
				      const std::vector<uint8_t> &tlvs = {}, int hdr_ext_len = -1)
{
	std::vector<uint8_t> body = ipv6_bytes(segs);
	body.insert(body.end(), tlvs.begin(), tlvs.end());
	uint8_t len = static_cast<uint8_t>(hdr_ext_len >= 0 ? hdr_ext_len
							    : (8 + body.size()) / 8 - 1);
	std::vector<uint8_t> out = {6, len, 4, sl, last_entry, 0, 0x01, 0x02};
	out.insert(out.end(), body.begin(), body.end());
	return out;
}

// The return path of the flow of put_flow_attrs(): fc00:2::9 then the
// client, in SRH order.
inline std::vector<uint8_t> sample_retpath()
{
	return ipv6_bytes({"fc00:2::9", "fc00:1::1"});
}

// That flow's SYN's SRH: to the server through SID fc00:2::7:0:2a (SL 1),
// the return path as TLV 124, PadN to a multiple of 8 bytes.
inline std::vector<uint8_t> sample_srh()
{
	std::vector<uint8_t> tlvs = {124, 32};
	std::vector<uint8_t> rp = sample_retpath();
	tlvs.insert(tlvs.end(), rp.begin(), rp.end());
	tlvs.insert(tlvs.end(), {4, 4, 0, 0, 0, 0});
	return srh_bytes(1, 1, {"fc00:3::1", "fc00:2::7:0:2a"}, tlvs);
}

// The attributes of a FLOW_GET reply or FLOW_NEW event, as the module
// sends them: client fc00:1::1 port 40000, server fc00:3::1 port 8080,
// SID fc00:2::7:0:2a of locator /80 (function 7, args 42), device
// `ifindex`, age 123 ms, 5 packets, sample_srh() and, with
// `retpath`, its value.
inline void put_flow_attrs(nlmsghdr *nlh, uint32_t ifindex = 9,
			   const std::optional<std::vector<uint8_t>> &retpath = sample_retpath())
{
	auto put_addr = [&](uint16_t type, const char *text) {
		Ipv6Addr a = ipv6(text);
		mnl_attr_put(nlh, type, a.size(), a.data());
	};
	put_addr(SFCPROXY_FLOW_A_SADDR, "fc00:1::1");
	put_addr(SFCPROXY_FLOW_A_DADDR, "fc00:3::1");
	mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_SPORT, 40000);
	mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_DPORT, 8080);
	put_addr(SFCPROXY_FLOW_A_SID, "fc00:2::7:0:2a");
	mnl_attr_put_u8(nlh, SFCPROXY_FLOW_A_SID_PREFIX_LEN, 80);
	mnl_attr_put_u16(nlh, SFCPROXY_FLOW_A_FUNCTION, 7);
	mnl_attr_put_u32(nlh, SFCPROXY_FLOW_A_ARGS, 42);
	std::vector<uint8_t> srh = sample_srh();
	mnl_attr_put(nlh, SFCPROXY_FLOW_A_SRH, srh.size(), srh.data());
	if (retpath)
		mnl_attr_put(nlh, SFCPROXY_FLOW_A_RETPATH, retpath->size(), retpath->data());
	mnl_attr_put_u32(nlh, SFCPROXY_FLOW_A_IFINDEX, ifindex);
	mnl_attr_put_u32(nlh, SFCPROXY_FLOW_A_AGE, 123);
	mnl_attr_put_u64(nlh, SFCPROXY_FLOW_A_PACKETS, 5);
}

// The words `pipe flows` prints first for that flow on device nfv0.
inline const std::string kFlowLine =
	"client [fc00:1::1]:40000 server [fc00:3::1]:8080 sid fc00:2::7:0:2a/80 function 7 "
	"args 42 dev nfv0 age 0.12s packets 5";

// A reply carrying the attributes of request `src`, as a kernel echoing
// what it stored would send them.
inline void copy_attrs(nlmsghdr *dst, const nlmsghdr *src)
{
	for (auto &[type, a] : top_attrs(src, sizeof(genlmsghdr)))
		mnl_attr_put(dst, type, mnl_attr_get_payload_len(a), mnl_attr_get_payload(a));
}

// Parses a reply of command `cmd` holding what `put` adds.
template <typename Parse, typename Put>
auto parse_reply(uint8_t cmd, Parse parse, Put put)
{
	MsgBuf buf;
	nlmsghdr *nlh = put_reply_header(buf, 33, cmd);
	put(nlh);
	return parse(nlh);
}

// Output.

template <typename F>
std::string render_text(F &&f)
{
	std::ostringstream os;
	auto p = make_text_printer(os);
	f(*p);
	p->finish();
	return os.str();
}

template <typename F>
std::string render_json(F &&f, bool pretty = false)
{
	std::ostringstream os;
	auto p = make_json_printer(os, pretty);
	f(*p);
	p->finish();
	return os.str();
}

// The words of one text line, as the command line would take them back.
inline std::vector<std::string> words_of(const std::string &line)
{
	std::vector<std::string> out;
	std::istringstream in(line);
	for (std::string w; in >> w;)
		out.push_back(w);
	return out;
}

} // namespace sfcproxy::test
