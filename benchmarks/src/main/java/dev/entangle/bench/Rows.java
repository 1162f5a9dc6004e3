package dev.entangle.bench;

import dev.entangle.bench.transport.Transports;

import java.util.ArrayList;
import java.util.List;

/**
 * Every table and row of the comparison, in the order of the report. The driver runs exactly these.
 * <p>
 * Adding a row: write its benchmark class (usually a subclass of {@link RoundTripState} that overrides what
 * differs, or a {@link ForkedBenchmark} with one {@code @Benchmark} method) and add one line to {@link #all()}:
 * <pre>{@code
 * rows.add(JmhRow.of(TRANSFER, "entangle-spin", ArrayBufferTransferBenchmark.class).payload(64 << 20));
 * }</pre>
 * A new table is one more constant here and in {@link #TABLES}. A row that is not a JMH benchmark implements
 * {@link Row} itself, as {@link FixedRateRow} does. Rows get the profile's headline forks only when marked
 * {@code headline()}.
 */
final class Rows
{
    /** Entangle's MessagePort, the reference of most tables. */
    static final String MESSAGE_PORT = Transports.ENTANGLE_SPIN;
    /** The copy floor's label in the payload table. */
    static final String COPY_FLOOR = "copy-floor";

    /** Every transport's 64-byte round trip. */
    static final Table ROUND_TRIP = new Table("round_trip", "Round trip between two JVMs, 64 B",
        Table.Kind.LATENCY, MESSAGE_PORT, false,
        "Every transport with its echo peer in a second JVM. The `String(32)` row is MessagePort carrying a " +
        "32-character `String` instead of a 64-byte `byte[]`.");
    /** Large messages, with the copy floor beside them. */
    static final Table PAYLOAD = new Table("payload", "Payload round trips",
        Table.Kind.LATENCY, MESSAGE_PORT, true,
        "Each size is compared with MessagePort of the same size. `copy-floor` is the same payload copied, in one " +
        "JVM, from the heap into memory mapped from a file in `/dev/shm` and out into a new `byte[]`, there and " +
        "back: what no transport that hands the receiver its own array can beat; its ratio is MessagePort ÷ " +
        "copy-floor.");
    /** Messages per second one way. */
    static final Table THROUGHPUT = new Table("throughput", "One-way throughput, 64 B",
        Table.Kind.THROUGHPUT, MESSAGE_PORT, false,
        "The receiver acknowledges every 1,000th message and the sender keeps at most two windows " +
        "unacknowledged. Here a ratio below 1 means MessagePort carries fewer messages per second.");
    /** MessagePort while the echo peer's context holds many idle ports. */
    static final Table IDLE_SCALE = new Table("idle_scale",
        "Idle ports in the echo peer's context (doorbell on, and off)", Table.Kind.LATENCY,
        "entangle-spin idle=0 doorbell", false,
        "MessagePort round trips, 64 B; reference: no idle port, doorbell on.");
    /** MessagePort with and without the pre-faulter. */
    static final Table FAST_PATH = new Table("fast_path", "Pre-faulter on and off",
        Table.Kind.LATENCY, "entangle-spin prefault=true", false,
        "MessagePort round trips, 64 B; reference: pre-faulter on (the default).");
    /** Round trips sent on a schedule. */
    static final Table FIXED_RATE = new Table("fixed_rate_100k",
        "Fixed rate, 100,000 round trips/s, corrected for coordinated omission",
        Table.Kind.LATENCY, MESSAGE_PORT, false,
        "Not JMH: an HdrHistogram of every round trip, sent on a schedule; histograms in " +
        "`fixed-rate-<transport>.hlog`.");

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
    static final List<Table> TABLES = List.of(ROUND_TRIP, PAYLOAD, THROUGHPUT, IDLE_SCALE, FAST_PATH, FIXED_RATE,
        BROADCAST, BROADCAST_THROUGHPUT, CROSS_HOST);

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

        for (final int size : List.of(64 << 10, 1 << 20))
        {
            for (final String transport : STREAMING)
            {
                rows.add(JmhRow.of(PAYLOAD, transport, PayloadBenchmark.class).param("transport", transport)
                    .payload(size).headline());
            }
            rows.add(JmhRow.of(PAYLOAD, COPY_FLOOR, CopyFloorBenchmark.class).payload(size).headline());
        }
        for (final String transport : List.of(Transports.ENTANGLE_SPIN, Transports.CHRONICLE))
        {
            rows.add(JmhRow.of(PAYLOAD, transport, PayloadBenchmark.class).param("transport", transport)
                .payload(1 << 10));
        }

        for (final String transport : STREAMING)
        {
            rows.add(JmhRow.of(THROUGHPUT, transport, ThroughputBenchmark.class).param("transport", transport)
                .payload(64).headline());
        }

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

        for (final String prefault : List.of("true", "false"))
        {
            rows.add(JmhRow.of(FAST_PATH, "entangle-spin prefault=" + prefault, FastPathBenchmark.class)
                .param("prefault", prefault));
        }

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
