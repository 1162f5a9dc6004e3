package dev.entangle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The interfaces and objects the Remote tests call, in one JVM and across JVMs. Public, so that a worker or a
 * child JVM can make them.
 */
public final class RemoteFixtures
{
    private RemoteFixtures()
    {
    }

    /** A record the serving and calling contexts must allow. */
    public record Point(int x, int y)
    {
    }

    /** A callback, passed by reference. */
    public interface Listener
    {
        void changed(String key, String value);
    }

    /** A callback that answers, passed by reference. */
    public interface Progress
    {
        CompletableFuture<Integer> step(int done);
    }

    /** The service the tests call. */
    public interface Store
    {
        void put(String key, String value);

        String get(String key);

        CompletableFuture<Integer> size();

        int add(int a, int b);

        String[] keys();

        List<Object> echo(List<Object> values);

        Point mirror(Point p);

        /** Answers once {@link #open()} is called: the target returns a future that completes then. */
        CompletableFuture<String> whenOpen(String key);

        void open();

        /** Blocks the serving event loop until {@link KeyValueStore#unblock()} or its process ends. */
        String block(String key);

        void fail(String message);

        CompletableFuture<Void> failAndWait(String message);

        String explode(String message) throws IOException;

        CompletableFuture<String> explodeLater(String message);

        void watch(Listener listener);

        void forget();

        CompletableFuture<Integer> count(int upTo, Progress progress);

        Object notCloneable();

        long calls();

        int pid();
    }

    /** A caller's view of {@link Store#whenOpen} that waits for the result the target gives as a future. */
    public interface WaitingStore
    {
        String whenOpen(String key);
    }

    /** A caller's view of {@link Store#block} that does not wait, so the caller can go on while the loop blocks. */
    public interface Blocker
    {
        CompletableFuture<String> block(String key);
    }

    /** An interface whose methods the store does not have. */
    public interface Unrelated
    {
        String missing(String what);
    }

    /** Something that may take a listener, typed as a class. */
    public interface Untyped
    {
        void take(Object anything);

        void takeAll(List<Object> things);
    }

    /** The served object: a key-value store that tells its listener about changes. */
    public static class KeyValueStore implements Store, Untyped
    {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<Listener> listeners = new ArrayList<>();
        private final CountDownLatch blocked = new CountDownLatch(1);
        private CompletableFuture<Void> opened = new CompletableFuture<>();
        /** Written on the serving loop only; read by tests on other threads. */
        private volatile long calls;

        @Override
        public void put(final String key, final String value)
        {
            calls++;
            values.put(key, value);
            for (final Listener listener : listeners)
            {
                listener.changed(key, value);
            }
        }

        @Override
        public String get(final String key)
        {
            calls++;
            return values.get(key);
        }

        @Override
        public CompletableFuture<Integer> size()
        {
            calls++;
            return CompletableFuture.completedFuture(values.size());
        }

        @Override
        public int add(final int a, final int b)
        {
            calls++;
            return a + b;
        }

        @Override
        public String[] keys()
        {
            calls++;
            return values.keySet().toArray(new String[0]);
        }

        @Override
        public List<Object> echo(final List<Object> values)
        {
            calls++;
            return values;
        }

        @Override
        public Point mirror(final Point p)
        {
            calls++;
            return new Point(-p.x(), -p.y());
        }

        @Override
        public CompletableFuture<String> whenOpen(final String key)
        {
            calls++;
            return opened.thenApply(ignored -> "open: " + key);
        }

        @Override
        public void open()
        {
            calls++;
            opened.complete(null);
            opened = new CompletableFuture<>();
        }

        @Override
        public String block(final String key)
        {
            calls++;
            try
            {
                blocked.await(5, TimeUnit.MINUTES);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return "unblocked " + key;
        }

        /** Lets {@link #block} return. */
        public void unblock()
        {
            blocked.countDown();
        }

        @Override
        public void fail(final String message)
        {
            calls++;
            throw new IllegalArgumentException(message);
        }

        @Override
        public CompletableFuture<Void> failAndWait(final String message)
        {
            calls++;
            throw new IllegalArgumentException(message);
        }

        @Override
        public String explode(final String message) throws IOException
        {
            calls++;
            final IllegalStateException suppressed = new IllegalStateException("also " + message);
            final IOException failure = new IOException(message, new UncheckedIOException(
                new IOException("disk full")));
            failure.addSuppressed(suppressed);
            throw failure;
        }

        @Override
        public CompletableFuture<String> explodeLater(final String message)
        {
            calls++;
            return CompletableFuture.failedFuture(new ArithmeticException(message));
        }

        @Override
        public void watch(final Listener listener)
        {
            calls++;
            listeners.add(listener);
        }

        @Override
        public void forget()
        {
            calls++;
            listeners.clear();
        }

        @Override
        public CompletableFuture<Integer> count(final int upTo, final Progress progress)
        {
            calls++;
            // Each step asks the caller's callback and goes on with its answer, never blocking the loop.
            CompletableFuture<Integer> total = CompletableFuture.completedFuture(0);
            for (int i = 1; i <= upTo; i++)
            {
                final int done = i;
                total = total.thenCompose(sum -> progress.step(done).thenApply(answer -> sum + answer));
            }
            return total;
        }

        @Override
        public Object notCloneable()
        {
            calls++;
            return new Object();
        }

        @Override
        public long calls()
        {
            return calls;
        }

        @Override
        public int pid()
        {
            calls++;
            return (int)ProcessHandle.current().pid();
        }

        @Override
        public void take(final Object anything)
        {
            calls++;
        }

        @Override
        public void takeAll(final List<Object> things)
        {
            calls++;
        }
    }

    /** A worker that serves a {@link KeyValueStore} on its implicit port. */
    public static final class ServingWorker implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            Remote.expose(self, new KeyValueStore());
        }
    }
}
