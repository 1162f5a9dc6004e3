package dev.entangle.bench;

import dev.entangle.bridge.LoopbackPorts;
import dev.entangle.Context;
import dev.entangle.JvmFlags;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;
import io.aeron.FragmentAssembler;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Not JMH: round trips of 64 bytes between two "hosts" on loopback, each with its own directory, Aeron directory
 * and UDP port. {@code entangle-bridges}: a MessagePort whose peer is on the other host, through both bridges
 * (context, bridge, UDP, bridge, context, and back). {@code aeron-udp}: raw Aeron UDP ping-pong between two JVMs
 * on the same ports, each with a media driver embedded as the bridges embed theirs. Back to back, every round trip
 * recorded.
 */
final class CrossHostRow implements Row
{
    /** The bridges' row. */
    static final String BRIDGES = "entangle-bridges";
    /** The bridges' row with every thread on the path yielding instead of parking when idle. */
    static final String BRIDGES_YIELD = "entangle-bridges yield";
    /** The raw Aeron row, the table's reference. */
    static final String AERON = "aeron-udp";
    /** Raw Aeron with both ends yielding instead of parking when idle. */
    static final String AERON_YIELD = "aeron-udp yield";

    private static final int PAYLOAD = 64;

    private final Table table;
    private final String label;

    CrossHostRow(final Table table, final String label)
    {
        this.table = table;
        this.label = label;
    }

    @Override
    public Table table()
    {
        return table;
    }

    @Override
    public String label()
    {
        return label;
    }

    @Override
    public int payloadBytes()
    {
        return PAYLOAD;
    }

    @Override
    public boolean isHeadline()
    {
        return false;
    }

    @Override
    public Measurement measure(final Profile profile, final int fork, final Path out, final Path log)
        throws Exception
    {
        final Path root = Files.createTempDirectory(Path.of("/dev/shm"), "entangle-crosshost-bench-");
        final List<Process> processes = new ArrayList<>();
        try
        {
            final String one = "127.0.0.1:" + LoopbackPorts.freeUdpPort();
            final String two = "127.0.0.1:" + LoopbackPorts.freeUdpPort();
            final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
            if (label.startsWith(BRIDGES))
            {
                bridges(root, one, two, processes, profile, histogram, BRIDGES_YIELD.equals(label));
            }
            else
            {
                final boolean yield = AERON_YIELD.equals(label);
                processes.add(launch("pong", root.resolve("aeron2").toString(), two, one, yield ? "yield" : "backoff"));
                try (CrossHostPeer.Endpoint ping = new CrossHostPeer.Endpoint(root.resolve("aeron1"), one, two, yield))
                {
                    aeron(ping, profile.fixedRateWarmup(), null);
                    aeron(ping, profile.fixedRateTime(), histogram);
                }
            }
            return Measurement.of(fork, histogram);
        }
        finally
        {
            for (final Process process : processes)
            {
                process.destroy();
                process.waitFor();
            }
            try (var files = Files.walk(root))
            {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void bridges(final Path root, final String one, final String two, final List<Process> processes,
        final Profile profile, final Histogram histogram, final boolean yield) throws Exception
    {
        final Path federation = root.resolve("federation");
        Files.write(federation, List.of(
            "host host1 " + one + " directory=" + root.resolve("host1") + " aeron-dir=" + root.resolve("aeron1"),
            "host host2 " + two + " directory=" + root.resolve("host2") + " aeron-dir=" + root.resolve("aeron2"),
            "route bench-echo host2",
            "set bridge.term.length 1m",
            "set bridge.idle " + (yield ? "yield" : "backoff")));
        processes.add(launch("bridge", federation.toString(), "host1"));
        processes.add(launch("bridge", federation.toString(), "host2"));
        processes.add(launch("echo", root.resolve("host2").toString(), yield ? "yield" : "backoff"));
        final Context.Builder builder = Context.builder().directory(root.resolve("host1")).name("bench-ping");
        if (yield)
        {
            builder.idleStrategy(new YieldingIdleStrategy());
        }
        try (Context context = builder.open())
        {
            final MessageChannel channel = new MessageChannel(context);
            context.window("bench-echo").postMessage("echo", "*", List.of(channel.port2()));
            final MessagePort port = channel.port1();
            final byte[] payload = new byte[PAYLOAD];
            roundTrips(port, payload, profile.fixedRateWarmup(), null);
            roundTrips(port, payload, profile.fixedRateTime(), histogram);
        }
    }

    private static void roundTrips(final MessagePort port, final byte[] payload, final Duration time,
        final Histogram histogram)
    {
        final long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end)
        {
            final long start = System.nanoTime();
            port.postMessage(payload);
            final Optional<MessageEvent> echo = port.receiveMessage(Duration.ofSeconds(30));
            if (echo.isEmpty())
            {
                throw new IllegalStateException("no echo across the bridges within 30 s");
            }
            if (histogram != null)
            {
                histogram.recordValue(System.nanoTime() - start);
            }
        }
    }

    private static void aeron(final CrossHostPeer.Endpoint ping, final Duration time, final Histogram histogram)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD]);
        final boolean[] received = new boolean[1];
        final FragmentAssembler onEcho = new FragmentAssembler((buffer, offset, length, header) -> received[0] = true);
        final long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end)
        {
            final long start = System.nanoTime();
            while (ping.publication.offer(payload, 0, PAYLOAD) < 0)
            {
                ping.idle.idle(ping.invoke());
            }
            received[0] = false;
            while (!received[0])
            {
                ping.idle.idle(ping.invoke() + ping.subscription.poll(onEcho, 1));
            }
            if (histogram != null)
            {
                histogram.recordValue(System.nanoTime() - start);
            }
        }
    }

    private static Process launch(final String... args) throws IOException
    {
        final List<String> command = JvmFlags.childJvm();
        command.add("-Xmx256m");
        command.add(BenchFlags.PRE_TOUCH);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrossHostPeer.class.getName());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !"ready".equals(line))
        {
            // Its start-up lines.
        }
        if (line == null)
        {
            throw new IllegalStateException("the cross-host peer " + args[0] + " ended before it was ready");
        }
        final Thread drain = new Thread(() ->
        {
            try
            {
                while (out.readLine() != null)
                {
                    // Kept flowing so the peer never blocks on a full pipe.
                }
            }
            catch (final IOException ignore)
            {
                // The peer ended.
            }
        }, "cross-host-peer-output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }

}
