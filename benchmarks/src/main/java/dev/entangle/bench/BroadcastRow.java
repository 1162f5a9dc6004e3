package dev.entangle.bench;

import dev.entangle.BroadcastChannel;
import dev.entangle.Context;
import dev.entangle.JvmFlags;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A {@code BroadcastChannel} with one sender, in the driver's JVM, and receivers in JVMs of their own
 * ({@link BroadcastReceiver}); not JMH. Messages are 64-byte arrays stamped with the time of their post.
 * <ul>
 *     <li>Latency: one message at a time; each receiver records the time from the post to its listener and
 *     acknowledges, and the next message goes once every receiver has. The figures are those of every receiver's
 *     samples together; each receiver's p50 and p99 go to the log.</li>
 *     <li>Throughput: the sender posts windows of 1,000 and keeps at most two unacknowledged by any receiver, as the
 *     MessagePort throughput row does; the figure is messages posted per second, each delivered to every
 *     receiver.</li>
 * </ul>
 * Every loop of the sender's and the receivers' contexts uses a {@link YieldingIdleStrategy}, so that five JVMs on
 * a small machine share its CPUs.
 */
final class BroadcastRow implements Row
{
    private static final int PAYLOAD = 64;
    private static final int WINDOW = 1000;
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    private final Table table;
    private final int receivers;
    private final boolean throughput;
    private AtomicLongArray acked;
    private final LinkedBlockingQueue<List<?>> replies = new LinkedBlockingQueue<>();

    /**
     * @param table      the table the row appears in.
     * @param receivers  how many receiver JVMs.
     * @param throughput true to measure the sender's throughput, false the latency to the receivers.
     */
    BroadcastRow(final Table table, final int receivers, final boolean throughput)
    {
        this.table = table;
        this.receivers = receivers;
        this.throughput = throughput;
    }

    @Override
    public Table table()
    {
        return table;
    }

    @Override
    public String label()
    {
        return "broadcast to " + receivers + (receivers == 1 ? " receiver" : " receivers");
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
        final Path dir = LinkState.freshDirectory();
        final List<Process> processes = new ArrayList<>();
        acked = new AtomicLongArray(receivers);
        replies.clear();
        try (Context context = Context.builder().directory(dir).name(BroadcastReceiver.SENDER)
            .idleStrategy(new YieldingIdleStrategy()).open();
            BroadcastChannel channel = new BroadcastChannel(context, BroadcastReceiver.CHANNEL))
        {
            context.onMessage(event -> onReply((List<?>)event.data()));
            for (int i = 0; i < receivers; i++)
            {
                acked.set(i, -1);
                processes.add(launch(dir, i));
            }
            for (int i = 0; i < receivers; i++)
            {
                expect("ready");
            }
            final long warmupNs = profile.fixedRateWarmup().toNanos();
            final long measureNs = profile.fixedRateTime().toNanos();
            if (throughput)
            {
                channel.postMessage(List.of("ack-every", (long)WINDOW));
                final long[] sequence = {0};
                stream(channel, warmupNs, sequence);
                final long start = System.nanoTime();
                final long sent = stream(channel, measureNs, sequence);
                final double perSecond = sent * 1e9 / (System.nanoTime() - start);
                append(log, String.format(Locale.ROOT, "=== %s, fork %d: %d messages to %d receivers, %.0f/s%n",
                    id(), fork, sent, receivers, perSecond));
                return new Measurement(fork, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, sent, perSecond, Double.NaN, Double.NaN);
            }
            final long[] sequence = {0};
            pingFor(channel, warmupNs, sequence);
            channel.postMessage(List.of("measure"));
            pingFor(channel, measureNs, sequence);
            return Measurement.of(fork, collect(channel, fork, log));
        }
        finally
        {
            processes.forEach(Process::destroyForcibly);
            for (final Process process : processes)
            {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            LinkState.delete(dir);
        }
    }

    private void onReply(final List<?> reply)
    {
        if ("ack".equals(reply.get(0)))
        {
            acked.set((Integer)reply.get(1), (Long)reply.get(2));
        }
        else
        {
            replies.add(reply);
        }
    }

    /**
     * One message at a time for a while, each acknowledged by every receiver before the next.
     */
    private void pingFor(final BroadcastChannel channel, final long forNs, final long[] sequence)
    {
        final byte[] message = new byte[PAYLOAD];
        final ByteBuffer stamp = ByteBuffer.wrap(message);
        final long end = System.nanoTime() + forNs;
        do
        {
            final long n = sequence[0]++;
            stamp.putLong(8, n);
            stamp.putLong(0, System.nanoTime());
            channel.postMessage(message);
            awaitAcks(n);
        }
        while (System.nanoTime() - end < 0);
    }

    /**
     * Windows of messages for a while, at most two unacknowledged; the last is waited for.
     *
     * @return how many messages were posted.
     */
    private long stream(final BroadcastChannel channel, final long forNs, final long[] sequence)
    {
        final byte[] message = new byte[PAYLOAD];
        final ByteBuffer stamp = ByteBuffer.wrap(message);
        final long first = sequence[0];
        final long end = System.nanoTime() + forNs;
        do
        {
            for (int i = 0; i < WINDOW; i++)
            {
                stamp.putLong(8, sequence[0]++);
                stamp.putLong(0, System.nanoTime());
                channel.postMessage(message);
            }
            // The window before this one must be acknowledged by every receiver.
            awaitAcks(sequence[0] - WINDOW - 1);
        }
        while (System.nanoTime() - end < 0);
        awaitAcks(sequence[0] - 1);
        return sequence[0] - first;
    }

    private void awaitAcks(final long sequence)
    {
        if (sequence < 0)
        {
            return;
        }
        final long deadline = System.nanoTime() + WAIT_NS;
        for (int i = 0; i < receivers; i++)
        {
            while (acked.get(i) < sequence)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("receiver " + i + " acknowledged " + acked.get(i) +
                        ", not " + sequence);
                }
                Thread.yield();
            }
        }
    }

    /**
     * Asks every receiver for its histogram and adds them up; each one's figures go to the log.
     */
    private Histogram collect(final BroadcastChannel channel, final int fork, final Path log) throws Exception
    {
        channel.postMessage(List.of("report"));
        final Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < receivers; i++)
        {
            final List<?> report = expect("histogram");
            final Histogram one = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap((byte[])report.get(2)), TimeUnit.SECONDS.toNanos(60));
            lines.append(String.format(Locale.ROOT, "    receiver %s: %d messages, p50 %.2f us, p99 %.2f us, " +
                "skips %s%n", report.get(1), one.getTotalCount(), one.getValueAtPercentile(50) / 1e3,
                one.getValueAtPercentile(99) / 1e3, report.get(3)));
            total.add(one);
        }
        append(log, "=== " + id() + ", fork " + fork + "\n" + lines);
        return total;
    }

    private List<?> expect(final String kind) throws InterruptedException
    {
        final List<?> reply = replies.poll(WAIT_NS, TimeUnit.NANOSECONDS);
        if (reply == null || !kind.equals(reply.get(0)))
        {
            throw new IllegalStateException("expected " + kind + " from a receiver, got " + reply);
        }
        return reply;
    }

    private static Process launch(final Path dir, final int index)
    {
        final List<String> command = JvmFlags.childJvm();
        command.add("-Xmx256m");
        command.add(BenchFlags.PRE_TOUCH);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BroadcastReceiver.class.getName());
        command.add(dir.toString());
        command.add(Integer.toString(index));
        try
        {
            return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start a broadcast receiver", ex);
        }
    }

    private static void append(final Path log, final String text) throws IOException
    {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
