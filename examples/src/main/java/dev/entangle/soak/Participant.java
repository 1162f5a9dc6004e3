package dev.entangle.soak;

import dev.entangle.Context;
import dev.entangle.DataCloneException;
import dev.entangle.MessagePort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One process of the soak, started by the coordinator: it opens a context under its name in the soak's directory,
 * plays its role (a {@link Node} or the {@link Edge}) on the context's event loop, reports to the coordinator on its
 * standard output, and ends when its standard input, a pipe from the coordinator, says {@code stop} or closes.
 */
final class Participant
{
    /** The role of the processes that are killed and restarted. */
    static final String NODE = "node";
    /** The role of the process that feeds the slow reader and the reader that never starts. */
    static final String EDGE = "edge";
    /** What the coordinator writes on a participant's standard input to end it. */
    static final String STOP = "stop";

    private static final long TICK_MS = 250;
    private static final long STOP_LIMIT_MS = 5_000;

    /** A role's work, run on the context's event loop. */
    interface Role
    {
        void start();

        void tick(long nowNanos);
    }

    final String name;
    final int nodes;
    final int streams;
    final long maxBuffered;
    final long slowDelayMs;
    final long pid = ProcessHandle.current().pid();
    /** Used on the event loop only. */
    final Random random = new Random();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong missedLow = new AtomicLong();
    final AtomicLong maxBufferedSeen = new AtomicLong();
    private Context context;

    private Participant(final String[] args)
    {
        // role name directory nodes streams maxBuffered slowDelayMs, after the --child flag
        this.name = args[2];
        this.nodes = Integer.parseInt(args[4]);
        this.streams = Integer.parseInt(args[5]);
        this.maxBuffered = Long.parseLong(args[6]);
        this.slowDelayMs = Long.parseLong(args[7]);
    }

    /**
     * Runs a participant until the coordinator stops it; never returns normally.
     *
     * @param args {@code --child role name directory nodes streams maxBuffered slowDelayMs}.
     * @return an exit code, when the context cannot be opened.
     */
    static int run(final String[] args)
    {
        final Participant self = new Participant(args);
        final CountDownLatch opened = new CountDownLatch(1);
        final Thread lifeline = new Thread(() -> self.lifeline(opened), "lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
        self.context = Context.builder()
            .directory(Path.of(args[3]))
            .name(self.name)
            .maxBufferedAmount(self.maxBuffered)
            .errorHandler(Report::error)
            .open();
        final Role role = NODE.equals(args[1]) ? new Node(self) : new Edge(self);
        self.context.execute(role::start);
        Report.ready();
        opened.countDown();
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "soak-ticker");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> self.tick(role), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        try
        {
            lifeline.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return 1;
    }

    Context context()
    {
        return context;
    }

    /**
     * @return the name of a node other than this process, chosen at random.
     */
    String otherNode()
    {
        final int own = name.startsWith(NODE + "-") ? Integer.parseInt(name.substring(NODE.length() + 1)) : -1;
        int index;
        do
        {
            index = random.nextInt(nodes);
        }
        while (index == own);
        return NODE + "-" + index;
    }

    /**
     * @return the threshold at which a writer that was held back goes on.
     */
    long lowThreshold()
    {
        return maxBuffered / 4;
    }

    void buffered(final long amount)
    {
        maxBufferedSeen.accumulateAndGet(amount, Math::max);
    }

    /**
     * Reports a close seen on an end here and lets the port go.
     */
    static void endClosed(final String stream, final String end, final MessagePort port)
    {
        Report.closed(stream, end, System.nanoTime());
        port.close();
    }

    /**
     * Sends an end to another context, with what its next holder needs to carry on.
     *
     * @return true when it went: the port is then detached here.
     */
    boolean send(final String target, final Map<String, Object> message, final MessagePort port)
    {
        try
        {
            context.window(target).postMessage(message, "*", List.of(port));
            return true;
        }
        catch (final DataCloneException ex)
        {
            if (!String.valueOf(ex.getMessage()).contains("is closed"))
            {
                Report.error(ex);
            }
            // Else its peer is gone: the library closed the port, and its close event is on its way here.
            return false;
        }
        catch (final RuntimeException ex)
        {
            Report.error(ex);
            return false;
        }
    }

    private void tick(final Role role)
    {
        try
        {
            context.execute(() -> role.tick(System.nanoTime()));
        }
        catch (final IllegalStateException closed)
        {
            return;
        }
        status();
    }

    private void status()
    {
        Report.status(delivered.get(), sent.get(), refused.get(), missedLow.get(), maxBufferedSeen.get());
    }

    /**
     * Reads the coordinator's pipe: {@code stop} ends this process after a last status and a clean close; the end
     * of the pipe (the coordinator is gone) ends it at once.
     */
    private void lifeline(final CountDownLatch opened)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                if (STOP.equals(line.trim()))
                {
                    stop(opened);
                }
            }
        }
        catch (final IOException ignore)
        {
            // Same as the end of the pipe.
        }
        Runtime.getRuntime().halt(143);
    }

    private void stop(final CountDownLatch opened)
    {
        final Thread limit = new Thread(() ->
        {
            try
            {
                Thread.sleep(STOP_LIMIT_MS);
            }
            catch (final InterruptedException ignore)
            {
                // Halting anyway.
            }
            Runtime.getRuntime().halt(1);
        }, "stop-limit");
        limit.setDaemon(true);
        limit.start();
        try
        {
            opened.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        context.close();
        status();
        Runtime.getRuntime().halt(0);
    }
}
