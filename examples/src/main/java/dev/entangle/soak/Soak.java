package dev.entangle.soak;

import java.util.Arrays;

/**
 * The soak test: {@code java -jar entangle-examples.jar soak [--minutes N]}, or {@code ./entangle soak}. Several
 * processes pass numbered messages and ports among themselves at full speed for N minutes while one of them is
 * killed with SIGKILL every few seconds and started again under its name; a slow reader and a reader that never
 * starts hold their writers at the limit. It prints a line every 10 seconds and a summary at the end, and exits
 * non-zero on an ordering violation, on the shared directory crossing its memory bound, or on a kill whose
 * {@code close} never reaches a surviving peer. See {@link Coordinator} for what runs and what is measured.
 */
public final class Soak
{
    /** The first argument of a participant's command line, followed by its role and settings. */
    static final String CHILD = "--child";

    private static final String USAGE = String.join("\n",
        "usage: soak [--minutes N] [--seconds N] [--kill-every SECONDS] [--nodes N]",
        "",
        "  Runs node processes (default 4) and one edge process in a fresh directory under /dev/shm. The",
        "  nodes write numbered messages to each other at full speed and move their ports from process to",
        "  process; the edge feeds a reader that reads slowly and one that never starts. Every few seconds",
        "  (--kill-every, default 5) a node is killed with SIGKILL and started again under its name.",
        "",
        "  Prints a line every 10 s and a summary at the end. Exits 1 on an ordering violation, on the",
        "  directory crossing its memory bound, or on a kill whose close never reached a surviving peer.",
        "  --minutes N   how long to run (default 10); --seconds N for a shorter run");

    private Soak()
    {
    }

    /**
     * Runs the soak, or one of its participants, and exits with its code.
     *
     * @param args see the usage.
     */
    public static void main(final String[] args)
    {
        final int code = run(args);
        System.out.flush();
        System.exit(code);
    }

    /**
     * @param args see the usage; {@code --child ...} runs a participant.
     * @return 0 when the soak passed, 1 when it failed, 2 for a usage error.
     */
    public static int run(final String[] args)
    {
        if (args.length > 0 && CHILD.equals(args[0]))
        {
            return Participant.run(args);
        }
        final Options options;
        try
        {
            options = Options.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("soak: " + ex.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        if (options == null)
        {
            System.out.println(USAGE);
            return 0;
        }
        return new Coordinator(options).run();
    }

    /**
     * The soak's settings.
     *
     * @param seconds          how long it runs.
     * @param killEverySeconds the mean time between kills.
     * @param nodes            node processes.
     * @param streams          streams each node incarnation makes.
     * @param maxBuffered      each context's {@code maxBufferedAmount}.
     * @param slowDelayMillis  the slow reader's sleep after each message.
     */
    record Options(long seconds, double killEverySeconds, int nodes, int streams, long maxBuffered,
        long slowDelayMillis)
    {
        static final long MAX_BUFFERED = 4L << 20;

        /**
         * @return the options, or null when help was asked for.
         * @throws IllegalArgumentException for anything else.
         */
        static Options parse(final String[] args)
        {
            long seconds = 600;
            double killEvery = 5;
            int nodes = 4;
            for (int i = 0; i < args.length; i++)
            {
                final String flag = args[i];
                if ("--help".equals(flag) || "-h".equals(flag))
                {
                    return null;
                }
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("missing value after " + flag + " in " + Arrays.toString(args));
                }
                final String value = args[++i];
                switch (flag)
                {
                    case "--minutes" -> seconds = Math.round(positive(flag, value) * 60);
                    case "--seconds" -> seconds = Math.round(positive(flag, value));
                    case "--kill-every" -> killEvery = positive(flag, value);
                    case "--nodes" -> nodes = (int)positive(flag, value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (nodes < 2)
            {
                throw new IllegalArgumentException("--nodes must be at least 2: " + nodes);
            }
            return new Options(seconds, killEvery, nodes, 3, MAX_BUFFERED, 2);
        }

        private static double positive(final String flag, final String value)
        {
            final double number;
            try
            {
                number = Double.parseDouble(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(flag + " needs a number: " + value);
            }
            if (!(number > 0))
            {
                throw new IllegalArgumentException(flag + " must be positive: " + value);
            }
            return number;
        }
    }
}
