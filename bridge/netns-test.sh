#!/usr/bin/env bash
# The cross-host tests between two real network stacks: two network namespaces joined by a veth pair, a bridge in
# each, a context of host2 in its namespace and a context of host1 in the other. On top of what the loopback tests
# check, it adds what only a real link can show: 5 % of data frames lost (Aeron's loss generator), a 3 s link drop
# that must lose nothing, a drop longer than the remote liveness that must end in close, and kill -9 of a bridge.
#
# Needs root (ip netns, ip link). Not run by CI. Usage: bridge/netns-test.sh   (from anywhere; builds what it needs)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$ROOT/bridge/target/entangle-bridge.jar"
CLASSES="$ROOT/bridge/target/test-classes"
FLAGS="--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
NS1=entangle-host1
NS2=entangle-host2
# RFC 2544's benchmarking range: addresses that exist only inside these two namespaces.
ADDR1=198.18.0.1
ADDR2=198.18.0.2
PORT=40123
LIVENESS_MS=5000
PASSED=0
FAILED=0
PIDS=()

if [[ $EUID -ne 0 ]]; then
    echo "netns-test: needs root (ip netns add, ip link add)" >&2
    exit 2
fi

echo "netns-test: building the bridge and its test classes ..."
if ! (cd "$ROOT" && mvn -B -q -o -Dstyle.color=never package -pl ipc-core,bridge -am -DskipTests \
        -Dmaven.javadoc.skip=true -Dcheckstyle.skip=true >/tmp/netns-test-build.log 2>&1 && \
      mvn -B -q -o -Dstyle.color=never test-compile -pl ipc-core,bridge -am -Dcheckstyle.skip=true \
        >>/tmp/netns-test-build.log 2>&1); then
    cat /tmp/netns-test-build.log >&2
    exit 1
fi
CP="$JAR:$CLASSES"

WORK="$(mktemp -d /dev/shm/entangle-netns.XXXXXX)"
chmod 700 "$WORK"

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    ip netns del "$NS1" 2>/dev/null
    ip netns del "$NS2" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

result() {
    if [[ "$1" == pass ]]; then
        PASSED=$((PASSED + 1))
        echo "PASS: $2"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL: $2"
    fi
}

# Waits until a file holds a line matching a pattern.
await() {
    local file="$1" pattern="$2" seconds="${3:-60}"
    local end=$((SECONDS + seconds))
    while ((SECONDS < end)); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "netns-test: '$pattern' never appeared in $file:" >&2
    tail -20 "$file" >&2
    return 1
}

echo "netns-test: namespaces $NS1 ($ADDR1) and $NS2 ($ADDR2), joined by a veth pair"
ip netns del "$NS1" 2>/dev/null
ip netns del "$NS2" 2>/dev/null
ip netns add "$NS1"
ip netns add "$NS2"
ip link add veth-h1 type veth peer name veth-h2
ip link set veth-h1 netns "$NS1"
ip link set veth-h2 netns "$NS2"
ip netns exec "$NS1" ip addr add "$ADDR1/24" dev veth-h1
ip netns exec "$NS2" ip addr add "$ADDR2/24" dev veth-h2
for ns in "$NS1" "$NS2"; do
    ip netns exec "$ns" ip link set lo up
done
ip netns exec "$NS1" ip link set veth-h1 up
ip netns exec "$NS2" ip link set veth-h2 up
ip netns exec "$NS1" ip route get "$ADDR2" >/dev/null || { echo "netns-test: no route between the namespaces"; exit 1; }

cat >"$WORK/federation" <<FEDERATION
# two hosts, each in its own network namespace
host host1 $ADDR1:$PORT directory=$WORK/host1 aeron-dir=$WORK/aeron1
host host2 $ADDR2:$PORT directory=$WORK/host2 aeron-dir=$WORK/aeron2
route worker-* host2
set remote.liveness.ms $LIVENESS_MS
FEDERATION

BRIDGE1=
BRIDGE2=
start_bridges() {
    local extra="$1" run="$2"
    ip netns exec "$NS1" "$JAVA" $FLAGS $extra -jar "$JAR" --federation "$WORK/federation" --host host1 \
        >"$WORK/bridge1-$run.log" 2>&1 &
    BRIDGE1=$!
    ip netns exec "$NS2" "$JAVA" $FLAGS $extra -jar "$JAR" --federation "$WORK/federation" --host host2 \
        >"$WORK/bridge2-$run.log" 2>&1 &
    BRIDGE2=$!
    PIDS+=("$BRIDGE1" "$BRIDGE2")
    await "$WORK/bridge1-$run.log" "host host2 is up" && await "$WORK/bridge2-$run.log" "host host1 is up"
}

stop_bridges() {
    kill "$BRIDGE1" "$BRIDGE2" 2>/dev/null
    wait "$BRIDGE1" "$BRIDGE2" 2>/dev/null
}

start_worker() {
    local name="$1" mode="$2"
    ip netns exec "$NS2" "$JAVA" $FLAGS -cp "$CP" dev.entangle.bridge.RemoteContextMain "$WORK/host2" "$name" \
        "$mode" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    await "$WORK/$name.log" "^open"
}

scenario() {
    ip netns exec "$NS1" "$JAVA" $FLAGS -cp "$CP" dev.entangle.bridge.NetnsScenario "$1" "$WORK/host1" "${@:2}"
}

link() {
    ip netns exec "$NS1" ip link set veth-h1 "$1"
}

echo
echo "=== 1. baseline: a window message answered through source, then 10,000 messages echoed on a port"
start_bridges "" baseline
start_worker worker-echo echo
start_worker worker-hold hold
if scenario echo 10000 0; then result pass "baseline"; else result fail "baseline"; fi
stop_bridges

echo
echo "=== 2. 5 % of data frames lost at both receivers (Aeron's loss generator), 10,000 messages echoed"
LOSS="-Daeron.ReceiveChannelEndpoint.supplier=io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier"
LOSS="$LOSS -Daeron.debug.receive.data.loss.rate=0.05 -Daeron.debug.receive.data.loss.seed=7"
start_bridges "$LOSS" loss
if scenario echo 10000 2000; then result pass "5 % loss"; else result fail "5 % loss"; fi
stop_bridges

echo
echo "=== 3. the link down for 3 s while 6,000 messages go each way: nothing lost, nothing twice"
start_bridges "" drop3
scenario echo 6000 100000 &
SCENARIO=$!
sleep 2
echo "link down"
link down
sleep 3
link up
echo "link up after 3 s"
if wait "$SCENARIO"; then result pass "3 s link drop"; else result fail "3 s link drop"; fi
grep -h "sending again\|silent\|is up" "$WORK/bridge1-drop3.log" "$WORK/bridge2-drop3.log" | sed 's/^/  /'
stop_bridges

echo
echo "=== 4. the link down for 8 s, longer than the remote liveness ($LIVENESS_MS ms): the port closes"
start_bridges "" drop8
: >"$WORK/close-drop8.log"
scenario close 20000 >"$WORK/close-drop8.log" 2>&1 &
SCENARIO=$!
await "$WORK/close-drop8.log" "^armed"
link down
DOWN_AT=$SECONDS
echo "link down"
if wait "$SCENARIO"; then result pass "8 s link drop closes the port on host1"; \
    else result fail "8 s link drop closes the port on host1"; fi
cat "$WORK/close-drop8.log" | sed 's/^/  /'
while ((SECONDS - DOWN_AT < 8)); do sleep 0.2; done
link up
echo "link up after 8 s"
if await "$WORK/worker-hold.log" "port closed" 20; then result pass "8 s link drop closes the port on host2"; \
    else result fail "8 s link drop closes the port on host2"; fi
sleep 1
if scenario echo 1000 0; then result pass "after the outage the link serves again"; \
    else result fail "after the outage the link serves again"; fi
stop_bridges

echo
echo "=== 5. kill -9 of host2's bridge: host1's port closes within the liveness"
start_bridges "" kill
HOLD_CLOSES_BEFORE=$(grep -c "port closed" "$WORK/worker-hold.log")
: >"$WORK/close-kill.log"
scenario close 20000 >"$WORK/close-kill.log" 2>&1 &
SCENARIO=$!
await "$WORK/close-kill.log" "^armed"
{ kill -9 "$BRIDGE2"; wait "$BRIDGE2"; } 2>/dev/null
echo "kill -9 of the bridge of host2"
if wait "$SCENARIO"; then result pass "kill -9 of a bridge closes the port on host1"; \
    else result fail "kill -9 of a bridge closes the port on host1"; fi
cat "$WORK/close-kill.log" | sed 's/^/  /'
sleep 2
if [[ $(grep -c "port closed" "$WORK/worker-hold.log") -gt $HOLD_CLOSES_BEFORE ]]; then
    result pass "kill -9 of a bridge closes the port on host2"
else
    result fail "kill -9 of a bridge closes the port on host2"
fi
kill "$BRIDGE1" 2>/dev/null
wait "$BRIDGE1" 2>/dev/null

echo
echo "netns-test: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
