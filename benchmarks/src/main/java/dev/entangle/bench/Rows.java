package dev.entangle.bench;

import dev.entangle.Configuration;
import dev.entangle.bench.transport.Transports;

import java.util.ArrayList;
import java.util.List;

/**
 * Every table and row of the comparison, in the order of the report. The driver runs exactly these.
 * <p>
 * Adding a row: write its benchmark class (usually a subclass of {@link RoundTripState} that overrides what
 * differs, or a {@link ForkedBenchmark} with one {@code @Benchmark} method) and add one line to {@link #all()}:
 * <pre>{@code
 * rows.add(JmhRow.of(PAYLOAD, "entangle-spin", PayloadBenchmark.class).param("transport", "entangle-spin")
 *     .payload(4 << 20).headline());
 * }</pre>
 * A new table is one more constant here and in {@link #TABLES}; it may also show rows of other tables
 * ({@link Table#shows()}), which then run once. A row that is not a JMH benchmark implements
 * {@link Row} itself, as {@link FixedRateRow} does. Rows get the profile's headline forks only when marked
 * {@code headline()}.
 */
final class Rows
{
    /** Entangle's MessagePort, the reference of most tables. */
    static final String MESSAGE_PORT = Transports.ENTANGLE_SPIN;
    /** The copy floor's label in the payload and transfer tables. */
    static final String COPY_FLOOR = "copy-floor";
    /** The ArrayBuffer transfer rows' label, the reference of the transfer table. */
    static final String TRANSFER_LABEL = "ArrayBuffer transfer";
    /** The Remote call row's label. */
    static final String REMOTE_CALL = "Remote call";
    /** The label of the row that posts the Remote call's record on a plain port. */
    static final String REMOTE_RECORD = "entangle-spin record";
    /** The label of the round trip with counters on, the reference of the counters table. */
    static final String COUNTERS_ON = "entangle-spin counters=true";
    /** The label of the round trip with counters off. */
    static final String COUNTERS_OFF = "entangle-spin counters=false";

    /** The label of the round trip whose JVMs keep their heaps on transparent huge pages. */
    static final String HUGE_PAGES = MESSAGE_PORT + " huge pages";
    /** The flag of that row, for both JVMs. */
    static final String HUGE_PAGES_FLAG = "-XX:+UseTransparentHugePages";
    /** Every transport's 64-byte round trip. */
    static final Table ROUND_TRIP = new Table("round_trip", "Round trip between two JVMs, 64 B",
        Table.Kind.LATENCY, MESSAGE_PORT, false,
        "Every transport with its echo peer in a second JVM: one operation is one 64-byte `byte[]` sent and the " +
        "same bytes received back. Both sides spin while they wait, except where the transport says otherwise: " +
        "the echo side of `entangle-spin` answers from its context's busy-spinning event loop, that of " +
        "`entangle-backoff` from a loop with the library's default back-off idle strategy (so its figure " +
        "includes waking up); `entangle-bytes` is `entangle-spin` on the allocation-free bytes path (this side " +
        "takes each echo with `receiveBytes` into a reused buffer, the echo side answers from an `onBytes` " +
        "handler); `uds-blocking` and `tcp-loopback` block in the kernel on both sides. The " +
        "`String(32)` row is MessagePort carrying a 32-character `String` instead of a 64-byte `byte[]`; its " +
        "ratio shows what a message that is not bytes adds. The `huge pages` row is `entangle-spin` with both " +
        "JVMs started with `" + HUGE_PAGES_FLAG + "`, so that the objects each message is handed over as fill " +
        "2 MiB pages of the heap rather than 4 KiB ones.");
    /** What the round trips allocate, in each JVM. */
    static final Table ALLOCATION = new Table("allocation", "Allocation per round trip, in both JVMs",
        Table.Kind.ALLOCATION, MESSAGE_PORT, false,
        "Rows of the round-trip table again, for their allocation only. *here* is what the benchmark's JVM " +
        "allocated per round trip, all its threads together (JMH `-prof gc`, `gc.alloc.rate.norm`): for " +
        "MessagePort, the posting thread and the context's event loop. *echo* is what the echo peer's echo thread " +
        "(for MessagePort, its context's event loop) allocated per message it took, read from that thread's " +
        "allocation counter over the measured iterations. Each is the median across forks with its range; a " +
        "figure of a few bytes is noise of the measurement. The echo figure leaves out the echo JVM's other " +
        "threads (the library's runtime agent, the thread that reads the benchmark's requests).",
        List.of("round_trip/entangle-spin/64", "round_trip/entangle-spin String(32)",
            "round_trip/entangle-bytes/64", "round_trip/" + HUGE_PAGES + "/64",
            "round_trip/chronicle-queue/64", "round_trip/agrona-ring-buffer/64"));
    /** Large messages, with the copy floor beside them. */
    static final Table PAYLOAD = new Table("payload", "Payload round trips",
        Table.Kind.LATENCY, MESSAGE_PORT, true,
        "One `byte[]` of each size there and back; each size is compared with MessagePort of the same size. " +
        "`copy-floor` is the same payload copied, in one JVM, from the heap into memory mapped from a file in " +
        "`/dev/shm` and out into a new `byte[]`, there and back: what no transport that hands the receiver its " +
        "own array can beat; its ratio is MessagePort ÷ copy-floor. `entangle-bytes` is MessagePort on the bytes " +
        "path, as in the round-trip table: this side takes each echo with `receiveBytes` into a buffer it " +
        "reuses and the echo side answers from an `onBytes` handler, so no side allocates a new array; the " +
        "copy floor, which does, is no floor for it.");
    /** Round trips of several contestants taken in turns of a tenth of a second, all in one run. */
    static final Table SLICED = new Table("sliced", "Round trips in turns: contestants measured side by side",
        Table.Kind.LATENCY, MESSAGE_PORT, true,
        "The comparisons of the goals again, measured so that the machine's changes of pace cannot fall between " +
        "the two rows of a ratio. All contestants of a size run at once, each in JVMs of its own (the benchmark's " +
        "side and its echo peer, as in a JMH fork; the copy floor in one JVM), and take turns of " +
        SlicedGroup.SLICE_MS + " ms, in a new random order each time round, until each has had its measured " +
        "time; only the contestant whose turn it is spins, the others wait in a blocking read with their echo " +
        "peers parked, and the first " + SlicedGroup.SETTLE_MS + " ms of each turn are not recorded. Every round " +
        "trip of a turn is timed (HdrHistogram, not JMH), so the figures are close to, not the same as, those of " +
        "the JMH rows. A fork is one such run; the ratio of each fork compares turns that were at most a few " +
        "tenths of a second apart. The reference of each size is `entangle-spin`; for the copy floor the ratio " +
        "is `entangle-spin` ÷ `copy-floor`. Raw Chronicle Queue's tail is not comparable here: its queue grows " +
        "into memory never touched before with every message, and with the other contestants' JVMs alive those " +
        "first touches were slower than in its own forks (p99 about three times the round-trip table's), so only " +
        "its median serves a target in this table.");
    /** ArrayBuffers moved without a copy, beside byte[] messages of the same size and the copy floor. */
    static final Table TRANSFER = new Table("transfer", "ArrayBuffer transfer round trips",
        Table.Kind.LATENCY, TRANSFER_LABEL, true,
        "`" + TRANSFER_LABEL + "`: this JVM posts an `ArrayBuffer` with it in the transfer list and " +
        "the echo peer posts it back the same way; the buffer is filled once before the first round trip, and " +
        "each round trip writes a stamp into its first bytes and checks it on return, so only its first page " +
        "is touched. What moves is a reference to the buffer's file, whatever its size; the receiver maps the " +
        "file each time. The reference of each size is that row: a ratio below 1 means the transfer is faster " +
        "than the row. `entangle-spin` (from the payload table) is MessagePort sending a `byte[]` of the same " +
        "size, copied into the channel and out again; `copy-floor` is the floor of such a copy. There is no " +
        "64 MiB `byte[]` row: a message holds at most 16 MiB, and larger data travels as an `ArrayBuffer`. The " +
        "64 MiB copy floor runs one fork in the quick profile, so its ratio is that fork's.",
        List.of("payload/entangle-spin/65536", "payload/copy-floor/65536", "payload/entangle-spin/1048576",
            "payload/copy-floor/1048576"));
    /** Messages per second one way. */
    static final Table THROUGHPUT = new Table("throughput", "One-way throughput, 64 B",
        Table.Kind.THROUGHPUT, MESSAGE_PORT, false,
        "The receiver acknowledges every 1,000th message and the sender keeps at most two windows " +
        "unacknowledged. Here a ratio below 1 means MessagePort carries fewer messages per second.");
    /** A counter handed back and forth through shared memory, beside the ring buffer's round trip. */
    static final Table SHARED_MEMORY = new Table("shared_memory", "SharedArrayBuffer ping-pong and the Agrona " +
        "ring buffer", Table.Kind.LATENCY, Transports.AGRONA, false,
        "`" + Transports.SHARED_ARRAY_BUFFER + "`: the benchmark's JVM posts a 64-byte `SharedArrayBuffer` to " +
        "the echo peer's context once; then the two JVMs hand a `long` back and forth in it, each spinning on " +
        "the buffer's `AtomicBuffer` view for its turn and writing the next value with a release store. One " +
        "operation is one exchange, there and back; no message is sent. `agrona-ring-buffer` (the reference, " +
        "from the round-trip table) is a 64-byte message through a one-to-one ring buffer in a mapped file each " +
        "way; a ratio above 1 means the ring takes longer than the exchange. Both are what shared memory " +
        "between two spinning JVMs costs without any library on the path.",
        List.of("round_trip/agrona-ring-buffer/64"));
    /** A Remote call against the raw port round trip. */
    static final Table REMOTE = new Table("remote", "Remote call and the MessagePort round trip",
        Table.Kind.LATENCY, MESSAGE_PORT, false,
        "`" + REMOTE_CALL + "`: a synchronous call, through a `Remote.wrap` proxy, of a method that takes " +
        "a small record (two `int`s, a `long` and a 25-character `String`) and returns a new one, served by " +
        "`Remote.expose` on the event loop of a busy-spinning context in a second JVM. `" + REMOTE_RECORD +
        "`: the same record posted on a plain port of the same JVMs, echoed by a listener and taken back with " +
        "`receiveMessage()`, so that the difference between the two is what `Remote` adds. The reference is the " +
        "64-byte `byte[]` round trip of the round-trip table (`entangle-spin`); a ratio below 1 means the row " +
        "takes longer. Its JVMs do not report the echo side's allocation.",
        List.of("round_trip/entangle-spin/64"));
    /** MessagePort while the echo peer's context holds many idle ports. */
    static final Table IDLE_SCALE = new Table("idle_scale",
        "Idle ports in the echo peer's context (doorbell on, and off)", Table.Kind.LATENCY,
        "entangle-spin idle=0 doorbell", false,
        "MessagePort round trips, 64 B, while the echo peer's context also holds that many started ports with " +
        "listeners and nothing to read; reference: no idle port, doorbell on. With the doorbell, a sender rings " +
        "the receiving loop's bit for its port and the loop reads only rung ports; without it, the loop polls " +
        "every port each cycle.");
    /** MessagePort with the counters on and off. */
    static final Table COUNTERS = new Table("counters", "Counters on and off",
        Table.Kind.LATENCY, COUNTERS_ON, false,
        "MessagePort round trips, 64 B, with `-D" + Configuration.COUNTERS_PROP_NAME + "=true` (the " +
        "default: every context counts messages, bytes and loop work in its stats file) and `=false`, in both " +
        "JVMs (the echo peer's JVM gets the benchmark JVM's `entangle.*` properties). Reference: counters on; a " +
        "ratio above 1 means the round trip with counters takes longer. A difference of a few per cent is " +
        "within the noise of forks on a shared machine; the target compares them fork by fork.");
    /** Round trips sent on a schedule. */
    static final Table FIXED_RATE = new Table("fixed_rate_100k",
        "Fixed rate, 100,000 round trips/s, corrected for coordinated omission",
        Table.Kind.LATENCY, MESSAGE_PORT, false,
        "Not JMH: an HdrHistogram of every round trip, sent on a schedule and timed from when it was due, not " +
        "from when it went; histograms in `fixed-rate-<transport>.hlog`.");

    /** One sender's BroadcastChannel to receivers in other JVMs: latency to each. */
    static final Table BROADCAST = new Table("broadcast", "BroadcastChannel, one sender to 1 and 4 receiver JVMs, " +
        "64 B", Table.Kind.LATENCY, MESSAGE_PORT, false,
        "Not JMH (`BroadcastRow`): one way, from the sender's post to each receiver's listener, one message at a " +
        "time, every receiver's samples together (each one's p50 and p99 in `jmh.log`). The reference is the " +
        "MessagePort round trip, there and back, in the same run. Every loop yields when idle.");
    /** One sender's BroadcastChannel to receivers in other JVMs: the sender's throughput. */
    static final Table BROADCAST_THROUGHPUT = new Table("broadcast_throughput", "BroadcastChannel throughput, one " +
        "sender to 1 and 4 receiver JVMs, 64 B", Table.Kind.THROUGHPUT, MESSAGE_PORT, false,
        "Messages the sender posts per second, each delivered to every receiver, with the windows of the " +
        "throughput table; the reference is MessagePort's one-way throughput in the same run.");

    /** Round trips between two "hosts" on loopback, through their bridges. */
    static final Table CROSS_HOST = new Table("cross_host",
        "Across hosts: round trip through two bridges on loopback, 64 B", Table.Kind.LATENCY, CrossHostRow.AERON,
        false,
        "Not JMH: two \"hosts\" on this machine, each with its own directory, Aeron directory and UDP port. " +
        "`entangle-bridges` is a MessagePort whose peer is on the other host (context, bridge, UDP, bridge, " +
        "context, and back); `aeron-udp` is raw Aeron ping-pong between two JVMs on the same ports, each with a " +
        "media driver embedded as the bridges embed theirs (invoker mode, the same backoff idle strategy). " +
        "`entangle-bridges` runs every thread on its path with its default idle strategy (spin, yield, then park " +
        "up to 1 ms), so each of its four hops may wait for a park to end; the `yield` rows make every thread on " +
        "the path yield instead of parking (for the bridges: both bridges and both contexts). On two CPUs this is " +
        "CPU-bound: six threads on the bridges' path share two cores, and the figures measure scheduling more " +
        "than the network.");

    /** The tables, in report order. */
    static final List<Table> TABLES = List.of(ROUND_TRIP, ALLOCATION, PAYLOAD, SLICED, TRANSFER, THROUGHPUT,
        SHARED_MEMORY, REMOTE, IDLE_SCALE, COUNTERS, FIXED_RATE, BROADCAST, BROADCAST_THROUGHPUT, CROSS_HOST);

    /** The transports of the payload and throughput rows. */
    private static final List<String> STREAMING = List.of(
        Transports.ENTANGLE_SPIN, Transports.CHRONICLE, Transports.AGRONA);

    private Rows()
    {
    }

    /**
     * @return every row, in report order.
     */
    static List<Row> all()
    {
        final List<Row> rows = new ArrayList<>();
        for (final String transport : Transports.ALL)
        {
            rows.add(JmhRow.of(ROUND_TRIP, transport, RoundTripBenchmark.class).param("transport", transport)
                .payload(64).headline());
        }
        rows.add(JmhRow.of(ROUND_TRIP, MESSAGE_PORT + " String(32)", StringRoundTripBenchmark.class));
        rows.add(JmhRow.of(ROUND_TRIP, HUGE_PAGES, RoundTripBenchmark.class).param("transport", MESSAGE_PORT)
            .payload(64).jvmFlags(HUGE_PAGES_FLAG).headline());

        for (final int size : List.of(64 << 10, 1 << 20))
        {
            for (final String transport : STREAMING)
            {
                rows.add(JmhRow.of(PAYLOAD, transport, PayloadBenchmark.class).param("transport", transport)
                    .payload(size).headline());
            }
            rows.add(JmhRow.of(PAYLOAD, Transports.ENTANGLE_BYTES, PayloadBenchmark.class)
                .param("transport", Transports.ENTANGLE_BYTES).payload(size).headline());
            rows.add(JmhRow.of(PAYLOAD, COPY_FLOOR, CopyFloorBenchmark.class).payload(size).headline());
        }
        for (final String transport : List.of(Transports.ENTANGLE_SPIN, Transports.CHRONICLE))
        {
            rows.add(JmhRow.of(PAYLOAD, transport, PayloadBenchmark.class).param("transport", transport)
                .payload(1 << 10));
        }

        rows.addAll(SlicedRow.group(SLICED, 64, Transports.ENTANGLE_SPIN, Transports.ENTANGLE_BYTES,
            Transports.CHRONICLE, Transports.AGRONA));
        for (final int size : List.of(64 << 10, 1 << 20))
        {
            rows.addAll(SlicedRow.group(SLICED, size, Transports.ENTANGLE_SPIN, Transports.ENTANGLE_BYTES,
                COPY_FLOOR));
        }

        for (final int size : List.of(64 << 10, 1 << 20, 64 << 20))
        {
            rows.add(JmhRow.of(TRANSFER, TRANSFER_LABEL, ArrayBufferTransferBenchmark.class).payload(size).headline());
        }
        // The smaller copy floors are the payload table's rows; the transfer table shows them.
        rows.add(JmhRow.of(TRANSFER, COPY_FLOOR, CopyFloorBenchmark.class).payload(64 << 20));

        for (final String transport : STREAMING)
        {
            rows.add(JmhRow.of(THROUGHPUT, transport, ThroughputBenchmark.class).param("transport", transport)
                .payload(64).headline());
        }

        rows.add(JmhRow.of(SHARED_MEMORY, Transports.SHARED_ARRAY_BUFFER, SharedArrayBufferBenchmark.class)
            .payload(SharedArrayBufferBenchmark.COUNTER_BYTES));

        rows.add(JmhRow.of(REMOTE, REMOTE_CALL, RemoteCallBenchmark.class, "remoteCall").headline());
        rows.add(JmhRow.of(REMOTE, REMOTE_RECORD, RemoteCallBenchmark.class, "rawRoundTrip"));

        for (final int idle : List.of(0, 100, 1000, 10_000))
        {
            rows.add(JmhRow.of(IDLE_SCALE, "entangle-spin idle=" + idle + " doorbell", IdleScaleBenchmark.class)
                .param("idlePorts", Integer.toString(idle)));
        }
        for (final int idle : List.of(0, 100, 1000))
        {
            rows.add(JmhRow.of(IDLE_SCALE, "entangle-spin idle=" + idle + " no-doorbell",
                IdleScaleWithoutDoorbellBenchmark.class).param("idlePorts", Integer.toString(idle)));
        }

        rows.add(JmhRow.of(COUNTERS, COUNTERS_ON, CountersBenchmark.class).param("counters", "true").payload(64)
            .headline());
        rows.add(JmhRow.of(COUNTERS, COUNTERS_OFF, CountersBenchmark.class).param("counters", "false").payload(64)
            .headline());

        for (final String transport : List.of(Transports.ENTANGLE_SPIN, Transports.CHRONICLE))
        {
            rows.add(new FixedRateRow(FIXED_RATE, transport));
        }

        rows.add(JmhRow.of(BROADCAST, MESSAGE_PORT, RoundTripBenchmark.class).param("transport", MESSAGE_PORT)
            .payload(64));
        rows.add(JmhRow.of(BROADCAST_THROUGHPUT, MESSAGE_PORT, ThroughputBenchmark.class)
            .param("transport", MESSAGE_PORT).payload(64));
        for (final int receivers : List.of(1, 4))
        {
            rows.add(new BroadcastRow(BROADCAST, receivers, false));
            rows.add(new BroadcastRow(BROADCAST_THROUGHPUT, receivers, true));
        }
        rows.add(new CrossHostRow(CROSS_HOST, CrossHostRow.AERON));
        rows.add(new CrossHostRow(CROSS_HOST, CrossHostRow.BRIDGES));
        rows.add(new CrossHostRow(CROSS_HOST, CrossHostRow.AERON_YIELD));
        rows.add(new CrossHostRow(CROSS_HOST, CrossHostRow.BRIDGES_YIELD));
        return rows;
    }
}
