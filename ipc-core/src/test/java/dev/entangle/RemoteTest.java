package dev.entangle;

import dev.entangle.RemoteFixtures.KeyValueStore;
import dev.entangle.RemoteFixtures.Listener;
import dev.entangle.RemoteFixtures.Point;
import dev.entangle.RemoteFixtures.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote in one JVM: a store served in one context, called from another through a port that crossed between them.
 * The cross-process cases are in {@link RemoteIT}.
 */
@Timeout(120)
class RemoteTest
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context server;
    private Context caller;
    private final LinkedBlockingQueue<Throwable> serverErrors = new LinkedBlockingQueue<>();
    private final KeyValueStore target = new KeyValueStore();
    private MessagePort served;
    private MessagePort calling;
    private Remote.Exposed exposed;
    private Store store;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        server = contexts.open("server", b -> b.allowRecord(Point.class).errorHandler(serverErrors::add));
        caller = contexts.open("caller", b -> b.allowRecord(Point.class));
        final MessagePort[] ports = channelBetween(server, caller);
        served = ports[0];
        calling = ports[1];
        exposed = Remote.expose(served, target);
        store = Remote.wrap(calling, Store.class);
    }

    @AfterEach
    void close()
    {
        target.unblock();
        contexts.close();
    }

    /**
     * @return a port owned by {@code first} and its peer, moved into {@code second}.
     */
    static MessagePort[] channelBetween(final Context first, final Context second)
    {
        final MessageChannel channel = new MessageChannel(first);
        final LinkedBlockingQueue<MessagePort> arrived = new LinkedBlockingQueue<>();
        second.onMessage(e -> arrived.addAll(e.ports()));
        first.window(second.name()).postMessage("port", "*", List.of(channel.port2()));
        final MessagePort moved = Await.next(arrived);
        second.onMessage(null);
        return new MessagePort[]{ channel.port1(), moved };
    }

    private static <T> T get(final CompletableFuture<T> future) throws Exception
    {
        return future.get(Await.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static RemoteException failure(final CompletableFuture<?> future)
    {
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> future.get(Await.LONG.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(RemoteException.class, ex.getCause());
    }

    @Test
    void aMethodThatWaitsGetsTheCloneOfTheResult()
    {
        store.put("colour", "green");
        assertEquals("green", store.get("colour"));
        assertNull(store.get("shape"));
        assertEquals(5, store.add(2, 3));
        assertArrayEquals(new String[]{ "colour" }, store.keys());
        final List<Object> values = new ArrayList<>(List.of("a", 1, 2L, List.of(Map.of("k", "v"))));
        final List<Object> echoed = store.echo(values);
        assertEquals(values, echoed);
        assertNotSameInstance(values, echoed);
        assertEquals(new Point(-1, -2), store.mirror(new Point(1, 2)));
    }

    private static void assertNotSameInstance(final Object a, final Object b)
    {
        assertFalse(a == b, "a clone, not the same object");
    }

    @Test
    void aMethodReturningAFutureReturnsAtOnceAndCompletesWhenTheTargetsFutureDoes() throws Exception
    {
        final CompletableFuture<String> answer = store.whenOpen("door");
        // Calls are served in order: once size() is answered, whenOpen was served, and its future is not complete.
        assertEquals(0, get(store.size()));
        assertFalse(answer.isDone());
        store.open();
        assertEquals("open: door", get(answer));
    }

    @Test
    void aMethodThatWaitsOnATargetReturningAFutureGetsItsResultWhenItCompletes() throws Exception
    {
        final RemoteFixtures.WaitingStore waiting = Remote.wrap(calling, RemoteFixtures.WaitingStore.class);
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try
        {
            final Future<String> answer = pool.submit(() -> waiting.whenOpen("gate"));
            Await.until("the call to be served", () -> target.calls() == 1);
            assertFalse(answer.isDone());
            store.open();
            assertEquals("open: gate", answer.get(Await.LONG.toMillis(), TimeUnit.MILLISECONDS));
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aVoidMethodIsSentWithoutWaitingAndItsFailureGoesToTheServingErrorHandler()
    {
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try
        {
            // The serving loop is blocked in block(): a void call still returns at once.
            pool.submit(() -> store.block("loop"));
            Await.until("the loop to block", () -> target.calls() == 1);
            store.put("while", "blocked");
            store.fail("void failure");
            target.unblock();
            assertEquals("blocked", store.get("while"));
            final Throwable error = Await.next(serverErrors);
            assertInstanceOf(IllegalArgumentException.class, error);
            assertEquals("void failure", error.getMessage());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aVoidLikeMethodDeclaredAsAFutureOfVoidWaitsAndGetsItsFailure()
    {
        final RemoteException failure = failure(store.failAndWait("waited failure"));
        assertEquals(IllegalArgumentException.class.getName(), failure.remoteClassName());
        assertEquals("waited failure", failure.getMessage());
        assertTrue(serverErrors.isEmpty());
    }

    @Test
    void anExceptionArrivesWithItsClassMessageStackTraceCausesAndSuppressed()
    {
        final RemoteException failure = assertThrows(RemoteException.class, () -> store.explode("bang"));
        assertEquals(IOException.class.getName(), failure.remoteClassName());
        assertEquals("bang", failure.getMessage());
        assertEquals("dev.entangle.RemoteException: java.io.IOException: bang", failure.toString());
        final StackTraceElement top = failure.getStackTrace()[0];
        assertEquals(KeyValueStore.class.getName(), top.getClassName());
        assertEquals("explode", top.getMethodName());
        assertTrue(top.getLineNumber() > 0);
        // Below the remote frames: this test's own, where the call was made.
        assertTrue(Arrays.stream(failure.getStackTrace()).anyMatch(e -> e.getClassName().equals(
            RemoteTest.class.getName()) && e.getMethodName().startsWith("lambda$anException")));

        final RemoteException cause = assertInstanceOf(RemoteException.class, failure.getCause());
        assertEquals("java.io.UncheckedIOException", cause.remoteClassName());
        final RemoteException rootCause = assertInstanceOf(RemoteException.class, cause.getCause());
        assertEquals(IOException.class.getName(), rootCause.remoteClassName());
        assertEquals("disk full", rootCause.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("also bang", failure.getSuppressed()[0].getMessage());
        assertEquals(IllegalStateException.class.getName(),
            ((RemoteException)failure.getSuppressed()[0]).remoteClassName());
    }

    @Test
    void aFailedFutureOfTheTargetFailsTheCallersFuture()
    {
        final RemoteException failure = failure(store.explodeLater("divide"));
        assertEquals(ArithmeticException.class.getName(), failure.remoteClassName());
        assertEquals("divide", failure.getMessage());
    }

    @Test
    void aMethodThatWaitsTooLongFailsWithATimeoutCause()
    {
        final Store impatient = Remote.wrap(calling, Store.class, Duration.ofMillis(200));
        final RemoteException failure = assertThrows(RemoteException.class, () -> impatient.block("forever"));
        assertInstanceOf(TimeoutException.class, failure.getCause());
        assertEquals(RemoteException.class.getName(), failure.remoteClassName());
        target.unblock();
        // The late reply is dropped; the port goes on working.
        assertEquals(7, store.add(3, 4));
    }

    @Test
    void aMethodThatWaitsCalledOnTheEventLoopThrowsInsteadOfDeadlocking() throws Exception
    {
        final CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        final CompletableFuture<Integer> fromLoop = new CompletableFuture<>();
        caller.execute(() ->
        {
            try
            {
                store.add(1, 1);
                thrown.complete(null);
            }
            catch (final Throwable ex)
            {
                thrown.complete(ex);
            }
            // A method returning a future may be called there; its result arrives on the loop.
            store.size().whenComplete((size, ex) -> fromLoop.complete(size));
            // So may a void method.
            store.put("from", "loop");
        });
        assertInstanceOf(IllegalStateException.class, get(thrown));
        assertEquals(0, get(fromLoop));
        assertEquals("loop", store.get("from"));
    }

    @Test
    void tenThousandCallsFromSeveralThreadsAreEachAnsweredWithTheirOwnResult() throws Exception
    {
        final int threads = 8;
        final int each = 1250;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                done.add(pool.submit(() ->
                {
                    int answered = 0;
                    for (int i = 0; i < each; i++)
                    {
                        final int a = thread * 100_000 + i;
                        if (i % 2 == 0)
                        {
                            assertEquals(a + i, store.add(a, i));
                        }
                        else
                        {
                            assertEquals(List.of(a, "t" + thread), store.echo(List.of(a, "t" + thread)));
                        }
                        answered++;
                    }
                    return answered;
                }));
            }
            int total = 0;
            for (final Future<Integer> f : done)
            {
                total += f.get(Await.LONG.toMillis() * 4, TimeUnit.MILLISECONDS);
            }
            assertEquals(threads * each, total);
            assertEquals(threads * each, target.calls());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void tenThousandFuturesInFlightAtOnceAllComplete() throws Exception
    {
        final List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 10_000; i++)
        {
            answers.add(store.whenOpen("n" + i));
        }
        store.open();
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals("open: n" + i, get(answers.get(i)));
        }
    }

    @Test
    void objectMethodsActOnTheProxyAndNeverReachTheTarget()
    {
        final Store other = Remote.wrap(calling, Store.class);
        assertTrue(store.equals(store));
        assertFalse(store.equals(other));
        assertEquals(System.identityHashCode(store), store.hashCode());
        assertTrue(store.toString().contains(Store.class.getName()), store.toString());
        assertEquals(0, target.calls());
    }

    @Test
    void closingExposedStopsServingButKeepsThePortOpen() throws Exception
    {
        assertEquals(2, store.add(1, 1));
        exposed.close();
        exposed.close();
        final RemoteException failure = assertThrows(RemoteException.class, () -> store.add(1, 1));
        assertEquals(IllegalStateException.class.getName(), failure.remoteClassName());
        assertEquals(RemoteException.class, failure(store.size()).getClass());

        final KeyValueStore next = new KeyValueStore();
        Remote.expose(served, next);
        assertEquals(3, store.add(1, 2));
        assertEquals(1, next.calls());
    }

    @Test
    void exposingTwiceOnOnePortIsRefused()
    {
        assertThrows(IllegalStateException.class, () -> Remote.expose(served, new KeyValueStore()));
    }

    @Test
    void wrappingAClassIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> Remote.wrap(calling, KeyValueStore.class));
        assertThrows(IllegalArgumentException.class, () -> Remote.wrap(calling, Store.class, Duration.ZERO));
    }

    @Test
    void aCallbackPassedByReferenceIsCalledBackFromTheServingLoop()
    {
        final LinkedBlockingQueue<String> changes = new LinkedBlockingQueue<>();
        final Listener listener = (key, value) -> changes.add(key + "=" + value + " on " +
            Thread.currentThread().getName());
        store.watch(Remote.byReference(listener));
        store.put("a", "1");
        store.put("b", "2");
        // The callback runs here, on the loop of the context whose port made the call.
        assertEquals("a=1 on entangle-caller", Await.next(changes));
        assertEquals("b=2 on entangle-caller", Await.next(changes));
    }

    @Test
    void aCallbackThatAnswersLetsTheTargetComposeWithoutBlockingItsLoop() throws Exception
    {
        final List<Integer> steps = new ArrayList<>();
        final RemoteFixtures.Progress progress = done ->
        {
            steps.add(done);
            return CompletableFuture.completedFuture(done * 10);
        };
        assertEquals(60, get(store.count(3, Remote.byReference(progress))));
        assertEquals(List.of(1, 2, 3), steps);
    }

    @Test
    void byReferenceAnywhereButAnInterfaceTypedArgumentCannotBeCloned()
    {
        final Listener listener = (key, value) -> { };
        final RemoteFixtures.Untyped untyped = Remote.wrap(calling, RemoteFixtures.Untyped.class);
        assertThrows(DataCloneException.class, () -> untyped.take(Remote.byReference(listener)));
        assertThrows(DataCloneException.class, () -> untyped.takeAll(List.of(Remote.byReference(listener))));
        assertThrows(DataCloneException.class, () -> store.echo(List.of(Map.of("k", Remote.byReference(listener)))));
        assertThrows(DataCloneException.class, () -> calling.postMessage(Remote.byReference(listener)));
        // Nothing was sent; the port works.
        assertEquals(0, target.calls());
        assertEquals(2, store.add(1, 1));
    }

    @Test
    void byReferenceStandsInForItsTargetLocally()
    {
        final List<String> seen = new ArrayList<>();
        final Listener listener = (key, value) -> seen.add(key);
        final Listener reference = Remote.byReference(listener);
        reference.changed("here", "1");
        assertEquals(List.of("here"), seen);
        assertSame(reference, Remote.byReference(reference));
        assertTrue(reference.equals(reference));
        assertThrows(IllegalArgumentException.class, () -> Remote.byReference(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Remote.byReference(new java.util.HashMap<String, String>()));
    }

    @Test
    void argumentsThatCannotBeClonedThrowAtTheCallAndAResultThatCannotFailsTheCall()
    {
        assertThrows(DataCloneException.class, () -> store.echo(List.of(new Object())));
        final RemoteException failure = assertThrows(RemoteException.class, () -> store.notCloneable());
        assertEquals(DataCloneException.class.getName(), failure.remoteClassName());
        assertEquals(2, store.add(1, 1));
    }

    @Test
    void aMethodTheTargetDoesNotHaveFails()
    {
        final RemoteFixtures.Unrelated unrelated = Remote.wrap(calling, RemoteFixtures.Unrelated.class);
        final RemoteException failure = assertThrows(RemoteException.class, () -> unrelated.missing("x"));
        assertEquals(NoSuchMethodException.class.getName(), failure.remoteClassName());
    }

    @Test
    void aRecordTheServerDoesNotAllowFailsTheCallInsteadOfTimingOut()
    {
        final Context strict = contexts.open("strict");
        final MessagePort[] ports = channelBetween(strict, caller);
        Remote.expose(ports[0], new KeyValueStore());
        final Store toStrict = Remote.wrap(ports[1], Store.class, Duration.ofMinutes(5));
        final RemoteException failure = assertThrows(RemoteException.class, () -> toStrict.mirror(new Point(1, 2)));
        assertEquals(MessageErrorException.class.getName(), failure.remoteClassName());
        assertEquals(3, toStrict.add(1, 2));
    }

    @Test
    void aRecordTheCallerDoesNotAllowFailsTheCallInsteadOfTimingOut()
    {
        final Context strict = contexts.open("strict");
        final MessagePort[] ports = channelBetween(server, strict);
        Remote.expose(ports[0], new KeyValueStore());
        final Store fromStrict = Remote.wrap(ports[1], Store.class, Duration.ofMinutes(5));
        final RemoteException failure = assertThrows(RemoteException.class, () -> fromStrict.mirror(new Point(1, 2)));
        assertEquals(MessageErrorException.class.getName(), failure.remoteClassName());
        assertEquals(3, fromStrict.add(1, 2));
    }

    @Test
    void whenThePeerClosesEveryPendingCallFailsAndLaterCallsFailAtOnce() throws Exception
    {
        final CompletableFuture<String> pendingFuture = store.whenOpen("never");
        final RemoteFixtures.WaitingStore waitingStore = Remote.wrap(calling, RemoteFixtures.WaitingStore.class);
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try
        {
            final Future<String> waiting = pool.submit(() -> waitingStore.whenOpen("forever"));
            Await.until("both calls to be served", () -> target.calls() == 2);
            served.close();
            final ExecutionException ex = assertThrows(ExecutionException.class,
                () -> waiting.get(Await.LONG.toMillis(), TimeUnit.MILLISECONDS));
            final RemoteException closed = assertInstanceOf(RemoteException.class, ex.getCause());
            assertTrue(closed.getMessage().contains("port closed"), closed.getMessage());
            assertTrue(failure(pendingFuture).getMessage().contains("port closed"));
            assertThrows(RemoteException.class, () -> store.add(1, 1));
            assertThrows(RemoteException.class, () -> store.put("k", "v"));
            assertTrue(failure(store.size()).getMessage().contains("port closed"));
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheCallersOwnPortOrContextClosesPendingCallsFail()
    {
        final CompletableFuture<String> pendingFuture = store.whenOpen("never");
        calling.close();
        assertTrue(failure(pendingFuture).getMessage().contains("no longer works"));
        assertThrows(RemoteException.class, () -> store.add(1, 1));

        final MessagePort[] ports = channelBetween(server, caller);
        Remote.expose(ports[0], target);
        final Store again = Remote.wrap(ports[1], Store.class);
        final CompletableFuture<String> pendingAgain = again.whenOpen("never");
        caller.close();
        assertTrue(failure(pendingAgain).getMessage().contains("no longer works"));
    }

    @Test
    void onePortMayServeAndCallInBothDirections()
    {
        final KeyValueStore callerSide = new KeyValueStore();
        Remote.expose(calling, callerSide);
        final Store back = Remote.wrap(served, Store.class);
        back.put("from server", "yes");
        store.put("from caller", "yes");
        assertEquals("yes", back.get("from server"));
        assertEquals("yes", store.get("from caller"));
        assertEquals(2, callerSide.calls());
        assertEquals(2, target.calls());
    }

    @Test
    void aCallbackIsLetGoWhenTheProxyOfItIsCollected()
    {
        final List<String> seen = new ArrayList<>();
        // A lambda that captures nothing is one object for the JVM's lifetime; this one is made afresh.
        Listener listener = (key, value) -> seen.add(key);
        final WeakReference<Listener> weak = new WeakReference<>(listener);
        store.watch(Remote.byReference(listener));
        store.put("k", "v");
        listener = null;
        store.forget();
        assertEquals(4, store.add(2, 2));
        Await.until("the callback to be collected here once the serving side's proxy is", () ->
        {
            System.gc();
            return weak.get() == null;
        });
    }
}
