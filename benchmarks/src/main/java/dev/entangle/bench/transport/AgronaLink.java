package dev.entangle.bench.transport;

import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Agrona's OneToOneRingBuffer over a memory-mapped file each way: the floor for messaging through shared memory.
 */
public final class AgronaLink implements Link
{
    private static final int MESSAGE_TYPE = 1;

    private final MappedByteBuffer outMapped;
    private final MappedByteBuffer inMapped;
    private final OneToOneRingBuffer out;
    private final OneToOneRingBuffer in;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[0]);
    private final MessageHandler onMessage = (type, buffer, index, length) -> received(buffer, index, length);
    /** The echo peer's process, on the benchmark's side; null on the echo side. */
    private final EchoProcess echo;
    private byte[] wrapped;
    private int lastLength;
    private OneToOneRingBuffer echoTo;
    private int ackEvery = 1;

    private AgronaLink(final File outFile, final File inFile, final int maxPayload, final EchoProcess echo)
    {
        final int capacity = capacity(maxPayload);
        this.outMapped = map(outFile, capacity);
        this.inMapped = map(inFile, capacity);
        this.out = new OneToOneRingBuffer(new UnsafeBuffer(outMapped));
        this.in = new OneToOneRingBuffer(new UnsafeBuffer(inMapped));
        this.echo = echo;
    }

    /**
     * Sixteen times the largest message, because a ring takes messages of up to an eighth of its capacity, and at
     * least 4 MiB so a stream of small messages rarely waits.
     */
    static int capacity(final int maxPayload)
    {
        return BitUtil.findNextPositivePowerOfTwo(Math.max(4 << 20, maxPayload * 16)) +
            RingBufferDescriptor.TRAILER_LENGTH;
    }

    private static MappedByteBuffer map(final File file, final int length)
    {
        return file.exists() ? IoUtil.mapExistingFile(file, file.getName()) : IoUtil.mapNewFile(file, length);
    }

    static AgronaLink connect(final Path dir, final int maxPayload, final EchoProcess echo)
    {
        return new AgronaLink(dir.resolve("ping.rb").toFile(), dir.resolve("pong.rb").toFile(), maxPayload, echo);
    }

    static AutoCloseable serve(final Path dir, final int maxPayload)
    {
        final AgronaLink side = new AgronaLink(
            dir.resolve("pong.rb").toFile(), dir.resolve("ping.rb").toFile(), maxPayload, null);
        side.echoTo = side.out;
        side.ackEvery = EchoPeer.ackEvery();
        final Thread loop = EchoPeer.spinInBackground("agrona-echo", () ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                if (side.in.read(side.onMessage, 16) == 0)
                {
                    EchoPause.idle();
                }
            }
        });
        return () ->
        {
            loop.interrupt();
            loop.join(1000);
        };
    }

    private void received(final org.agrona.MutableDirectBuffer buffer, final int index, final int length)
    {
        lastLength = length;
        if (echoTo != null && EchoPeer.METER.onMessage() % ackEvery == 0)
        {
            while (!echoTo.write(MESSAGE_TYPE, buffer, index, length))
            {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void send(final byte[] payload, final int length)
    {
        if (payload != wrapped)
        {
            sendBuffer.wrap(payload);
            wrapped = payload;
        }
        int looks = 0;
        while (!out.write(MESSAGE_TYPE, sendBuffer, 0, length))
        {
            looks = EchoWait.spin(looks, echo);
        }
    }

    @Override
    public int receive()
    {
        int looks = 0;
        while (in.read(onMessage, 1) == 0)
        {
            looks = EchoWait.spin(looks, echo);
        }
        return lastLength;
    }

    /** Reads what waits, up to a limit; the throughput benchmark's receiver. */
    int drain(final int limit)
    {
        return in.read(onMessage, limit);
    }

    @Override
    public EchoProcess echo()
    {
        return echo;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(outMapped);
        IoUtil.unmap(inMapped);
        if (echo != null)
        {
            echo.close();
        }
    }
}
