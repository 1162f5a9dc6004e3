package dev.entangle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Every environment variable and system property the library reads, in one place, with its default. Each setting
 * also has a {@link Context.Builder} method, which wins over the system property; {@link Context#settings()} shows
 * the value in effect and where it came from.
 */
public final class Configuration
{
    /** Environment variable naming the shared directory when the builder does not. */
    public static final String DIRECTORY_ENV_NAME = "ENTANGLE_DIR";

    /** How often, in milliseconds, a context checks that the peers of its ports still live. */
    public static final String LIVENESS_INTERVAL_PROP_NAME = "entangle.liveness.interval.ms";
    /** Default liveness check interval: a dead peer is noticed well within one second. */
    public static final long LIVENESS_INTERVAL_DEFAULT_MS = 200;

    /** The largest serialized message, in bytes. */
    public static final String MAX_MESSAGE_SIZE_PROP_NAME = "entangle.max.message.size";
    /** Largest {@code maxMessageSize} a context accepts; larger data travels as an {@code ArrayBuffer}. */
    public static final int MAX_MESSAGE_SIZE_LIMIT = 16 << 20;
    /** Default largest serialized message. */
    public static final int MAX_MESSAGE_SIZE_DEFAULT = 16 << 20;

    /** Bytes that may wait unread on one port (or in one inbox) before posts are refused. */
    public static final String MAX_BUFFERED_AMOUNT_PROP_NAME = "entangle.max.buffered.amount";
    /** Default buffered limit. */
    public static final long MAX_BUFFERED_AMOUNT_DEFAULT = 64L << 20;

    /** Milliseconds a message may wait in the inbox of a name no context holds. */
    public static final String INBOX_EXPIRY_PROP_NAME = "entangle.inbox.expiry.ms";
    /** Default inbox expiry: long enough for a worker JVM to start on a loaded machine. */
    public static final long INBOX_EXPIRY_DEFAULT_MS = 10 * 60 * 1000L;

    /** The ring a new lane starts with, in bytes (a power of two); it grows for a backlog and shrinks after. */
    public static final String LANE_CAPACITY_PROP_NAME = "entangle.lane.capacity";
    /** Default initial ring. */
    public static final int LANE_CAPACITY_DEFAULT = 64 << 10;

    /** Milliseconds after its last growth that a ring much larger than its backlog is replaced by a small one. */
    public static final String LANE_SHRINK_PROP_NAME = "entangle.lane.shrink.ms";
    /** Default shrink delay. */
    public static final long LANE_SHRINK_DEFAULT_MS = 1000;

    /** {@code false} turns off the CRC32C of each message that receivers verify. */
    public static final String CHECKSUMS_PROP_NAME = "entangle.checksums";
    /** Checksums are on by default. */
    public static final boolean CHECKSUMS_DEFAULT = true;

    /** {@code false} makes every event loop poll all its ports each cycle instead of the rung ones. */
    public static final String DOORBELL_PROP_NAME = "entangle.doorbell";
    /** The doorbell is on by default. */
    public static final boolean DOORBELL_DEFAULT = true;

    /** {@code false}: open contexts with listeners do not keep the JVM alive. */
    public static final String KEEP_ALIVE_PROP_NAME = "entangle.keep.alive";
    /** Contexts keep the JVM alive by default, as Node's ports with listeners do. */
    public static final boolean KEEP_ALIVE_DEFAULT = true;

    /** Milliseconds the folder of a context that died is kept, so that its error log can be read. */
    public static final String SWEEP_GRACE_PROP_NAME = "entangle.sweep.grace.ms";
    /** Default grace: ten minutes. */
    public static final long SWEEP_GRACE_DEFAULT_MS = 10 * 60 * 1000L;

    /** Milliseconds between sweeps of the directory for what dead processes left. */
    public static final String SWEEP_INTERVAL_PROP_NAME = "entangle.sweep.interval.ms";
    /** Default: once a minute (and whenever a context opens). */
    public static final long SWEEP_INTERVAL_DEFAULT_MS = 60 * 1000L;

    /** {@code false} turns off the counters each context keeps (the error log is always kept). */
    public static final String COUNTERS_PROP_NAME = "entangle.counters";
    /** Counters are on by default. */
    public static final boolean COUNTERS_DEFAULT = true;

    private Configuration()
    {
    }

    /**
     * @return the directory used when the builder names none: {@code $ENTANGLE_DIR}, else
     * {@code /dev/shm/entangle-<user>} where {@code /dev/shm} exists, else {@code entangle-<user>} under
     * {@code java.io.tmpdir}. Per user, so that users of one host never share one.
     */
    public static Path defaultDirectory()
    {
        final String fromEnv = System.getenv(DIRECTORY_ENV_NAME);
        if (fromEnv != null && !fromEnv.isEmpty())
        {
            return Paths.get(fromEnv);
        }
        final String folder = "entangle-" + System.getProperty("user.name", "default");
        final Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm.resolve(folder);
        }
        return Paths.get(System.getProperty("java.io.tmpdir"), folder);
    }

    /**
     * @return the liveness check interval in milliseconds.
     */
    public static long livenessIntervalMs()
    {
        return Long.getLong(LIVENESS_INTERVAL_PROP_NAME, LIVENESS_INTERVAL_DEFAULT_MS);
    }

    /**
     * @return true (the default) when event loops poll only the ports whose doorbell bit was rung.
     */
    public static boolean doorbellEnabled()
    {
        return flag(DOORBELL_PROP_NAME, DOORBELL_DEFAULT);
    }

    static boolean flag(final String property, final boolean defaultValue)
    {
        final String value = System.getProperty(property);
        return value == null ? defaultValue : !"false".equalsIgnoreCase(value.trim());
    }
}
