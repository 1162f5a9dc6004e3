package dev.entangle.bench.transport;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Aeron IPC ({@code aeron:ipc}) through a media driver embedded in the echo peer, its one shared thread sleeping
 * when idle (IPC needs no driver work on the message path). 4 MiB terms: the default 64 MiB walks fresh pages.
 */
public final class AeronLink implements Link
{
    private static final String CHANNEL = "aeron:ipc?term-length=4m";
    private static final int PING_STREAM = 1001;
    private static final int PONG_STREAM = 1002;

    private final Aeron aeron;
    private final Publication publication;
    private final Subscription subscription;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[0]);
    private final FragmentHandler onFragment = (buffer, offset, length, header) -> received(buffer, offset, length);
    /** The echo peer's process, on the benchmark's side; null on the echo side. */
    private final EchoProcess echo;
    private byte[] wrapped;
    private int lastLength;
    private Publication echoTo;

    private AeronLink(final Path aeronDir, final int outStream, final int inStream, final EchoProcess echo)
    {
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir.toString()));
        this.publication = aeron.addExclusivePublication(CHANNEL, outStream);
        this.subscription = aeron.addSubscription(CHANNEL, inStream);
        this.echo = echo;
        int looks = 0;
        while (!publication.isConnected() || !subscription.isConnected())
        {
            looks = EchoWait.spin(looks, echo);
        }
    }

    static AeronLink connect(final Path dir, final int maxPayload, final EchoProcess echo)
    {
        return new AeronLink(dir.resolve("aeron"), PING_STREAM, PONG_STREAM, echo);
    }

    static AutoCloseable serve(final Path dir, final int maxPayload)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final Thread[] loop = new Thread[1];
        final AeronLink[] side = new AeronLink[1];
        final Thread connecting = new Thread(() ->
        {
            side[0] = new AeronLink(dir.resolve("aeron"), PONG_STREAM, PING_STREAM, null);
            side[0].echoTo = side[0].publication;
            while (!Thread.currentThread().isInterrupted())
            {
                side[0].subscription.poll(side[0].onFragment, 16);
            }
        }, "aeron-echo");
        connecting.setDaemon(true);
        connecting.start();
        loop[0] = connecting;
        return () ->
        {
            loop[0].interrupt();
            loop[0].join(1000);
            if (side[0] != null)
            {
                side[0].close();
            }
            CloseHelper.close(driver);
        };
    }

    private void received(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        lastLength = length;
        if (echoTo != null)
        {
            EchoPeer.METER.onMessage();
            while (echoTo.offer(buffer, offset, length) < 0)
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
        while (publication.offer(sendBuffer, 0, length) < 0)
        {
            looks = EchoWait.spin(looks, echo);
        }
    }

    @Override
    public int receive()
    {
        int looks = 0;
        while (subscription.poll(onFragment, 1) == 0)
        {
            looks = EchoWait.spin(looks, echo);
        }
        return lastLength;
    }

    @Override
    public EchoProcess echo()
    {
        return echo;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(publication, subscription, aeron);
        if (echo != null)
        {
            echo.close();
        }
    }
}
