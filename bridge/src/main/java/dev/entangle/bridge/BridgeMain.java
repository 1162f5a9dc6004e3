package dev.entangle.bridge;

import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code entangle bridge --federation FILE [--host ID] [--dir DIR] [--aeron-dir DIR]}: runs this host's bridge until
 * the process is told to stop (SIGTERM or SIGINT), when it closes the ports it carries and leaves the directory.
 */
public final class BridgeMain
{
    private static final String USAGE = String.join("\n",
        "usage: entangle bridge --federation FILE [--host ID] [--dir DIR] [--aeron-dir DIR]",
        "",
        "  --federation FILE  the hosts, routes and settings of the federation (the same file on every host)",
        "  --host ID          which host of the file this is (default: the file's 'self' entry)",
        "  --dir DIR          the shared directory to join (default: the host's directory= in the file, else",
        "                     the library's default)",
        "  --aeron-dir DIR    where the embedded media driver keeps its files (default: the host's aeron-dir=)");

    private BridgeMain()
    {
    }

    /**
     * @param args the command line.
     * @throws Exception when the bridge cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        Path federationFile = null;
        String host = null;
        Path directory = null;
        Path aeronDir = null;
        for (int i = 0; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--federation" -> federationFile = Paths.get(required(args[i], value));
                case "--host" -> host = required(args[i], value);
                case "--dir" -> directory = Paths.get(required(args[i], value));
                case "--aeron-dir" -> aeronDir = Paths.get(required(args[i], value));
                case "-h", "--help" ->
                {
                    System.out.println(USAGE);
                    return;
                }
                default ->
                {
                    System.err.println("unknown argument: " + args[i] + "\n" + USAGE);
                    System.exit(2);
                    return;
                }
            }
            i++;
        }
        if (federationFile == null)
        {
            System.err.println("--federation is required\n" + USAGE);
            System.exit(2);
            return;
        }
        final BridgeSettings settings = BridgeSettings.settle(Federation.read(federationFile).as(host), directory,
            aeronDir);
        run(settings);
    }

    private static String required(final String option, final String value)
    {
        if (value == null)
        {
            System.err.println(option + " needs a value\n" + USAGE);
            System.exit(2);
        }
        return value;
    }

    /**
     * Runs a bridge on this thread until the JVM is told to stop.
     *
     * @param settings its settings.
     */
    static void run(final BridgeSettings settings)
    {
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread loop = Thread.currentThread();
        final boolean[] stopping = new boolean[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            synchronized (stopping)
            {
                stopping[0] = true;
            }
            try
            {
                if (!stopped.await(10, TimeUnit.SECONDS))
                {
                    loop.interrupt();
                }
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }, "entangle-bridge-stop"));
        final IdleStrategy idle = settings.idleStrategy();
        try (Bridge bridge = new Bridge(settings))
        {
            System.out.println("ready");
            while (!isStopping(stopping))
            {
                int work = 0;
                try
                {
                    work = bridge.doWork();
                }
                catch (final RuntimeException ex)
                {
                    bridge.onError(ex);
                }
                idle.idle(work);
            }
            bridge.log("stopping: closing the ports that cross to other hosts");
        }
        finally
        {
            stopped.countDown();
        }
    }

    private static boolean isStopping(final boolean[] stopping)
    {
        synchronized (stopping)
        {
            return stopping[0];
        }
    }
}
