package dev.entangle.bench.transport;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Raw Chronicle Queue with the settings Entangle uses: one queue each way, an appender on one side and a tailer
 * spinning on the other.
 */
public final class ChronicleLink implements Link
{
    private final SingleChronicleQueue out;
    private final SingleChronicleQueue in;
    private final ExcerptAppender appender;
    private final ExcerptTailer tailer;
    private final byte[] scratch;
    /** The echo peer's process, on the benchmark's side; null on the echo side. */
    private final EchoProcess echo;

    private ChronicleLink(final Path outPath, final Path inPath, final int maxPayload, final EchoProcess echo)
    {
        this.out = queue(outPath);
        this.in = queue(inPath);
        this.appender = out.createAppender();
        this.tailer = in.createTailer();
        this.scratch = new byte[maxPayload];
        this.echo = echo;
    }

    static SingleChronicleQueue queue(final Path path)
    {
        return SingleChronicleQueueBuilder.binary(path)
            .blockSize(128L << 20)
            .rollCycle(RollCycles.FAST_DAILY)
            .build();
    }

    static ChronicleLink connect(final Path dir, final int maxPayload, final EchoProcess echo)
    {
        return new ChronicleLink(dir.resolve("ping"), dir.resolve("pong"), maxPayload, echo);
    }

    static AutoCloseable serve(final Path dir, final int maxPayload)
    {
        final ChronicleLink side = new ChronicleLink(dir.resolve("pong"), dir.resolve("ping"), maxPayload, null);
        final int ackEvery = EchoPeer.ackEvery();
        final Thread loop = EchoPeer.spinInBackground("chronicle-echo", () ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                final int length = side.poll();
                if (length < 0)
                {
                    EchoPause.idle();
                }
                else if (EchoPeer.METER.onMessage() % ackEvery == 0)
                {
                    side.send(side.scratch, length);
                }
            }
        });
        return () ->
        {
            loop.interrupt();
            loop.join(1000);
        };
    }

    @Override
    public void send(final byte[] payload, final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(payload, 0, length);
        }
    }

    @Override
    public int receive()
    {
        int length;
        int looks = 0;
        while ((length = poll()) < 0)
        {
            looks = EchoWait.spin(looks, echo);
        }
        return length;
    }

    /** Reads one message into the scratch array, if one waits. Also used by the throughput benchmark. */
    int poll()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            bytes.read(scratch, 0, length);
            return length;
        }
    }

    @Override
    public long pollStamp()
    {
        return poll() < 0 ? -1 : java.nio.ByteBuffer.wrap(scratch).getLong(0);
    }

    @Override
    public EchoProcess echo()
    {
        return echo;
    }

    @Override
    public void close()
    {
        appender.close();
        tailer.close();
        out.close();
        in.close();
        if (echo != null)
        {
            echo.close();
        }
    }
}
