# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Waiting without fixed sleeps, for the selftests (sourced by lib.sh), the
# demo and the benchmark guest: under TCG on a busy host, start-up and
# teardown take anywhere from milliseconds to seconds.

# wait_until TRIES INTERVAL CMD...: run CMD until it succeeds, at most TRIES
# times, INTERVAL seconds apart; fails when it never did.
wait_until() {
	local tries=$1 interval=$2 i
	shift 2
	for ((i = 1; i <= tries; i++)); do
		"$@" && return 0
		[ "$i" -eq "$tries" ] || sleep "$interval"
	done
	return 1
}

# tcp_listening NETNS PORT: something listens on TCP PORT in NETNS
tcp_listening() {
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .
}

# iperf3_server NETNS PORT: a one-test iperf3 server in the background,
# returning once it listens. A fixed sleep was not always enough under TCG
# on a busy host, and a client that finds no server ends its test early.
# Give every server its own port: a finished one-test server on the same
# port may still be listening while it winds down.
iperf3_server() {
	ip netns exec "$1" iperf3 -s -D -1 -p "$2" >/dev/null
	wait_until 100 0.1 tcp_listening "$1" "$2" && return 0
	echo "iperf3 server on port $2 in $1 did not start"
	return 1
}

# tcpdump_start NETNS FILE TCPDUMP-ARGS...: capture into FILE, in the
# background (pid in $cap_pid), returning once tcpdump listens: under TCG
# its start-up can take longer than the traffic a test sends
tcpdump_start() {
	local ns=$1 file=$2
	shift 2
	# immediate mode: without it libpcap hands packets over in blocks, and
	# the last block is lost when the capture is stopped
	ip netns exec "$ns" tcpdump -nn --immediate-mode -w "$file" -U "$@" 2>"$file.err" &
	cap_pid=$!
	wait_until 100 0.1 grep -q listening "$file.err" && return 0
	echo "tcpdump did not start:"; cat "$file.err"; return 1
}
