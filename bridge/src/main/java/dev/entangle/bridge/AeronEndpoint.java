package dev.entangle.bridge;

import io.aeron.Aeron;
import io.aeron.AvailableImageHandler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.UnavailableImageHandler;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FrameDescriptor;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The bridge's Aeron: a media driver embedded in the bridge's JVM and a client of it, both driven from the bridge's
 * thread in {@link ThreadingMode#INVOKER} mode (one thread for everything, for small hosts), or with the driver on
 * threads of its own; one subscription on this host's endpoint and one exclusive publication per other host, on one
 * stream, so a link's frames arrive in the order they were sent.
 */
final class AeronEndpoint implements AutoCloseable
{
    /** The one stream every link uses. */
    static final int STREAM_ID = 0x454E;

    private final BridgeSettings settings;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;

    AeronEndpoint(final BridgeSettings settings, final ErrorHandler errors)
    {
        this.settings = settings;
        final long timeout = settings.aeronTimeoutNanos();
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(settings.aeronDirectory().toString())
            .threadingMode(settings.threading())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            .termBufferSparseFile(true)
            .imageLivenessTimeoutNs(timeout)
            .publicationConnectionTimeoutNs(timeout)
            .timerIntervalNs(TimeUnit.MILLISECONDS.toNanos(100))
            .errorHandler(errors);
        if (settings.threading() != ThreadingMode.INVOKER)
        {
            driverContext.sharedIdleStrategy(new BackoffIdleStrategy())
                .conductorIdleStrategy(new BackoffIdleStrategy())
                .senderIdleStrategy(new BackoffIdleStrategy())
                .receiverIdleStrategy(new BackoffIdleStrategy());
        }
        this.driver = MediaDriver.launch(driverContext);
        this.driverInvoker = driver.sharedAgentInvoker();
        try
        {
            this.aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driverContext.aeronDirectoryName())
                .useConductorAgentInvoker(true)
                .driverAgentInvoker(driverInvoker)
                .errorHandler(errors));
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
        this.clientInvoker = aeron.conductorAgentInvoker();
    }

    /**
     * @return the largest message a link carries.
     */
    int maxMessage()
    {
        return FrameDescriptor.computeMaxMessageLength(settings.termLength());
    }

    /**
     * @return this host's subscription.
     */
    Subscription subscribe(final AvailableImageHandler available, final UnavailableImageHandler unavailable)
    {
        final Federation.Host self = settings.federation().selfHost();
        return aeron.addSubscription("aeron:udp?endpoint=" + self.endpoint(), STREAM_ID, available, unavailable);
    }

    /**
     * @return a publication to another host.
     */
    ExclusivePublication publish(final Federation.Host host)
    {
        return aeron.addExclusivePublication("aeron:udp?endpoint=" + host.endpoint() + "|term-length=" +
            settings.termLength() + "|mtu=" + settings.mtu(), STREAM_ID);
    }

    /**
     * Runs the driver's and the client's duty cycles, when they run on this thread.
     *
     * @return how much they did.
     */
    int invoke()
    {
        int work = 0;
        if (driverInvoker != null)
        {
            work += driverInvoker.invoke();
        }
        work += clientInvoker.invoke();
        return work;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}
