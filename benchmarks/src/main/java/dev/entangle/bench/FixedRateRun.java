package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Latency at a fixed offered rate, without coordinated omission: each message carries the time it was meant to be
 * sent, so when the sender falls behind, the wait it would have caused counts against the transport. Round trips
 * to the echo peer are recorded in an HdrHistogram, interval by interval into a {@code .hlog} file.
 */
final class FixedRateRun
{
    private final String transport;
    private final int ratePerSecond;
    private final long warmupNs;
    private final long durationNs;

    FixedRateRun(final String transport, final int ratePerSecond, final Duration warmup, final Duration duration)
    {
        this.transport = transport;
        this.ratePerSecond = ratePerSecond;
        this.warmupNs = warmup.toNanos();
        this.durationNs = duration.toNanos();
    }

    /**
     * @param hlog where the interval histograms go.
     * @return the whole measured period's histogram, in nanoseconds.
     */
    Histogram run(final Path hlog) throws FileNotFoundException
    {
        final Path dir = LinkState.freshDirectory();
        try (Link link = Transports.open(transport, dir, 64);
             PrintStream log = new PrintStream(hlog.toFile()))
        {
            pace(link, warmupNs, null, null);
            final HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputComment("fixed rate " + ratePerSecond + "/s round trips, 64 B, transport " + transport);
            writer.outputLogFormatVersion();
            writer.outputStartTime(System.currentTimeMillis());
            writer.outputLegend();
            final Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            pace(link, durationNs, writer, total);
            return total;
        }
        finally
        {
            LinkState.delete(dir);
        }
    }

    private void pace(final Link link, final long forNs, final HistogramLogWriter writer, final Histogram total)
    {
        final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(10), 3);
        final byte[] payload = new byte[64];
        final ByteBuffer stamp = ByteBuffer.wrap(payload);
        final long intervalNs = 1_000_000_000L / ratePerSecond;
        final long start = System.nanoTime();
        final long end = start + forNs;
        long nextSend = start;
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long sent = 0;
        long received = 0;
        Histogram interval = null;
        while (true)
        {
            final long now = System.nanoTime();
            if (now - nextSend >= 0 && nextSend - end < 0)
            {
                stamp.putLong(0, nextSend);
                link.send(payload, payload.length);
                nextSend += intervalNs;
                sent++;
            }
            long stamped;
            while ((stamped = link.pollStamp()) >= 0)
            {
                recorder.recordValue(Math.max(0, System.nanoTime() - stamped));
                received++;
            }
            if (writer != null && now - nextReport >= 0)
            {
                interval = recorder.getIntervalHistogram(interval);
                writer.outputIntervalHistogram(interval);
                total.add(interval);
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            if (nextSend - end >= 0 && received == sent)
            {
                break;
            }
            if (now - end > TimeUnit.SECONDS.toNanos(30))
            {
                throw new IllegalStateException("only " + received + " of " + sent + " echoes came back");
            }
        }
        if (writer != null)
        {
            interval = recorder.getIntervalHistogram(interval);
            writer.outputIntervalHistogram(interval);
            total.add(interval);
        }
    }
}
