package dev.entangle;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per JVM that looks after what no event fires for: calls still pending on a port that was
 * closed here, or whose context closed (a port closed here gets no {@code close} event), and proxies of objects
 * passed by reference that were garbage collected (their ports are closed, so the other side lets the object go).
 */
final class RemoteWatch
{
    private static final long INTERVAL_MS = 100;
    private static final List<WeakReference<RemoteEndpoint>> ENDPOINTS = new ArrayList<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
    private static final Set<Released> RELEASES = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    private RemoteWatch()
    {
    }

    static void watch(final RemoteEndpoint endpoint)
    {
        synchronized (ENDPOINTS)
        {
            ENDPOINTS.add(new WeakReference<>(endpoint));
            if (thread == null)
            {
                thread = new Thread(RemoteWatch::run, "entangle-remote-watch");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    static void releaseWhenUnreachable(final Object proxy, final RemoteEndpoint endpoint)
    {
        RELEASES.add(new Released(proxy, endpoint));
    }

    private static void run()
    {
        while (true)
        {
            try
            {
                Reference<?> collected = COLLECTED.remove(INTERVAL_MS);
                while (collected != null)
                {
                    if (RELEASES.remove(collected))
                    {
                        ((Released)collected).endpoint.release();
                    }
                    collected = COLLECTED.poll();
                }
                for (final RemoteEndpoint endpoint : live())
                {
                    if (endpoint.hasPending())
                    {
                        endpoint.failPending();
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final RuntimeException ex)
            {
                // A port that fails to close must not stop the watch for the others.
                sleep();
            }
        }
    }

    private static List<RemoteEndpoint> live()
    {
        final List<RemoteEndpoint> live = new ArrayList<>();
        synchronized (ENDPOINTS)
        {
            final Iterator<WeakReference<RemoteEndpoint>> it = ENDPOINTS.iterator();
            while (it.hasNext())
            {
                final RemoteEndpoint endpoint = it.next().get();
                if (endpoint == null)
                {
                    it.remove();
                }
                else
                {
                    live.add(endpoint);
                }
            }
        }
        return live;
    }

    private static void sleep()
    {
        try
        {
            TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells an endpoint that the proxy of its port was collected; must not refer to the proxy. */
    private static final class Released extends PhantomReference<Object>
    {
        final RemoteEndpoint endpoint;

        Released(final Object proxy, final RemoteEndpoint endpoint)
        {
            super(proxy, COLLECTED);
            this.endpoint = endpoint;
        }
    }
}
