package dev.entangle.bridge;

import dev.entangle.internal.federation.RouteCache;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.runtime.RuntimeSettings;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.aeron.FragmentAssembler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One host's bridge: it joins the host's directory as an ordinary participant (one name per other host, whose
 * inbox takes the window messages for that host), publishes the federation's routes there so that contexts post to
 * those inboxes, and runs one link per other host over Aeron UDP. Not thread-safe: {@link #doWork()} runs on one
 * thread, which also drives the embedded media driver when its threading mode is {@code invoker}.
 */
public final class Bridge implements AutoCloseable
{
    private static final long UPKEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final BridgeSettings settings;
    private final DirectoryRuntime runtime;
    private final AeronEndpoint aeron;
    private final Subscription subscription;
    private final InboxDelivery delivery;
    private final Map<String, Link> links = new HashMap<>();
    private final List<Link> linkList = new ArrayList<>();
    private final Map<String, Set<String>> addresses = new HashMap<>();
    private final Int2ObjectHashMap<Link> sessions = new Int2ObjectHashMap<>();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final long incarnation;
    private long nextUpkeepNanos;

    /**
     * Joins the directory and starts the links.
     *
     * @param settings the bridge's settings.
     * @throws IllegalStateException when another bridge holds the bridge's names in the directory.
     */
    public Bridge(final BridgeSettings settings)
    {
        this.settings = settings;
        this.incarnation = ProcessLiveness.SELF_PID << 32 ^ System.nanoTime() ^ ProcessLiveness.SELF_START;
        this.runtime = DirectoryRuntime.acquire(settings.directory(), new RuntimeSettings(
            TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.MINUTES.toNanos(1), TimeUnit.MINUTES.toMillis(10)));
        final LaneSettings laneSettings = new LaneSettings(64 << 10, TimeUnit.SECONDS.toNanos(1), true);
        this.delivery = new InboxDelivery(runtime, laneSettings);
        AeronEndpoint endpoint = null;
        try
        {
            endpoint = new AeronEndpoint(settings, this::onError);
            this.aeron = endpoint;
            for (final Federation.Host host : settings.federation().hosts().values())
            {
                addresses.put(host.id(), resolve(host.address()));
                if (host.id().equals(settings.federation().self()))
                {
                    continue;
                }
                final Participant participant = new Participant(runtime,
                    Federation.inboxName(settings.name(), host.id()));
                final Splices splices = new Splices(runtime, participant, laneSettings, this::log);
                final Link link = new Link(host, settings, incarnation, participant, splices,
                    new Outlet(endpoint.publish(host)), delivery, this::log);
                links.put(host.id(), link);
                linkList.add(link);
            }
            this.subscription = endpoint.subscribe(this::onAvailableImage, image -> { });
            publishRoutes(endpoint.maxMessage() - Wire.MAX_OVERHEAD);
        }
        catch (final RuntimeException ex)
        {
            linkList.forEach(CloseHelper::quietClose);
            CloseHelper.quietClose(endpoint);
            runtime.release();
            throw ex;
        }
        log("bridge of host " + settings.federation().self() + " at " + settings.federation().selfHost().endpoint() +
            " joined " + settings.directory() + "; links to " + links.keySet());
    }

    private void publishRoutes(final int maxMessage)
    {
        final java.nio.file.Path folder = runtime.layout().bridge();
        SafeFiles.createDirectory(folder);
        try
        {
            RouteCache.publish(folder, settings.federation().routeTable(settings.name(), maxMessage));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot publish the routes in " + folder, ex);
        }
    }

    private static Set<String> resolve(final String address)
    {
        final Set<String> resolved = new HashSet<>();
        try
        {
            for (final InetAddress one : InetAddress.getAllByName(address))
            {
                resolved.add(one.getHostAddress());
            }
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("cannot resolve the host address " + address, ex);
        }
        return resolved;
    }

    /**
     * One duty cycle: Aeron's work, what arrived, what each link sends, and now and then the periodic checks.
     *
     * @return how much was done; 0 lets the caller idle.
     */
    public int doWork()
    {
        int work = aeron.invoke();
        work += subscription.poll(assembler, 64);
        final long now = System.nanoTime();
        for (int i = 0; i < linkList.size(); i++)
        {
            work += linkList.get(i).doWork(now);
        }
        if (now - nextUpkeepNanos >= 0)
        {
            nextUpkeepNanos = now + UPKEEP_NANOS;
            for (int i = 0; i < linkList.size(); i++)
            {
                linkList.get(i).upkeep(now);
            }
            delivery.upkeep(now);
        }
        return work;
    }

    /**
     * @param host another host's id.
     * @return true while its bridge is heard.
     */
    public boolean isUp(final String host)
    {
        final Link link = links.get(host);
        return link != null && link.isUp();
    }

    private void onAvailableImage(final Image image)
    {
        final Link link = sessions.get(image.sessionId());
        if (link != null)
        {
            link.onNewImage();
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long now = System.nanoTime();
        if (Wire.type(buffer, offset) == Wire.HELLO)
        {
            onHello(buffer, offset, length, header, now);
            return;
        }
        final Link link = sessions.get(header.sessionId());
        if (link != null)
        {
            link.onFrame(buffer, offset, length, now);
        }
    }

    private void onHello(final DirectBuffer buffer, final int offset, final int length, final Header header,
        final long now)
    {
        final String host;
        try
        {
            host = Wire.getString(buffer, offset + Wire.HELLO_HOST, offset + length);
        }
        catch (final IllegalArgumentException ex)
        {
            return;
        }
        final Link link = links.get(host);
        if (link == null || !fromHost(header.sessionId(), host))
        {
            // Bridges ignore senders that are not in the federation file (a misconfiguration, not a defence).
            return;
        }
        link.stamp(Wire.resyncHonoured(buffer, offset));
        final Link bound = sessions.put(header.sessionId(), link);
        if (bound != link)
        {
            link.onNewImage();
        }
        link.onHello((Wire.flags(buffer, offset) & Wire.RESYNC) != 0,
            Wire.getLong(buffer, offset + Wire.HELLO_INCARNATION), Wire.getLong(buffer, offset + Wire.HELLO_DEATHS),
            Wire.getLong(buffer, offset + Wire.HELLO_INBOX), Wire.getInt(buffer, offset + Wire.HELLO_WANTED), now);
    }

    private boolean fromHost(final int sessionId, final String host)
    {
        final Image image = subscription.imageBySessionId(sessionId);
        if (image == null)
        {
            return false;
        }
        final String source = image.sourceIdentity();
        final int colon = source.lastIndexOf(':');
        String address = colon > 0 ? source.substring(0, colon) : source;
        if (address.startsWith("[") && address.endsWith("]"))
        {
            address = address.substring(1, address.length() - 1);
        }
        final boolean known = addresses.get(host).contains(address);
        if (!known)
        {
            log("ignoring a HELLO that says host " + host + " from " + source + ", not its address in the " +
                "federation file");
        }
        return known;
    }

    void log(final String message)
    {
        System.out.println(LocalTime.now() + " [bridge " + settings.federation().self() + "] " + message);
    }

    void onError(final Throwable error)
    {
        System.err.println(LocalTime.now() + " [bridge " + settings.federation().self() + "] error: " + error);
        error.printStackTrace(System.err);
        if (!linkList.isEmpty())
        {
            try
            {
                linkList.get(0).participant().recordError(error);
            }
            catch (final RuntimeException ignore)
            {
                // The log is a convenience; the error was printed.
            }
        }
    }

    /**
     * Closes every spliced port (their local peers see {@code close}), leaves the directory and stops Aeron. The
     * routes stay published, so that a routed name is not opened here while the bridge restarts.
     */
    @Override
    public void close()
    {
        linkList.forEach(CloseHelper::quietClose);
        delivery.close();
        CloseHelper.quietClose(aeron);
        runtime.release();
    }
}
