package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The keep-alive rule, in real JVMs whose {@code main} returns ({@link KeepAliveProbe}): an open context keeps its JVM
 * alive while it has a listener (on itself, on one of its ports, or a running worker), until it is closed, as a Node
 * port with listeners keeps its process alive; without a listener, or opened with {@code keepAlive(false)}, it does
 * not. The tests assert what each JVM did and its exit code, and that no process is left; never how long anything
 * took.
 */
@Timeout(300)
class KeepAliveIT
{
    /** Generous: a JVM that should exit and has not after this long is hanging. */
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String TEST = "test";

    @TempDir
    Path dir;

    private Contexts contexts;
    private Context test;
    private final Received received = new Received();
    private final List<Child> children = new ArrayList<>();
    private final List<Long> grandchildren = new ArrayList<>();

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        test = contexts.open(TEST);
        test.onMessage(received);
    }

    @AfterEach
    void close()
    {
        children.forEach(Child::kill);
        grandchildren.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        contexts.close();
    }

    @Test
    void aContextListeningOnItselfKeepsTheJvmAliveAfterMainReturnsUntilItIsClosed()
    {
        final Child probe = launch("window-listener");
        probe.awaitLines("main returned");
        assertTrue(probe.isAlive(), "the listening context let its JVM exit:\n" + probe.output());

        test.window(KeepAliveProbe.NAME).postMessage("hello");
        assertEquals(0, probe.awaitExit(), probe.output());
        assertTrue(probe.printed("got hello"), probe.output());
        assertClosedCompletely();
    }

    @Test
    void aContextWithAListeningPortKeepsTheJvmAliveAfterMainReturnsUntilItIsClosed()
    {
        final Child probe = launch("port-listener");
        probe.awaitLines("main returned");
        final MessageEvent withPort = received.next();
        assertEquals("port", withPort.data());
        assertTrue(probe.isAlive(), "the listening port let its JVM exit:\n" + probe.output());

        withPort.ports().get(0).postMessage("hello");
        assertEquals(0, probe.awaitExit(), probe.output());
        assertTrue(probe.printed("got hello"), probe.output());
        assertClosedCompletely();
    }

    @Test
    void anOpenContextWithoutListenersLetsTheJvmExitWhenMainReturns()
    {
        final Child probe = launch("no-listener");
        assertEquals(0, probe.awaitExit(), probe.output());
        // What it posted before main returned was delivered: the JVM did run, and exited only afterwards.
        assertEquals("no listener here", received.next().data());
    }

    @Test
    void listenersSetThenRemovedLetTheJvmExitWhenMainReturns()
    {
        final Child probe = launch("removed-listeners");
        assertEquals(0, probe.awaitExit(), probe.output());
    }

    @Test
    void aContextOpenedWithKeepAliveFalseLetsTheJvmExitThoughItHasListeners()
    {
        final Child probe = launch("opted-out");
        assertEquals(0, probe.awaitExit(), probe.output());
    }

    @Test
    void aRunningWorkerKeepsItsParentAliveUntilItEnds()
    {
        final Child parent = launch("worker");
        final long worker = startedWorker(parent);

        test.window(KeepAliveProbe.WORKER).postMessage("end now");
        assertEquals(0, parent.awaitExit(), parent.output());
        assertFalse(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false),
            "the worker outlived its parent");
    }

    @Test
    void aWorkersExitListenerRunsBeforeItsParentJvmExits()
    {
        final Child parent = launch("worker-exit-listener");
        final long worker = startedWorker(parent);

        test.window(KeepAliveProbe.WORKER).postMessage("end now");
        assertEquals(0, parent.awaitExit(), parent.output());
        assertTrue(parent.printed("worker ended with 0"), parent.output());
        assertFalse(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false),
            "the worker outlived its parent");
    }

    /**
     * Waits until the parent's main has returned and its worker runs, and checks that the parent is still alive
     * then: only the worker holds it.
     *
     * @return the worker's pid.
     */
    private long startedWorker(final Child parent)
    {
        parent.awaitLines("main returned", "[" + KeepAliveProbe.WORKER + "] worker running");
        final long worker = parent.lines().stream().filter(line -> line.startsWith("worker pid "))
            .mapToLong(line -> Long.parseLong(line.substring("worker pid ".length()))).findFirst()
            .orElseThrow(() -> new AssertionError("no worker pid:\n" + parent.output()));
        grandchildren.add(worker);
        assertTrue(parent.isAlive(), "a running worker let its parent exit:\n" + parent.output());
        return worker;
    }

    /**
     * The probe's close finished before its JVM exited: its context's folder is gone, and no channel is left.
     */
    private void assertClosedCompletely()
    {
        final Path folder = dir.resolve("contexts").resolve(KeepAliveProbe.NAME);
        assertFalse(Files.exists(folder), "the JVM exited before its context finished closing: " + folder + " left");
    }

    private Child launch(final String mode)
    {
        final Child child = Child.launch(dir, mode);
        children.add(child);
        return child;
    }

    /**
     * A probe JVM with the test's class path and the library's JVM flags; everything it prints is kept, in order.
     */
    private static final class Child
    {
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread pump;

        private Child(final Process process)
        {
            this.process = process;
            this.pump = new Thread(this::pump, "probe-output-" + process.pid());
            pump.setDaemon(true);
            pump.start();
        }

        static Child launch(final Path dir, final String mode)
        {
            final List<String> command = JvmFlags.childJvm();
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(KeepAliveProbe.class.getName());
            command.add(dir.toString());
            command.add(mode);
            command.add(TEST);
            try
            {
                return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
            }
            catch (final IOException ex)
            {
                throw new AssertionError("cannot launch the probe", ex);
            }
        }

        boolean isAlive()
        {
            return process.isAlive();
        }

        synchronized List<String> lines()
        {
            return new ArrayList<>(lines);
        }

        synchronized boolean printed(final String line)
        {
            return lines.contains(line);
        }

        synchronized String output()
        {
            return String.join("\n", lines);
        }

        /**
         * Waits until the child has printed every one of these lines, in any order.
         */
        synchronized void awaitLines(final String... expected)
        {
            final long deadline = System.nanoTime() + LIMIT.toNanos();
            while (!lines.containsAll(List.of(expected)))
            {
                final long left = deadline - System.nanoTime();
                if (left <= 0 || (!pump.isAlive() && !lines.containsAll(List.of(expected))))
                {
                    fail("the probe never printed " + List.of(expected) + "; it printed:\n" + output() +
                        (process.isAlive() ? "" : "\n(and exited with " + process.exitValue() + ")"));
                }
                try
                {
                    wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(ex);
                }
            }
        }

        /**
         * @return the exit code; fails when the JVM has not exited by itself within the limit (it hangs).
         */
        int awaitExit()
        {
            try
            {
                if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS))
                {
                    fail("the probe did not exit by itself; it printed:\n" + output());
                }
                pump.join(LIMIT.toMillis());
                return process.exitValue();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }

        void kill()
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try
            {
                process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private void pump()
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    System.out.println("[probe " + process.pid() + "] " + line);
                    synchronized (this)
                    {
                        lines.add(line);
                        notifyAll();
                    }
                }
            }
            catch (final IOException ignore)
            {
                // The child is gone.
            }
            synchronized (this)
            {
                notifyAll();
            }
        }
    }
}
