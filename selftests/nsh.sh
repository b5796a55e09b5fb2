#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# NSH proxy, forwarding table and classifier end to end: one chain of three
# SFs across two hosts, two of them co-located.
#
#   cl 10.0.1.1 c0 --- ca [ha: classifier, SF3 = sfpc] ab ==NSH== ba [hb: SF1 = sfpa, SF2 = sfpb]
#                         [ha] as --- s0 sv 10.0.3.1
#
# Chain 100: the classifier on ha pushes SPI 100 SI 255 and sends it to hb,
# SF1 and SF2 (co-located on hb, handed over without leaving the host) bring
# it to SI 253 and back to ha, SF3 brings it to 252, where the chain ends
# and ha routes the bare packet to sv. Each SF is the host's own forwarding,
# steered back into its proxy by policy routing. Replies go back unchained.
# tshark decodes what crosses the NSH link.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
sfp() { local ns=$1; shift; "$SFCPROXY" -n "$ns" "$@"; }
counter() { sfp "$1" -j stats show dev "$2" | jq -r ".[0].$3"; }
nshstat() { sfp "$1" -s -j fwd show | jq -r ".stats.$2"; }
mac_of() { ip -n "$1" -j link show "$2" | jq -r '.[0].address'; }

# proxy NS NAME TABLE: an NSH proxy whose function is NS's own forwarding
proxy() {
	sfp "$1" dev add "$2" link "$4" encap nsh
	ip -n "$1" link set "$2" addrgenmode none
	ip -n "$1" link set "$2" up
	steer_back "$1" "$2" "$3"
}

topology() {
	local n l
	modprobe nsh	# insmod of sfcproxy.ko does not follow its softdep
	for n in cl ha hb sv; do new_netns $n; done
	ip link add c0 netns cl type veth peer name ca netns ha
	ip link add ab netns ha type veth peer name ba netns hb
	ip link add s0 netns sv type veth peer name as netns ha
	ip -n cl addr add 10.0.1.1/24 dev c0
	ip -n cl addr add fd00:1::1/64 dev c0 nodad
	ip -n ha addr add 10.0.1.2/24 dev ca
	ip -n ha addr add fd00:1::2/64 dev ca nodad
	ip -n ha addr add 10.0.3.2/24 dev as
	ip -n ha addr add fd00:3::2/64 dev as nodad
	ip -n sv addr add 10.0.3.1/24 dev s0
	ip -n sv addr add fd00:3::1/64 dev s0 nodad
	# room for the NSH (up to 252 bytes, plus an inner Ethernet header)
	# on full-size packets: the NSH link carries more than 1500 bytes
	ip -n ha link set ab mtu 1800
	ip -n hb link set ba mtu 1800
	for l in "cl c0" "ha ca" "ha ab" "ha as" "hb ba" "sv s0"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
	ip -n cl route add default via 10.0.1.2
	ip -n cl -6 route add default via fd00:1::2
	ip -n sv route add default via 10.0.3.2
	ip -n sv -6 route add default via fd00:3::2
	for n in ha hb; do
		ip netns exec $n sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.send_redirects=0
	done
	proxy hb sfpa 101 ba
	proxy hb sfpb 102 ba
	proxy ha sfpc 103 ab
	sfp ha fwd add spi 100 si 255 via "$(mac_of hb ba)" dev ab
	sfp hb fwd add spi 100 si 255 dev sfpa
	sfp hb fwd add spi 100 si 254 dev sfpb
	sfp hb fwd add spi 100 si 253 via "$(mac_of ha ab)" dev ba
	sfp ha fwd add spi 100 si 253 dev sfpc
	sfp ha fwd add spi 100 si 252 end
	sfp ha classifier add dst 10.0.3.0/24 spi 100 si 255 \
		md2 0x0100:1:c0ffee md2 0xff00:0x82:0011223344556677
	sfp ha classifier add dst fd00:3::/64 spi 100 si 255
}

# capture on ha's end of the NSH link, both directions
capture_start() {
	cap=$(mktemp -d)/ab.pcap
	tcpdump_start ha "$cap" -i ab -s 512
}

capture_stop() { sleep 0.5; kill "$cap_pid"; wait "$cap_pid" 2>/dev/null || true; }

t_chain_traffic() {
	local n
	ip netns exec cl ping -c 5 -i 0.2 -W 2 10.0.3.1 >/dev/null
	# TSO stays on: the classifier cuts super-packets into packets, at
	# least 691 for a complete transfer of 1,000,000 bytes
	tcp_transfer sv cl 10.0.3.1 5301 1000000
	iperf3_server sv 5302
	ip netns exec cl timeout 30 iperf3 -u -b 1M -c 10.0.3.1 -p 5302 -t 1 >/dev/null
	for ns_dev in "hb sfpa" "hb sfpb" "ha sfpc"; do
		set -- $ns_dev
		sfp $1 -s dev show $2
		[ "$(counter $1 $2 tx_not_cached)" -eq 0 ]
		[ "$(counter $1 $2 tx_success)" -eq "$(counter $1 $2 rx_success)" ]
		[ "$(counter $1 $2 tx_success)" -gt 680 ]
	done
	n=$(sfp ha -s -j classifier show | jq -r '.[0].packets')
	[ "$n" -gt 680 ]
	[ "$(nshstat hb no_path)" -eq 0 ]
	[ "$(nshstat ha no_path)" -eq 0 ]
}

t_ipv6_chain() {
	sfp ha stats reset dev sfpc
	ip netns exec cl ping -6 -c 5 -i 0.2 -W 2 fd00:3::1 >/dev/null
	[ "$(counter ha sfpc tx_success)" -eq 5 ]
}

# tshark's NSH dissector must read our headers as we meant them
t_wire_decoded_by_tshark() {
	local out fwd back
	capture_start
	ip netns exec cl ping -c 4 -i 0.2 -W 2 10.0.3.1 >/dev/null
	capture_stop
	out=$(tshark -r "$cap" -Y nsh -T fields -E separator=, -e eth.src \
		-e nsh.version -e nsh.Obit -e nsh.ttl -e nsh.length -e nsh.mdtype \
		-e nsh.nextproto -e nsh.spi -e nsh.si -e icmp.type 2>/dev/null)
	echo "$out"
	fwd=$(grep -c "^$(mac_of ha ab),0,0,0x003f,7,2,1,100,255,8$" <<<"$out")
	back=$(grep -c "^$(mac_of hb ba),0,0,0x003d,7,2,1,100,253,8$" <<<"$out")
	# echo requests each way: SI 255 out (TTL 63), SI 253 back
	# (two SFs later, TTL 61), MD type 2 of 7 words (two context
	# headers), next protocol IPv4; replies are not chained
	# (tcpdump may miss the first under TCG; every frame seen must decode)
	[ "$fwd" -ge 3 ] && [ "$back" -ge 3 ]
	[ "$(wc -l <<<"$out")" -eq $((fwd + back)) ]
}

t_md2_arrives_unchanged() {
	local out
	capture_start
	ip netns exec cl ping -c 2 -i 0.2 -W 2 10.0.3.1 >/dev/null
	capture_stop
	out=$(tshark -r "$cap" -Y "nsh.si == 253" -T fields -E "separator=;" \
		-e nsh.metadataclass -e nsh.metadatatype -e nsh.metadatalen \
		-e nsh.metadata 2>/dev/null | sort -u)
	echo "$out"
	# class 0x0100 and 0xff00, type 1 and 0x82 (critical bit), lengths 3
	# and 8, values byte for byte
	[ "$out" = "256,65280;1,130;0x03,0x08;c0ffee,0011223344556677" ]
}

# send_nsh IFACE-NS IFACE DSTMAC SPEC...: crafted NSH frames from python;
# each SPEC is ver:ttl:len:mdtype:np:spi:si:md2value-hex:payload-tag; the
# inner UDP packet goes from $NSH_SRC to $NSH_DST port $NSH_DPORT
# (default 10.0.1.1 to 10.0.3.1 port 4001)
send_nsh() {
	local ns=$1 ifc=$2 dst=$3
	shift 3
	ip netns exec "$ns" $PY - "$ifc" "$dst" "$@" <<'PYEOF'
import os, struct, sys
from scapy.all import Ether, IP, UDP, Raw, sendp
ifc, dst, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
isrc = os.environ.get("NSH_SRC", "10.0.1.1")
idst = os.environ.get("NSH_DST", "10.0.3.1")
dport = int(os.environ.get("NSH_DPORT", "4001"))
frames = []
for s in specs:
    ver, ttl, length, md, np, spi, si, val, tag = s.split(":")
    ver, ttl, md, np, spi, si = map(int, (ver, ttl, md, np, spi, si))
    ctx = b""
    if md == 1:
        ctx = bytes(16)
    elif val:
        v = bytes.fromhex(val)
        ctx = struct.pack("!HBB", 0x0100, 1, len(v)) + v + bytes(-len(v) % 4)
    hlen = int(length) if length else (8 + len(ctx)) // 4
    nsh = struct.pack("!BBBB", ver << 6 | ttl >> 2, (ttl & 3) << 6 | hlen, md, np)
    nsh += struct.pack("!I", spi << 8 | si) + ctx
    inner = IP(src=isrc, dst=idst) / UDP(sport=4000, dport=dport) / Raw(tag.encode())
    if np == 3:
        inner = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / inner
    frame = Ether(dst=dst, type=0x894F) / Raw(nsh) / inner
    if tag == "truncated":
        frame = Ether(dst=dst, type=0x894F) / Raw(nsh[:6])
    frames.append(frame)
sendp(frames, iface=ifc, verbose=False)
PYEOF
}

t_per_packet_context() {
	local specs=() i out
	for i in $(seq 10 29); do
		specs+=("0:63::2:1:100:255:$(printf 'aa%02d%02d' "$i" "$i"):pkt$i")
	done
	capture_start
	send_nsh ha ab "$(mac_of hb ba)" "${specs[@]}"
	capture_stop
	# each frame comes back from SF1+SF2 (one handover on hb) with its own
	# context value, matched to its packet by the payload
	out=$(tshark -r "$cap" -Y "nsh.si == 253 && udp.dstport == 4001" -T fields \
		-e nsh.metadata -e data.data 2>/dev/null)
	echo "$out"
	[ "$(wc -l <<<"$out")" -eq 20 ]
	for i in $(seq 10 29); do
		grep -q "^$(printf 'aa%02d%02d' "$i" "$i")	$(printf 'pkt%d' "$i" | od -An -tx1 | tr -d ' \n')$" <<<"$out"
	done
}

t_ethernet_payload() {
	local out
	capture_start
	send_nsh ha ab "$(mac_of hb ba)" "0:63::2:3:100:255:beef:eth1" "0:63::2:3:100:255:beef:eth2"
	capture_stop
	# the inner Ethernet header was cached with the NSH and comes back
	out=$(tshark -r "$cap" -Y "nsh.si == 253 && udp.dstport == 4001" -T fields \
		-e nsh.nextproto -e eth.src 2>/dev/null)
	echo "$out"
	[ "$(grep -c '^3	.*02:00:00:00:00:01' <<<"$out")" -eq 2 ]
}

t_malformed_counted() {
	local d
	d=$(mac_of hb ba)
	sfp hb stats reset
	sfp hb -s -j fwd show >/dev/null
	local before_exp before_ver before_mal before_path
	before_exp=$(nshstat hb rx_expired)
	before_ver=$(nshstat hb rx_bad_version)
	before_mal=$(nshstat hb rx_malformed)
	before_path=$(nshstat hb no_path)
	send_nsh ha ab "$d" \
		"0:63::2:1:100:0::si0" \
		"0:0::2:1:100:255::ttl0" \
		"1:63::2:1:100:255::ver1" \
		"0:63:5:1:1:100:255::badlen" \
		"0:63::2:1:100:255::truncated" \
		"0:63::2:1:999:255::nospi"
	sleep 0.5
	sfp hb -s fwd show
	[ "$(nshstat hb rx_expired)" -eq $((before_exp + 2)) ]
	[ "$(nshstat hb rx_bad_version)" -eq $((before_ver + 1)) ]
	[ "$(nshstat hb rx_malformed)" -eq $((before_mal + 2)) ]
	[ "$(nshstat hb no_path)" -eq $((before_path + 1)) ]
	[ "$(counter hb sfpa rx_success)" -eq 0 ]
}

t_si_ttl_run_out_on_egress() {
	sfp hb fwd add spi 200 si 1 dev sfpa
	sfp hb stats reset dev sfpa
	send_nsh ha ab "$(mac_of hb ba)" "0:63::2:1:200:1::si1" "0:1::2:1:100:255::ttl1"
	sleep 0.5
	# both reach the function, neither may go on: SI 0 and TTL 0
	[ "$(counter hb sfpa rx_success)" -eq 2 ]
	[ "$(counter hb sfpa tx_ttl_expired)" -eq 2 ]
	[ "$(counter hb sfpa tx_success)" -eq 0 ]
	sfp hb fwd del spi 200 si 1
}

# nft_count NS TABLE COUNTER: packets a named nftables counter saw
nft_count() {
	ip netns exec "$1" nft -j list counter inet "$2" "$3" |
		jq -r '.nftables[] | select(.counter) | .counter.packets'
}

# the end of chain 100 is on ha (SI 252): frames for it, sent from hb
end_frames() {
	local i specs=()
	for i in 1 2 3; do specs+=("0:63::2:1:100:252::end$i"); done
	send_nsh hb ba "$(mac_of ha ab)" "${specs[@]}"
}

t_end_of_chain_meets_firewall() {
	local fwd self_ab self_lo
	ip netns exec ha nft -f - <<'NFT'
table inet endfw {
	counter fwd_seen { }
	counter to_self_ab { }
	counter to_self_lo { }
	chain fwd_c { type filter hook forward priority 0;
		iifname "ab" udp dport 4009 counter name fwd_seen drop; }
	chain in_c { type filter hook input priority 0;
		iifname "lo" ip saddr 192.0.2.66 counter name to_self_lo;
		iifname "ab" ip saddr 192.0.2.66 counter name to_self_ab drop; }
}
NFT
	# through FORWARD as arriving on the NSH link, where the firewall
	# drops it: sent as locally generated, it would skip FORWARD
	NSH_DPORT=4009 end_frames
	# to one of ha's own addresses from a spoofed source: INPUT sees it
	# on ab, never coming back in on lo
	NSH_SRC=192.0.2.66 NSH_DST=10.0.3.2 end_frames
	wait_until 30 0.2 test "$(nft_count ha endfw to_self_ab)" -eq 3 || true
	fwd=$(nft_count ha endfw fwd_seen)
	self_ab=$(nft_count ha endfw to_self_ab)
	self_lo=$(nft_count ha endfw to_self_lo)
	ip netns exec ha nft delete table inet endfw
	echo "forward $fwd, input on ab $self_ab, input on lo $self_lo"
	[ "$fwd" -eq 3 ] && [ "$self_ab" -eq 3 ] && [ "$self_lo" -eq 0 ]
}

rp_filtered() { ip netns exec ha nstat -az TcpExtIPReversePathFilter | awk '/IPReversePath/ {print $2}'; }

t_end_of_chain_rp_filter() {
	local before after
	# a source ha has no route to fails strict reverse path filtering
	ip netns exec ha sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.ab.rp_filter=1
	before=$(rp_filtered)
	NSH_SRC=198.51.100.7 end_frames
	wait_until 30 0.2 test "$(rp_filtered)" -eq $((before + 3)) || true
	ip netns exec ha sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.ab.rp_filter=0
	[ "$(rp_filtered)" -eq $((before + 3)) ]
	# the chain itself still works
	ip netns exec cl ping -c 2 -i 0.2 -W 2 10.0.3.1 >/dev/null
}

nsh_expired_total() { echo $(($(nshstat ha rx_expired) + $(nshstat hb rx_expired))); }

t_forwarding_loop_ends() {
	local before
	# two forwarders naming each other: the TTL ends the loop
	sfp ha fwd add spi 300 si 9 via "$(mac_of hb ba)" dev ab
	sfp hb fwd add spi 300 si 9 via "$(mac_of ha ab)" dev ba
	before=$(nsh_expired_total)
	send_nsh ha ab "$(mac_of hb ba)" "0:63::2:1:300:9::loop"
	wait_until 100 0.2 test "$(nsh_expired_total)" -eq $((before + 1)) || true
	# the entries go first: a frame that still loops must not outlive
	# the test
	sfp ha fwd del spi 300 si 9
	sfp hb fwd del spi 300 si 9
	[ "$(nsh_expired_total)" -eq $((before + 1)) ]
}

t_too_big_for_next_hop() {
	local before st
	before=$(nshstat ha tx_too_big)
	# the classifier adds 28 bytes (MD2 of 7 words): a 1500-byte packet
	# no longer fits a 1500-byte MTU
	ip -n ha link set ab mtu 1500
	ip netns exec cl ping -c 2 -i 0.2 -W 1 -M do -s 1472 10.0.3.1 && st=0 || st=1
	ip -n ha link set ab mtu 1800
	[ "$st" -eq 1 ]
	sfp ha -s fwd show
	[ "$(nshstat ha tx_too_big)" -eq $((before + 2)) ]
	# a proxy handing back a packet too big for its next hop: NSH packets
	# of 1502 bytes still arrive on a veth of MTU 1500 (it takes frames a
	# VLAN tag longer than its MTU), but may not leave by it
	sfp hb stats reset dev sfpb
	ip -n hb link set ba mtu 1500
	ip netns exec cl ping -c 2 -i 0.2 -W 1 -M do -s 1446 10.0.3.1 && st=0 || st=1
	ip -n hb link set ba mtu 1800
	[ "$st" -eq 1 ]
	sfp hb -s dev show sfpb
	[ "$(counter hb sfpb rx_success)" -eq 2 ]
	[ "$(counter hb sfpb tx_too_big)" -eq 2 ]
	ip netns exec cl ping -c 1 -W 2 -M do -s 1472 10.0.3.1 >/dev/null
}

# hb's view of what arrives on ba: port, forwarder, entry (100, 255)
nsh_rx_tally() {
	local port other fwd entry
	port=$(counter hb sfpa rx_ignored)
	other=$(ip -n hb -s -s -j link show ba |
		jq '.[0].stats64.rx.otherhost_dropped // .[0].stats64.rx.otherhost // 0')
	fwd=$(sfp hb -s -j fwd show | jq '.stats | .rx_malformed + .rx_bad_version +
		.rx_expired + .no_path')
	entry=$(sfp hb -s -j fwd show | jq '.entries[] | select(.spi == 100 and .si == 255) | .packets')
	echo "$port $other $fwd $entry"
}

# 100,000 hostile NSH frames at hb while the chain carries real traffic:
# every frame arriving on ba is counted once (by the port when it is not
# NSH, by the forwarder when it is refused or has no path, by entry
# (100, 255) when it goes to SF1, whose proxy counts it once more)
t_flood() {
	local n a b sfpa_in entry
	sfp hb stats reset dev sfpa
	read -r -a a <<<"$(nsh_rx_tally)"
	ingress_count_start hb ba
	ping_during cl 10.0.3.1
	hostile_flood ha ab "$(mac_of hb ba)" nsh 100000
	ping_during_end 95
	n=$(ingress_count hb)
	ingress_count_stop hb
	read -r -a b <<<"$(nsh_rx_tally)"
	sfp hb -s fwd show
	sfp hb -s dev show sfpa
	entry=$((b[3] - a[3]))
	echo "frames on ba: $n; port ${b[0]}-${a[0]}, other host ${b[1]}-${a[1]}," \
		"forwarder ${b[2]}-${a[2]}, entry $entry"
	[ "$n" -ge 100000 ]
	[ "$n" -eq $((b[0] - a[0] + b[1] - a[1] + b[2] - a[2] + entry)) ]
	sfpa_in=$(sfp hb -j stats show dev sfpa | jq '.[0] | .rx_success + .rx_malformed +
		.rx_too_big + .alloc_fail')
	[ "$sfpa_in" -eq "$entry" ]
	# the chain still works, and what SF1 dropped ages out
	ip netns exec cl ping -c 2 -i 0.2 -W 2 10.0.3.1 >/dev/null
	wait_until 100 0.1 test "$(counter hb sfpa cache_entries)" -eq 0
}

t_fwd_table_shown() {
	local out
	out=$(sfp hb -j fwd show)
	echo "$out"
	[ "$(jq length <<<"$out")" -eq 3 ]
	[ "$(jq -r '.[] | select(.si == 253) | .action' <<<"$out")" = next_hop ]
	[ "$(jq -r '.[] | select(.si == 253) | .mac' <<<"$out")" = "$(mac_of ha ab)" ]
	[ "$(jq -r '.[] | select(.si == 254) | .dev' <<<"$out")" = sfpb ]
	expect_fail "exists" sfp hb fwd add spi 100 si 254 dev sfpa
	sfp hb fwd replace spi 100 si 254 dev sfpb
	expect_fail "encap nsh" sfp ha fwd add spi 7 si 7 dev lo
}

t_unknown_path_after_sf() {
	# SF2's output (SI 253) has no entry: counted on the proxy and the node
	sfp hb fwd del spi 100 si 253
	sfp hb stats reset dev sfpb
	! ip netns exec cl ping -c 2 -i 0.2 -W 1 10.0.3.1 >/dev/null
	[ "$(counter hb sfpb tx_no_route)" -eq 2 ]
	sfp hb fwd add spi 100 si 253 via "$(mac_of ha ab)" dev ba
	ip netns exec cl ping -c 1 -W 2 10.0.3.1 >/dev/null
}

t_entries_follow_devices() {
	sfp hb dev add sfpx link ba encap nsh
	# created without IPv6 autoconf: no packets of its own when it goes up
	[ "$(ip -n hb -d -j link show sfpx | jq -r '.[0].inet6_addr_gen_mode')" = none ]
	ip -n hb link set sfpx up
	[ -z "$(ip -n hb -6 addr show dev sfpx)" ]
	sfp hb fwd add spi 300 si 9 dev sfpx
	[ "$(sfp hb -j fwd show | jq '[.[] | select(.spi == 300)] | length')" -eq 1 ]
	ip -n hb link del sfpx
	[ "$(sfp hb -j fwd show | jq '[.[] | select(.spi == 300)] | length')" -eq 0 ]
}

t_teardown_with_state() {
	# a namespace with entries, rules and hooks goes away cleanly
	new_netns nshx
	ip link add x0 netns nshx type veth peer name x1 netns nshx
	"$SFCPROXY" -n nshx dev add sfpx link x0 encap nsh
	"$SFCPROXY" -n nshx fwd add spi 1 si 1 dev sfpx
	"$SFCPROXY" -n nshx fwd add spi 1 si 2 via 02:00:00:00:00:09 dev x1
	"$SFCPROXY" -n nshx classifier add dst 10.9.0.0/16 spi 1 si 2
	ip netns del nshx
	sleep 0.5
}

t_classifier_rules() {
	local out
	out=$(sfp ha -j classifier show)
	echo "$out"
	[ "$(jq length <<<"$out")" -eq 2 ]
	expect_fail "exists" sfp ha classifier add dst 10.0.3.0/24 spi 5 si 5
	sfp ha classifier add src 10.0.9.0/24 proto udp dport 53 spi 5 si 5 md1 1:2:3:4
	[ "$(sfp ha -j classifier show | jq length)" -eq 3 ]
	sfp ha classifier del src 10.0.9.0/24 proto udp dport 53
	[ "$(sfp ha -j classifier show | jq length)" -eq 2 ]
}

t_cache_commands() {
	local out
	# the function drops what arrives on sfpa: the header stays cached
	ip netns exec hb nft -f - <<'NFT'
table inet nshdrop {
	chain drop_in { type filter hook forward priority 0; iifname "sfpa" udp dport 4001 drop; }
}
NFT
	# sending takes python's start-up, seconds under TCG: a long timeout
	sfp hb dev set sfpa cache-timeout 300000
	sfp hb stats reset dev sfpa
	send_nsh ha ab "$(mac_of hb ba)" "0:63::2:1:100:255:abcdef:cached"
	sleep 0.3
	out=$(sfp hb -j cache show dev sfpa)
	echo "$out"
	[ "$(jq length <<<"$out")" -eq 1 ]
	# the whole NSH as it arrived: TTL 63, 4 words, MD2, IPv4, (100, 255),
	# then the context header 0x0100/1 with its 3 bytes and padding
	[ "$(jq -r '.[0].header' <<<"$out" | tr -d ' :')" = "0fc40201000064ff01000103abcdef00" ]
	[ "$(counter hb sfpa cache_entries)" -eq 1 ]
	sfp hb cache flush dev sfpa
	[ "$(sfp hb -j cache show dev sfpa | jq length)" -eq 0 ]
	sfp hb dev set sfpa cache-timeout 1000
	ip netns exec hb nft delete table inet nshdrop
}

t_egress_hook_refused() {
	expect_fail "encap mpls only" sfp hb dev set sfpa egress-dev ba
}

t_rmmod_with_state() {
	# proxies, entries, rules and hooks in several namespaces: all go
	rmmod_settled
	no_link hb sfpa
	insmod "$KMOD"
}

load_module
topology
tap_plan
run_test "ping, TCP (TSO sender) and UDP cross the chain, every SF hit" t_chain_traffic
run_test "IPv6 inner packets cross the chain" t_ipv6_chain
run_test "tshark decodes every field as sent: SI 255 out, 253 back, TTL per SF" t_wire_decoded_by_tshark
run_test "MD2 context set by the classifier arrives unchanged" t_md2_arrives_unchanged
run_test "per-packet context values survive per packet across the handover" t_per_packet_context
run_test "Ethernet payload: inner Ethernet header restored" t_ethernet_payload
run_test "SI 0, TTL 0, bad version, bad length, truncated, unknown SPI counted" t_malformed_counted
run_test "100,000 hostile NSH frames under real traffic: each counted once" t_flood
run_test "SI or TTL running out on egress dropped and counted" t_si_ttl_run_out_on_egress
run_test "end of chain: FORWARD and INPUT see it on the NSH link, not lo" t_end_of_chain_meets_firewall
run_test "end of chain: spoofed source fails rp_filter" t_end_of_chain_rp_filter
run_test "forwarding loop between two nodes ends by NSH TTL" t_forwarding_loop_ends
run_test "NSH packets too big for the next hop's MTU: dropped, counted" t_too_big_for_next_hop
run_test "fwd show/replace, bad proxy device rejected" t_fwd_table_shown
run_test "no entry for an SF's output: counted on proxy and node" t_unknown_path_after_sf
run_test "forwarding entries go with their device" t_entries_follow_devices
run_test "classifier rules: show, duplicate match, add and del" t_classifier_rules
run_test "namespace with entries, rules and hooks deleted" t_teardown_with_state
run_test "cache show and flush on an NSH proxy" t_cache_commands
run_test "egress hook refused for encap nsh" t_egress_hook_refused
run_test "rmmod with NSH state in several namespaces" t_rmmod_with_state
run_test "module left loadable" load_module
done_testing
