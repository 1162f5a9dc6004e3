package dev.entangle.examples;

import dev.entangle.JvmFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each example runs as its own JVM, as a user would run it; the test reads what it narrates and its exit code, and
 * checks that it left no process behind.
 */
@Timeout(300)
class ExamplesIT
{
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private Process example;

    @AfterEach
    void killWhateverIsLeft()
    {
        if (example != null)
        {
            example.descendants().forEach(ProcessHandle::destroyForcibly);
            example.destroyForcibly();
        }
    }

    private String run(final String name) throws IOException, InterruptedException
    {
        final List<String> command = JvmFlags.childJvm();
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Examples.class.getName());
        command.add(name);
        example = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<ProcessHandle> children = new ArrayList<>();
        final StringBuilder output = new StringBuilder();
        final Thread reader = new Thread(() ->
        {
            try
            {
                output.append(new String(example.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            catch (final IOException ignore)
            {
                // The example was killed.
            }
        });
        reader.start();
        final long deadline = System.nanoTime() + LIMIT.toNanos();
        while (example.isAlive() && System.nanoTime() < deadline)
        {
            example.descendants().forEach(children::add);
            Thread.sleep(50);
        }
        if (!example.waitFor(1, TimeUnit.MILLISECONDS))
        {
            // What every JVM of the example was doing, before it is killed: a hang is otherwise a bare timeout.
            final StringBuilder dumps = new StringBuilder();
            example.descendants().forEach(child -> dumps.append(threadDump(child.pid())));
            dumps.append(threadDump(example.pid()));
            example.descendants().forEach(ProcessHandle::destroyForcibly);
            example.destroyForcibly();
            reader.join();
            fail("example " + name + " did not end within " + LIMIT + "; it printed:\n" + output + dumps);
        }
        reader.join();
        System.out.println(output);
        assertEquals(0, example.exitValue(), output.toString());
        for (final ProcessHandle child : children)
        {
            final boolean ended = child.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join() != null;
            assertTrue(ended || !child.isAlive(), "process " + child.pid() + " outlived example " + name);
        }
        return output.toString();
    }

    private static String threadDump(final long pid)
    {
        final String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        try
        {
            final Process dump = new ProcessBuilder(jcmd, Long.toString(pid), "Thread.print")
                .redirectErrorStream(true).start();
            final String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return "\n--- threads of " + pid + " ---\n" + text;
        }
        catch (final IOException | InterruptedException ex)
        {
            return "\n--- no thread dump of " + pid + ": " + ex + "\n";
        }
    }

    @Test
    void channel() throws Exception
    {
        final String output = run("channel");
        assertTrue(output.contains("] Message is: hello\n"), output);
        assertTrue(output.contains("port1 got the answer: Message is: hello"), output);
        assertTrue(output.contains("the second process ended with exit code 0"), output);
    }

    @Test
    void crossDocument() throws Exception
    {
        final String output = run("cross-document");
        assertTrue(output.contains("message from https://page.example: hello (1 port)"), output);
        assertTrue(!output.contains("for someone else (0 ports)"), output);
        assertTrue(output.contains("window message from http://example.com (source other): hello back"), output);
        assertTrue(output.contains("port1 got: port2 works in the other window"), output);
        assertTrue(output.contains("was dropped on arrival"), output);
    }

    @Test
    void worker() throws Exception
    {
        final String output = run("worker");
        assertTrue(output.contains("[worker] got {code: \"port\"} with a port"), output);
        assertTrue(output.contains("Message is: Port received."), output);
    }

    @Test
    void remote() throws Exception
    {
        final String output = run("remote");
        assertTrue(output.contains("] kv.get(\"colour\") -> green\n"), output);
        assertTrue(output.contains("] listener called back from the worker: shape=circle\n"), output);
        assertTrue(output.contains("kv.size() returned a future at once; it completed with 2"), output);
        assertTrue(output.contains("threw RemoteException: java.util.NoSuchElementException: no key missing"), output);
        assertTrue(output.contains("the pending future failed: dev.entangle.RemoteException:"), output);
        assertTrue(output.contains("done: a worker's object was called like a local one"), output);
    }

    @Test
    void broadcast() throws Exception
    {
        final String output = run("broadcast");
        assertTrue(output.contains("[ada] heard everyone on the roll: [bob, cy]"), output);
        assertTrue(output.contains("[bob] heard everyone on the roll: [ada, cy]"), output);
        assertTrue(output.contains("[cy] heard everyone on the roll: [ada, bob]"), output);
        assertTrue(output.contains("[bob] leaving"), output);
        assertTrue(output.contains("[dee] heard everyone on the roll: [ada, cy] (the first thing I heard: rollcall)"),
            output);
        assertTrue(output.contains("[ada] heard everyone on the roll: [cy, dee]"), output);
        assertTrue(output.contains("done: every member heard every other"), output);
    }

    @Test
    void twoHosts() throws Exception
    {
        final String output = run("two-hosts");
        assertTrue(output.contains("[billing on host2] message from orders@host1 (origin https://orders.example): " +
            "open an account, with 1 port"), output);
        assertTrue(output.contains("[orders on host1] window message from billing@host2 (origin " +
            "https://billing.example): account opened"), output);
        assertTrue(output.contains("[billing on host2] port2 got: order 3"), output);
        assertTrue(output.contains("[orders on host1] port1 got: billed order 3"), output);
        assertTrue(output.contains("port2 closed, after the 3 orders sent before it"), output);
        assertTrue(output.contains("done: a port crossed hosts"), output);
    }

    @Test
    void fountains() throws Exception
    {
        final String output = run("fountains");
        for (int pulse = 0; pulse < FountainsExample.PULSES; pulse++)
        {
            final int last = FountainsExample.LAPS * FountainsExample.FOUNTAINS - 1;
            assertTrue(output.contains("(pulse " + pulse + ", hop " + last + ")"), output);
        }
        assertTrue(output.contains("done: every pulse visited every fountain in order"), output);
    }
}
