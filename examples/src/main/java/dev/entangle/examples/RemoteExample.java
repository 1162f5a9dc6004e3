package dev.entangle.examples;

import dev.entangle.Context;
import dev.entangle.Remote;
import dev.entangle.RemoteException;
import dev.entangle.Worker;
import dev.entangle.WorkerMain;
import dev.entangle.WorkerOptions;
import dev.entangle.WorkerScope;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A key-value store served by a worker process and called from its parent as if it were local:
 * {@code Remote.expose(self, new Store())} in the worker, {@code Remote.wrap(worker, KeyValue.class)} here. The
 * parent registers a callback by reference, calls methods that wait, one that returns a future and one that throws;
 * then the worker is killed while two calls wait, and both fail at once with a {@link RemoteException}.
 */
final class RemoteExample
{
    private RemoteExample()
    {
    }

    /** What the worker serves, as the parent sees it. */
    public interface KeyValue
    {
        /** Stores a value; {@code void}, so the call does not wait. */
        void put(String key, String value);

        /** Waits for the value. */
        String get(String key);

        /** Throws {@link NoSuchElementException} for a key that is not there. */
        String remove(String key);

        /** Returns at once; the future completes with the number of keys. */
        CompletableFuture<Integer> size();

        /** Completes when the key is put: the worker answers when its own future completes. */
        CompletableFuture<String> whenPut(String key);

        /** Tells the listener, a callback in the parent, about every change. */
        void watch(ChangeListener listener);
    }

    /** The same {@code whenPut}, for a caller that waits for it. */
    public interface Waiting
    {
        /** Waits until the key is put. */
        String whenPut(String key);
    }

    /** A callback the worker calls in the parent. */
    public interface ChangeListener
    {
        /** Called in the parent, on its event loop, for each change made in the worker. */
        void changed(String key, String value);
    }

    /** The worker's program: it serves a store and nothing else. */
    public static final class StoreWorker implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            System.out.println("worker " + ProcessHandle.current().pid() + ": Remote.expose(self, new Store())");
            Remote.expose(self, new Store());
        }
    }

    /** The served object. It runs on the worker's event loop, one call at a time. */
    public static final class Store implements KeyValue
    {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, CompletableFuture<String>> waiting = new LinkedHashMap<>();
        private final List<ChangeListener> listeners = new ArrayList<>();

        @Override
        public void put(final String key, final String value)
        {
            values.put(key, value);
            listeners.forEach(listener -> listener.changed(key, value));
            final CompletableFuture<String> waiter = waiting.remove(key);
            if (waiter != null)
            {
                waiter.complete(value);
            }
        }

        @Override
        public String get(final String key)
        {
            return values.get(key);
        }

        @Override
        public String remove(final String key)
        {
            if (!values.containsKey(key))
            {
                throw new NoSuchElementException("no key " + key);
            }
            return values.remove(key);
        }

        @Override
        public CompletableFuture<Integer> size()
        {
            return CompletableFuture.completedFuture(values.size());
        }

        @Override
        public CompletableFuture<String> whenPut(final String key)
        {
            return waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
        }

        @Override
        public void watch(final ChangeListener listener)
        {
            System.out.println("a listener arrived from the parent, as a " + listener);
            listeners.add(listener);
        }
    }

    static boolean run(final String[] args) throws Exception
    {
        final Narrator say = new Narrator("main process " + ProcessHandle.current().pid());
        final Path dir = Narrator.freshDirectory();
        final List<String> failures = new ArrayList<>();
        try (Context context = Context.builder().directory(dir).name("main").open();
             Worker worker = Worker.start(context, StoreWorker.class, WorkerOptions.defaults().name("kv-store")))
        {
            say.say("started a worker JVM, pid %d; kv = Remote.wrap(worker, KeyValue.class)", worker.process().pid());
            final KeyValue kv = Remote.wrap(worker, KeyValue.class, Duration.ofSeconds(Narrator.TIMEOUT_SECONDS));

            final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
            kv.watch(Remote.byReference((key, value) -> changes.add(key + "=" + value)));
            say.say("kv.watch(Remote.byReference(listener)): the worker gets a proxy; its calls run here");

            kv.put("colour", "green");
            kv.put("shape", "circle");
            say.say("kv.put(\"colour\", \"green\"); kv.put(\"shape\", \"circle\")  (void: no waiting)");
            final String colour = kv.get("colour");
            say.say("kv.get(\"colour\") -> %s", colour);
            expect(failures, "green".equals(colour), "get returned " + colour);
            for (int i = 0; i < 2; i++)
            {
                final String change = Narrator.next(changes);
                say.say("listener called back from the worker: %s", change);
                expect(failures, List.of("colour=green", "shape=circle").get(i).equals(change), "change " + change);
            }

            final CompletableFuture<Integer> size = kv.size();
            say.say("kv.size() returned a future at once; it completed with %d", size.get(60, TimeUnit.SECONDS));
            expect(failures, size.get() == 2, "size " + size.get());

            try
            {
                kv.remove("missing");
                expect(failures, false, "remove(\"missing\") did not throw");
            }
            catch (final RemoteException ex)
            {
                say.say("kv.remove(\"missing\") threw RemoteException: %s: %s (at %s)", ex.remoteClassName(),
                    ex.getMessage(), ex.getStackTrace()[0]);
                expect(failures, NoSuchElementException.class.getName().equals(ex.remoteClassName()),
                    "remote class " + ex.remoteClassName());
            }

            final CompletableFuture<String> pending = kv.whenPut("never");
            final Waiting waiting = Remote.wrap(worker, Waiting.class, Duration.ofSeconds(Narrator.TIMEOUT_SECONDS));
            final CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return waiting.whenPut("also never");
                }
                catch (final RemoteException ex)
                {
                    return ex;
                }
            });
            say.say("kv.whenPut(\"never\") is pending, and another thread waits in whenPut(\"also never\")");
            // Both calls must have reached the worker before it dies; one more answered call shows they have.
            expect(failures, kv.size().get(60, TimeUnit.SECONDS) == 2, "size before the kill");

            say.say("killing the worker (kill -9)");
            worker.terminate();
            final Throwable failed = failure(pending);
            say.say("the pending future failed: %s", failed);
            expect(failures, failed instanceof RemoteException && failed.getMessage().contains("port closed"),
                "pending future: " + failed);
            final Object waited = waiter.get(Narrator.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            say.say("the waiting call threw: %s", waited);
            expect(failures, waited instanceof RemoteException ex && !(ex.getCause() instanceof
                java.util.concurrent.TimeoutException), "waiting call: " + waited);
            try
            {
                kv.get("colour");
                expect(failures, false, "a call after the kill succeeded");
            }
            catch (final RemoteException ex)
            {
                say.say("a later call fails at once: %s", ex.getMessage());
            }
            final boolean gone = worker.process().onExit().thenApply(p -> true)
                .completeOnTimeout(false, Narrator.TIMEOUT_SECONDS, TimeUnit.SECONDS).get();
            expect(failures, gone, "the worker process is still alive");
        }
        finally
        {
            Narrator.deleteDirectory(dir);
        }
        failures.forEach(f -> say.say("FAILED: %s", f));
        say.say(failures.isEmpty() ? "done: a worker's object was called like a local one, and its death failed " +
            "the calls that waited on it" : "FAILED");
        return failures.isEmpty();
    }

    private static Throwable failure(final CompletableFuture<?> future) throws InterruptedException
    {
        try
        {
            return new IllegalStateException("completed with " + future.get(Narrator.TIMEOUT_SECONDS,
                TimeUnit.SECONDS));
        }
        catch (final ExecutionException ex)
        {
            return ex.getCause();
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            return ex;
        }
    }

    private static void expect(final List<String> failures, final boolean condition, final String what)
    {
        if (!condition)
        {
            failures.add(what);
        }
    }
}
