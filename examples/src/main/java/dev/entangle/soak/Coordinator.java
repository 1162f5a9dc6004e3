package dev.entangle.soak;

import dev.entangle.Configuration;
import dev.entangle.JvmFlags;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the soak. In a fresh owner-only directory ({@link SoakDirectory}) it starts, as
 * its own child processes, the nodes ({@code node-0} ...) and the edge ({@link Participant}), each with
 * {@code maxBufferedAmount} 4 MiB and a sweep of the directory every 2 seconds. Then, until the time is up: every
 * second it measures the directory and each process's descriptors ({@link Gauges}) and checks the directory against
 * its bound; every few seconds it kills a node with SIGKILL and starts it again under its name after up to a second;
 * every 10 seconds it prints a line. At the end it waits for the closes the last kills owe, stops every process,
 * prints the summary ({@link Summary}) and removes the directory. A shutdown hook kills whatever it started and
 * removes the directory however it ends; the participants end by themselves when their standard input, a pipe from
 * here, closes.
 */
final class Coordinator
{
    /** The memory one stream may hold, as a multiple of maxBufferedAmount: see {@link #allowance()}. */
    static final int ALLOWANCE_FACTOR = 4;

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long READY_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final long TICK_MILLIS = 50;
    /** How often the participants sweep the directory for what dead processes left. */
    private static final long SWEEP_MILLIS = 2_000;
    /** How long the files of a stream that ended may stay: a close, a sweep, and time to spare. */
    static final long RECLAIM_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Soak.Options options;
    private final Ledger ledger = new Ledger();
    private final Random random = new Random();
    private final AtomicLong stderrLines = new AtomicLong();
    private final List<Child> nodes = new ArrayList<>();
    private final List<Child> everyone = new ArrayList<>();
    private final Map<Child, Long> restartAt = new HashMap<>();
    private Path directory;
    private Gauges gauges;
    private long unexpectedExits;
    private long boundCrossings;
    private int peakStreams;

    Coordinator(final Soak.Options options)
    {
        this.options = options;
    }

    /**
     * @return 0 when the soak passed, 1 when it failed.
     */
    int run()
    {
        for (final Path abandoned : SoakDirectory.removeAbandoned())
        {
            System.out.println("soak: removed " + abandoned + ", left by a soak that was killed");
        }
        directory = SoakDirectory.create();
        gauges = new Gauges(directory);
        final Thread cleanup = new Thread(this::cleanUp, "soak-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try
        {
            Summary.header(options, directory, allowance());
            if (!launch())
            {
                return 1;
            }
            final long start = System.nanoTime();
            soak(start, start + TimeUnit.SECONDS.toNanos(options.seconds()));
            windDown();
            final long elapsed = System.nanoTime() - start;
            ledger.end();
            stopAll();
            final String leftover = gauges.leftover();
            return Summary.print(ledger.totals(), gauges, options, elapsed, unexpectedExits, boundCrossings,
                stderrLines.get(), peakStreams, leftover) ? 0 : 1;
        }
        finally
        {
            cleanUp();
            try
            {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // The hook runs, or ran, anyway.
            }
        }
    }

    /**
     * The memory one stream may hold: only its writer's port posts, and a port's lane grows its ring by doubling
     * while the reader gives each ring back once it has left it. So what is buffered (at most maxBufferedAmount,
     * plus frame headers) sits in a ring at most twice its size, next to older rings that together are no larger
     * than that ring: 4 x maxBufferedAmount. A context's inbox is bounded the same way.
     */
    long allowance()
    {
        return ALLOWANCE_FACTOR * options.maxBuffered();
    }

    /**
     * @param streams the streams open now or ended within {@link #RECLAIM_NANOS}: the files of a stream whose port
     *                died are removed by the next sweep once its other port closed.
     * @return the bytes the directory may take now: one allowance for each of those streams and for each context's
     * inbox.
     */
    long bound(final int streams)
    {
        return (streams + everyone.size()) * allowance();
    }

    private boolean launch()
    {
        for (int i = 0; i < options.nodes(); i++)
        {
            nodes.add(new Child(Participant.NODE + "-" + i, command(Participant.NODE, Participant.NODE + "-" + i),
                ledger, stderrLines));
        }
        everyone.addAll(nodes);
        everyone.add(new Child(Participant.EDGE, command(Participant.EDGE, Participant.EDGE), ledger, stderrLines));
        everyone.forEach(Child::start);
        for (final Child child : everyone)
        {
            if (!child.awaitReady(READY_MILLIS))
            {
                System.out.println("soak: FAILED: " + child.name + " did not open its context within " +
                    TimeUnit.MILLISECONDS.toSeconds(READY_MILLIS) + " s");
                return false;
            }
        }
        return true;
    }

    private List<String> command(final String role, final String name)
    {
        final List<String> command = JvmFlags.childJvm();
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
            "-D" + Configuration.SWEEP_INTERVAL_PROP_NAME + "=" + SWEEP_MILLIS,
            "-cp", System.getProperty("java.class.path"), Soak.class.getName(), Soak.CHILD, role, name,
            directory.toString(), Integer.toString(options.nodes()), Integer.toString(options.streams()),
            Long.toString(options.maxBuffered()), Long.toString(options.slowDelayMillis())));
        return command;
    }

    private void soak(final long start, final long end)
    {
        long nextSample = start;
        long nextProgress = start + PROGRESS_NANOS;
        long nextKill = start + killInterval();
        long now;
        while ((now = System.nanoTime()) < end)
        {
            if (now >= nextSample)
            {
                sample();
                nextSample += SECOND_NANOS;
            }
            ledger.tick(now);
            restartDue(now);
            if (now >= nextKill)
            {
                killOne(now);
                nextKill = now + killInterval();
            }
            if (now >= nextProgress)
            {
                Summary.progress(ledger.totals(), gauges, now - start, ledger.livePorts(false));
                nextProgress += PROGRESS_NANOS;
            }
            pause();
        }
    }

    /**
     * No more kills: restarts what is down and waits for the closes the last kills owe.
     */
    private void windDown()
    {
        final long limit = System.nanoTime() + Ledger.CLOSE_LIMIT_NANOS + SECOND_NANOS;
        long nextSample = System.nanoTime() + SECOND_NANOS;
        long now;
        while ((now = System.nanoTime()) < limit && (ledger.awaitingCloses() || !restartAt.isEmpty()))
        {
            restartDue(now);
            ledger.tick(now);
            if (now >= nextSample)
            {
                sample();
                nextSample += SECOND_NANOS;
            }
            pause();
        }
        ledger.tick(now);
    }

    private void sample()
    {
        final int streams = ledger.streamsHeld(System.nanoTime(), RECLAIM_NANOS);
        peakStreams = Math.max(peakStreams, streams);
        final long bound = bound(streams);
        final long bytes = gauges.sampleDirectory(bound);
        if (bytes > bound)
        {
            boundCrossings++;
            ledger.failure(String.format("the directory took %.1f MiB, over its bound of %.1f MiB (%d streams " +
                "and %d inboxes, %d MiB each)", bytes / 1048576.0, bound / 1048576.0, streams, everyone.size(),
                allowance() >> 20));
        }
        for (final Child child : everyone)
        {
            if (!restartAt.containsKey(child))
            {
                gauges.sampleDescriptors(child.name, child.pid());
            }
        }
    }

    private void killOne(final long now)
    {
        final Child victim = nodes.get(random.nextInt(nodes.size()));
        if (restartAt.containsKey(victim))
        {
            return;
        }
        victim.kill();
        restartAt.put(victim, now + (long)(random.nextDouble() * SECOND_NANOS));
    }

    private void restartDue(final long now)
    {
        for (final Child child : everyone)
        {
            final Integer code = child.endedOnItsOwn();
            if (code != null && !restartAt.containsKey(child))
            {
                unexpectedExits++;
                ledger.failure(child.name + " (pid " + child.pid() + ") exited by itself with code " + code);
                child.kill();
                restartAt.put(child, now);
            }
        }
        for (final Child child : List.copyOf(restartAt.keySet()))
        {
            if (now >= restartAt.get(child))
            {
                restartAt.remove(child);
                child.start();
            }
        }
    }

    private void stopAll()
    {
        everyone.forEach(Child::stop);
        for (final Child child : everyone)
        {
            if (!child.awaitExit(TimeUnit.SECONDS.toMillis(10)))
            {
                child.destroy(TimeUnit.SECONDS.toMillis(5));
            }
        }
        // The reports of the last lines in the pipes.
        pause();
    }

    private long killInterval()
    {
        final double seconds = options.killEverySeconds() * (0.5 + random.nextDouble());
        return (long)(seconds * SECOND_NANOS);
    }

    private void cleanUp()
    {
        for (final Child child : everyone)
        {
            child.destroy(TimeUnit.SECONDS.toMillis(5));
        }
        if (directory != null)
        {
            SoakDirectory.delete(directory);
        }
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(TICK_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
