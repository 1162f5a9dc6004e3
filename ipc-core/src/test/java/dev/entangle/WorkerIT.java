package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers: real child JVMs launched by the library (SEMANTICS.md I78 and the Worker contract). After every test no
 * process started by it is left alive.
 */
@Timeout(180)
class WorkerIT
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context parent;
    private final List<Worker> workers = new ArrayList<>();
    private final Received fromWorker = new Received();
    private final LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        parent = contexts.open("parent");
    }

    @AfterEach
    void close()
    {
        workers.forEach(Worker::terminate);
        Await.until("every child process to end",
            () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        contexts.close();
    }

    private Worker start(final Class<? extends WorkerMain> main)
    {
        final Worker worker = Worker.start(parent, main);
        workers.add(worker);
        worker.onMessage(fromWorker);
        worker.onExit(exits::add);
        return worker;
    }

    @Test
    void messagesPostedBeforeTheWorkerIsReadyArriveAndTravelBothWaysInOrder()
    {
        final Worker worker = start(WorkerMains.Echo.class);
        for (int i = 0; i < 100; i++)
        {
            worker.postMessage(i);
        }
        for (int i = 0; i < 100; i++)
        {
            assertEquals(i, fromWorker.nextData());
        }
        assertTrue(worker.process().isAlive());
    }

    @Test
    void portsMoveIntoAndOutOfAWorker()
    {
        final Worker worker = start(WorkerMains.PortWorker.class);
        final MessageChannel channel = new MessageChannel(parent);
        worker.postMessage("take", List.of(channel.port2()));
        assertEquals("got 1", fromWorker.nextData());
        final Received atPort1 = new Received();
        channel.port1().onMessage(atPort1);
        channel.port1().postMessage("ping");
        assertEquals(List.of("echo", "ping"), atPort1.nextData());

        worker.postMessage("give");
        final MessageEvent given = fromWorker.next();
        assertEquals("here", given.data());
        final MessagePort fromInside = given.ports().get(0);
        final Received atGiven = new Received();
        fromInside.onMessage(atGiven);
        fromInside.postMessage("hello inside");
        assertEquals(List.of("from worker", "hello inside"), atGiven.nextData());
    }

    @Test
    void terminateKillsTheWorkerAndClosesItsPortsForTheirPeers()
    {
        final Worker worker = start(WorkerMains.PortWorker.class);
        final MessageChannel channel = new MessageChannel(parent);
        worker.postMessage("take", List.of(channel.port2()));
        assertEquals("got 1", fromWorker.nextData());
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        channel.port1().onClose(() -> closes.add("closed"));

        worker.terminate();
        worker.terminate();
        assertEquals("closed", Await.next(closes));
        assertNotEquals(0, Await.next(exits));
        Await.until("the worker process to be gone", () -> !worker.process().isAlive());
    }

    @Test
    void aWorkerThatClosesItselfExitsWithZeroAfterItsLastMessage()
    {
        final Worker worker = start(WorkerMains.PortWorker.class);
        worker.postMessage("bye");
        assertEquals("goodbye", fromWorker.nextData());
        assertEquals(0, Await.next(exits));
        assertTrue(fromWorker.staysEmpty());
    }

    @Test
    void aWorkerWhoseRunThrowsExitsNonZeroWithItsStackTraceOnTheParentsStandardError()
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try
        {
            final Worker worker = Worker.start(parent, WorkerMains.Crash.class,
                WorkerOptions.defaults().name("crasher"));
            workers.add(worker);
            worker.onExit(exits::add);
            assertEquals(WorkerLauncher.RUN_FAILED, Await.next(exits));
            final String err = captured.toString(StandardCharsets.UTF_8);
            assertTrue(err.contains("[crasher] java.lang.IllegalStateException: worker failed on purpose"), err);
            assertTrue(err.contains("[crasher] \tat dev.entangle.WorkerMains$Crash.run"), err);
        }
        finally
        {
            System.setErr(original);
        }
    }

    @Test
    void theWorkersOutputReachesTheParentsPrefixedWithItsName()
    {
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(originalOut, out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, err), true, StandardCharsets.UTF_8));
        try
        {
            final Worker worker = Worker.start(parent, WorkerMains.Talker.class,
                WorkerOptions.defaults().name("talker"));
            workers.add(worker);
            worker.onMessage(fromWorker);
            assertEquals("printed", fromWorker.nextData());
            Await.until("the output to be copied", () ->
                out.toString(StandardCharsets.UTF_8).contains("[talker] hello on stdout") &&
                err.toString(StandardCharsets.UTF_8).contains("[talker] hello on stderr"));
        }
        finally
        {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void aWorkerCanStartWorkersOfItsOwnAndTheyEndWithIt()
    {
        final Worker worker = start(WorkerMains.Grandparent.class);
        worker.postMessage("down and up");
        final List<?> reply = (List<?>)fromWorker.nextData();
        assertEquals("grandchild", reply.get(0));
        assertEquals("down and up", reply.get(1));
        final Optional<ProcessHandle> grandchild = ProcessHandle.of((Long)reply.get(2));
        assertTrue(grandchild.isPresent() && grandchild.get().isAlive());

        worker.terminate();
        Await.until("the grandchild to end", () -> !grandchild.get().isAlive());
    }

    @Test
    void aWorkerEndsWhenItsParentJvmIsKilled()
    {
        final PeerProcess peer = PeerProcess.peer(dir, "worker-parent", "parent");
        try
        {
            final Received atParent = new Received();
            parent.onMessage(atParent);
            parent.window("worker-parent").postMessage(List.of("start-worker", "w"), "*");
            final List<?> started = (List<?>)atParent.nextData();
            assertEquals(List.of("ok", "start-worker"), atParent.nextData());
            assertEquals("worker-pid", started.get(0));
            final ProcessHandle orphanCandidate = ProcessHandle.of((Long)started.get(1)).orElseThrow();
            assertTrue(orphanCandidate.isAlive());

            peer.close();
            Await.until("the worker to follow its killed parent", () -> !orphanCandidate.isAlive());
        }
        finally
        {
            peer.close();
        }
    }

    @Test
    void aMainClassTheChildCannotInstantiateIsRefusedAtOnce()
    {
        assertThrows(IllegalArgumentException.class, () -> Worker.start(parent, NotPublic.class));
        assertThrows(IllegalArgumentException.class, () -> Worker.start(parent, WorkerMains.Echo.class,
            WorkerOptions.defaults().name("not a name")));
    }

    static final class NotPublic implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream
    {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(final OutputStream first, final ByteArrayOutputStream second)
        {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(final int b)
        {
            second.write(b);
            try
            {
                first.write(b);
            }
            catch (final java.io.IOException ignore)
            {
                // The console is best effort.
            }
        }

        @Override
        public synchronized void write(final byte[] b, final int off, final int len)
        {
            second.write(b, off, len);
            try
            {
                first.write(b, off, len);
            }
            catch (final java.io.IOException ignore)
            {
                // The console is best effort.
            }
        }
    }
}
