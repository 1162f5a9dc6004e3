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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote across real JVMs: a store served by a child JVM ({@link RemotePeer}, launched by the test) or by a worker
 * ({@link RemoteFixtures.ServingWorker}), called from this JVM. No test leaves a process behind: every child is
 * killed when the test ends, however it ends.
 */
@Timeout(300)
class RemoteIT
{
    /** Longer than any test: a call that fails must fail for its own reason, never by timing out. */
    private static final Duration PATIENT = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private Contexts contexts;
    private Context test;
    private final LinkedBlockingQueue<List<?>> replies = new LinkedBlockingQueue<>();
    private final List<PeerProcess> peers = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private ExecutorService pool;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        test = contexts.open("test", b -> b.allowRecord(Point.class));
        test.onMessage(e -> replies.add((List<?>)e.data()));
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void close()
    {
        pool.shutdownNow();
        workers.forEach(Worker::terminate);
        peers.forEach(PeerProcess::close);
        Await.until("every child process to end",
            () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        contexts.close();
    }

    /**
     * Launches a {@link RemotePeer} and has it serve a store on a new port.
     *
     * @return the port to wrap.
     */
    private MessagePort servedByPeer(final String name)
    {
        final PeerProcess peer = PeerProcess.launch(RemotePeer.class, dir.toString(), name, "test");
        peers.add(peer);
        peer.awaitLine("ready");
        final MessageChannel channel = new MessageChannel(test);
        command(name, "expose", channel.port2());
        return channel.port1();
    }

    private void command(final String peer, final String command, final MessagePort... ports)
    {
        test.window(peer).postMessage(List.of(command), "*", List.of(ports));
        assertEquals(List.of("ok", command), Await.next(replies));
    }

    private Worker worker()
    {
        final Worker worker = Worker.start(test, RemoteFixtures.ServingWorker.class);
        workers.add(worker);
        return worker;
    }

    private static <T> T get(final Future<T> future) throws Exception
    {
        return future.get(Await.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static RemoteException failure(final Future<?> future)
    {
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> future.get(Await.LONG.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(RemoteException.class, ex.getCause());
    }

    @Test
    void aWorkerServesAnObjectAndItsParentCallsIt() throws Exception
    {
        final Worker worker = worker();
        final Store store = Remote.wrap(worker, Store.class, PATIENT);
        // Calls made before the worker is ready wait for it.
        store.put("colour", "green");
        assertEquals("green", store.get("colour"));
        assertEquals(worker.process().pid(), store.pid());
        assertNotEquals(ProcessHandle.current().pid(), store.pid());
        assertEquals(1, get(store.size()));
        assertEquals(9, store.add(4, 5));
        assertArrayEquals(new String[]{ "colour" }, store.keys());
        assertEquals(List.of(1L, "two", List.of(3.0)), store.echo(List.of(1L, "two", List.of(3.0))));

        final CompletableFuture<String> later = store.whenOpen("door");
        assertEquals(1, get(store.size()));
        assertFalse(later.isDone());
        store.open();
        assertEquals("open: door", get(later));
    }

    @Test
    void anExceptionCrossesWithItsClassMessageStackTraceAndCauses()
    {
        final Store store = Remote.wrap(servedByPeer("thrower"), Store.class, PATIENT);
        final RemoteException failure = assertThrows(RemoteException.class, () -> store.explode("bang"));
        assertEquals(IOException.class.getName(), failure.remoteClassName());
        assertEquals("bang", failure.getMessage());
        assertEquals(KeyValueStore.class.getName(), failure.getStackTrace()[0].getClassName());
        assertEquals("explode", failure.getStackTrace()[0].getMethodName());
        final RemoteException cause = assertInstanceOf(RemoteException.class, failure.getCause());
        assertEquals("java.io.UncheckedIOException", cause.remoteClassName());
        assertEquals("disk full", cause.getCause().getMessage());
        assertEquals("also bang", failure.getSuppressed()[0].getMessage());

        assertEquals(ArithmeticException.class.getName(), failure(store.explodeLater("divide")).remoteClassName());
        assertEquals(IllegalArgumentException.class.getName(),
            failure(store.failAndWait("waited")).remoteClassName());
        final RemoteFixtures.Unrelated unrelated = Remote.wrap(servedByPeer("unrelated"),
            RemoteFixtures.Unrelated.class, PATIENT);
        assertEquals(NoSuchMethodException.class.getName(),
            assertThrows(RemoteException.class, () -> unrelated.missing("x")).remoteClassName());
    }

    @Test
    void aVoidMethodDoesNotWaitForTheServingJvm()
    {
        final MessagePort port = servedByPeer("void");
        final Store store = Remote.wrap(port, Store.class, PATIENT);
        final CompletableFuture<String> blocked = Remote.wrap(port, RemoteFixtures.Blocker.class).block("loop");
        // Calls are served in order, and the serving loop is held by block(): a call that waited would hang here.
        store.put("a", "1");
        store.fail("reported where it is served");
        assertFalse(blocked.isDone());
    }

    @Test
    void aCallbackPassedByReferenceIsCalledBackAcrossJvms() throws Exception
    {
        final Store store = Remote.wrap(worker(), Store.class, PATIENT);
        final LinkedBlockingQueue<String> changes = new LinkedBlockingQueue<>();
        final Listener listener = (key, value) -> changes.add(key + "=" + value);
        store.watch(Remote.byReference(listener));
        store.put("a", "1");
        store.put("b", "2");
        assertEquals("a=1", Await.next(changes));
        assertEquals("b=2", Await.next(changes));

        final List<Integer> steps = new ArrayList<>();
        final RemoteFixtures.Progress progress = done ->
        {
            steps.add(done);
            return CompletableFuture.completedFuture(done * 10);
        };
        assertEquals(100, get(store.count(4, Remote.byReference(progress))));
        assertEquals(List.of(1, 2, 3, 4), steps);
        assertThrows(DataCloneException.class, () -> store.echo(List.of(Remote.byReference(listener))));
    }

    @Test
    void aMethodThatWaitsFromTheEventLoopThrowsAndObjectMethodsStayLocal() throws Exception
    {
        final Store store = Remote.wrap(servedByPeer("loop"), Store.class, PATIENT);
        final CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        test.execute(() ->
        {
            try
            {
                store.add(1, 2);
                thrown.complete(null);
            }
            catch (final Throwable ex)
            {
                thrown.complete(ex);
            }
        });
        assertInstanceOf(IllegalStateException.class, get(thrown));
        assertTrue(store.toString().contains(Store.class.getName()));
        assertTrue(store.equals(store));
        assertEquals(System.identityHashCode(store), store.hashCode());
        assertEquals(0, store.calls());
    }

    @Test
    void recordsCrossWhereAllowedAndFailTheCallWhereNot()
    {
        final Store allowed = Remote.wrap(servedByPeer("records"), Store.class, PATIENT);
        assertEquals(new Point(-1, -2), allowed.mirror(new Point(1, 2)));
        // A worker's context allows no record: the call fails at once instead of waiting for its timeout.
        final Store strict = Remote.wrap(worker(), Store.class, PATIENT);
        final RemoteException failure = assertThrows(RemoteException.class, () -> strict.mirror(new Point(1, 2)));
        assertEquals(MessageErrorException.class.getName(), failure.remoteClassName());
        assertEquals(3, strict.add(1, 2));
    }

    @Test
    void aMethodThatWaitsTooLongFailsWithATimeoutCause()
    {
        final Store impatient = Remote.wrap(servedByPeer("slow"), Store.class, Duration.ofMillis(300));
        final RemoteException failure = assertThrows(RemoteException.class, () -> impatient.block("forever"));
        assertInstanceOf(TimeoutException.class, failure.getCause());
    }

    @Test
    void closingExposedInTheServingJvmFailsLaterCallsButKeepsThePort()
    {
        final Store store = Remote.wrap(servedByPeer("closer"), Store.class, PATIENT);
        assertEquals(2, store.add(1, 1));
        command("closer", "unexpose");
        assertEquals(IllegalStateException.class.getName(),
            assertThrows(RemoteException.class, () -> store.add(1, 1)).remoteClassName());
    }

    @Test
    void tenThousandCallsFromSeveralThreadsAcrossJvmsAreEachAnsweredWithTheirOwnResult() throws Exception
    {
        final Store store = Remote.wrap(servedByPeer("busy"), Store.class, PATIENT);
        final int threads = 8;
        final int each = 1250;
        final List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int thread = t;
            done.add(pool.submit(() ->
            {
                for (int i = 0; i < each; i++)
                {
                    final int a = thread * 100_000 + i;
                    assertEquals(a + i, store.add(a, i));
                }
                return each;
            }));
        }
        int total = 0;
        for (final Future<Integer> f : done)
        {
            total += f.get(Await.LONG.toMillis() * 4, TimeUnit.MILLISECONDS);
        }
        assertEquals(threads * each, total);
        assertEquals(threads * each, store.calls());
    }

    @Test
    void killingTheServingJvmFailsEveryPendingCallAndNoneHangs() throws Exception
    {
        killWithPendingCalls(servedByPeer("victim"), () -> peers.get(0).kill());
    }

    @Test
    void terminatingTheServingWorkerFailsEveryPendingCallAndNoneHangs() throws Exception
    {
        final Worker worker = worker();
        killWithPendingCalls(RemoteSupport.implicitPort(worker), worker::terminate);
    }

    @Test
    void aPortOnlyCalledThroughMethodsThatWaitFailsItsWaitingCallsWhenTheServingJvmDies() throws Exception
    {
        // No future, nothing served here: the callers alone read this port.
        final MessagePort port = servedByPeer("sync-only");
        final Store store = Remote.wrap(port, Store.class, PATIENT);
        final Store impatient = Remote.wrap(port, Store.class, Duration.ofMillis(300));
        assertEquals(2, store.add(1, 1));
        assertInstanceOf(TimeoutException.class,
            assertThrows(RemoteException.class, () -> impatient.block("held")).getCause());
        final java.util.concurrent.CountDownLatch calling = new java.util.concurrent.CountDownLatch(4);
        final List<Future<Integer>> waitingCalls = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final int n = i;
            waitingCalls.add(pool.submit(() ->
            {
                calling.countDown();
                return store.add(n, n);
            }));
        }
        calling.await();
        Await.quietPeriod(200);
        peers.get(0).kill();
        for (final Future<Integer> call : waitingCalls)
        {
            assertClosed(failure(call));
        }
        assertClosed(assertThrows(RemoteException.class, () -> store.add(1, 1)));
    }

    private void killWithPendingCalls(final MessagePort port, final Runnable kill) throws Exception
    {
        final Store store = Remote.wrap(port, Store.class, PATIENT);
        final RemoteFixtures.WaitingStore waiting = Remote.wrap(port, RemoteFixtures.WaitingStore.class, PATIENT);
        assertEquals(2, store.add(1, 1));
        final List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            futures.add(store.whenOpen("never " + i));
        }
        // The serving loop is then held, so the calls after this one wait in its queue, unread.
        futures.add(Remote.wrap(port, RemoteFixtures.Blocker.class).block("forever"));
        final java.util.concurrent.CountDownLatch calling = new java.util.concurrent.CountDownLatch(8);
        final List<Future<String>> waitingCalls = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            final int n = i;
            waitingCalls.add(pool.submit(() ->
            {
                calling.countDown();
                return n % 2 == 0 ? waiting.whenOpen("waiting " + n) : store.get("queued " + n);
            }));
        }
        calling.await();
        Await.quietPeriod(200);
        kill.run();
        for (final CompletableFuture<String> future : futures)
        {
            assertClosed(failure(future));
        }
        for (final Future<String> call : waitingCalls)
        {
            assertClosed(failure(call));
        }
        assertClosed(assertThrows(RemoteException.class, () -> store.add(1, 1)));
        assertClosed(failure(store.size()));
    }

    private static void assertClosed(final RemoteException failure)
    {
        assertFalse(failure.getCause() instanceof TimeoutException, "a pending call timed out instead");
        assertTrue(failure.getMessage().contains("port closed"), failure.getMessage());
    }
}
