package dev.entangle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Every environment variable and system property the library reads, in one place, with its default.
 */
public final class Configuration
{
    /** Environment variable naming the shared directory when the builder does not. */
    public static final String DIRECTORY_ENV_NAME = "ENTANGLE_DIR";

    /** System property: how often, in milliseconds, a context checks that the peers of its ports still live. */
    public static final String LIVENESS_INTERVAL_PROP_NAME = "entangle.liveness.interval.ms";

    /** Default liveness check interval: a dead peer is noticed well within one second. */
    public static final long LIVENESS_INTERVAL_DEFAULT_MS = 200;

    /** System property: Chronicle block size, in bytes, of every queue. Four times the largest message at least. */
    public static final String QUEUE_BLOCK_SIZE_PROP_NAME = "entangle.queue.block.size";

    /** Default block size: room for a message of {@link #MAX_MESSAGE_SIZE_LIMIT} and its envelope. */
    public static final long QUEUE_BLOCK_SIZE_DEFAULT = 128L << 20;

    /** Largest {@code maxMessageSize} a context accepts: a quarter of the default block size, less envelope room. */
    public static final int MAX_MESSAGE_SIZE_LIMIT = 16 << 20;

    /** Default largest serialized message. */
    public static final int MAX_MESSAGE_SIZE_DEFAULT = 16 << 20;

    /** System property: false makes every event loop poll all its ports each cycle instead of the rung ones. */
    public static final String DOORBELL_PROP_NAME = "entangle.doorbell";

    /** System property: false turns off the thread that populates queue pages ahead of writers and readers. */
    public static final String PREFAULT_PROP_NAME = "entangle.prefault";

    /** Chronicle's own switch for its usage analytics; the library sets it to true unless the user chose. */
    public static final String CHRONICLE_ANALYTICS_PROP_NAME = "chronicle.analytics.disable";

    private Configuration()
    {
    }

    /**
     * @return the directory used when the builder names none: {@code $ENTANGLE_DIR}, else {@code /dev/shm/entangle}
     * where {@code /dev/shm} exists, else {@code entangle} under {@code java.io.tmpdir}.
     */
    public static Path defaultDirectory()
    {
        final String fromEnv = System.getenv(DIRECTORY_ENV_NAME);
        if (fromEnv != null && !fromEnv.isEmpty())
        {
            return Paths.get(fromEnv);
        }
        final Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm.resolve("entangle");
        }
        return Paths.get(System.getProperty("java.io.tmpdir"), "entangle");
    }

    /**
     * @return the liveness check interval in nanoseconds.
     */
    public static long livenessIntervalNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(Long.getLong(LIVENESS_INTERVAL_PROP_NAME, LIVENESS_INTERVAL_DEFAULT_MS));
    }

    /**
     * @return true (the default) when event loops poll only the ports whose doorbell bit was rung.
     */
    public static boolean doorbellEnabled()
    {
        return !"false".equals(System.getProperty(DOORBELL_PROP_NAME));
    }

    /**
     * @return true (the default) when a daemon thread pre-faults the pages ahead of active queue positions.
     */
    public static boolean prefaultEnabled()
    {
        return !"false".equals(System.getProperty(PREFAULT_PROP_NAME));
    }

    /**
     * @return the Chronicle block size for every queue.
     */
    public static long queueBlockSize()
    {
        return Long.getLong(QUEUE_BLOCK_SIZE_PROP_NAME, QUEUE_BLOCK_SIZE_DEFAULT);
    }
}
