package dev.entangle.bridge;

import dev.entangle.Configuration;
import io.aeron.driver.ThreadingMode;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A bridge's settings, settled once: each from its system property when set, else from the federation file
 * ({@code set <key> <value>}, the key being the property's name without {@code entangle.}), else its default.
 *
 * @param federation     the federation, seen from this host.
 * @param directory      the shared directory the bridge joins.
 * @param aeronDirectory where the embedded media driver keeps its files.
 * @param name           the bridge's name in the directory; its inbox for host h is {@code name.h}.
 * @param livenessNanos  how long a host may stay silent before every port that crosses to it closes.
 * @param heartbeatNanos how often the bridge tells each host it lives.
 * @param termLength     the Aeron term length of each link; the largest message is an eighth of it.
 * @param threading      the media driver's threading mode.
 * @param mtu            the UDP payload of one Aeron frame.
 * @param idle           how the bridge's thread waits when idle: {@code backoff}, {@code yield} or {@code spin}.
 */
public record BridgeSettings(
    Federation federation,
    Path directory,
    Path aeronDirectory,
    String name,
    long livenessNanos,
    long heartbeatNanos,
    int termLength,
    ThreadingMode threading,
    int mtu,
    String idle)
{
    /** How long, in milliseconds, a host may stay silent before the ports that cross to it close. */
    public static final String REMOTE_LIVENESS_PROP_NAME = "entangle.remote.liveness.ms";
    /** Default remote liveness: 5 s. */
    public static final long REMOTE_LIVENESS_DEFAULT_MS = 5000;
    /** The bridge's name in the directory. */
    public static final String NAME_PROP_NAME = "entangle.bridge.name";
    /** Default bridge name. */
    public static final String NAME_DEFAULT = "entangle-bridge";
    /** The Aeron term length of each link, in bytes (a power of two, 64k to 1g; {@code k}, {@code m} suffixes). */
    public static final String TERM_LENGTH_PROP_NAME = "entangle.bridge.term.length";
    /** Default term length: 16 MiB, which carries messages up to 2 MiB. */
    public static final int TERM_LENGTH_DEFAULT = 16 << 20;
    /** The media driver's threading: {@code invoker} (one thread for all), {@code shared} or {@code dedicated}. */
    public static final String THREADING_PROP_NAME = "entangle.bridge.threading";
    /** The UDP payload of one Aeron frame, in bytes. */
    public static final String MTU_PROP_NAME = "entangle.bridge.mtu";
    /** Default MTU: Aeron's, 1408 bytes. */
    public static final int MTU_DEFAULT = 1408;
    /**
     * How the bridge's thread waits when idle: {@code backoff} (spin, yield, then park up to 1 ms: the default, for
     * small hosts), {@code yield}, or {@code spin} (lowest latency, one core busy).
     */
    public static final String IDLE_PROP_NAME = "entangle.bridge.idle";

    /**
     * @param federation the federation, seen from this host.
     * @param directory  the shared directory, or null for the host's {@code directory} attribute, else the library's
     *                   default.
     * @param aeronDir   the Aeron directory, or null for the host's {@code aeron-dir} attribute, else
     *                   {@code aeron-<user>-bridge-<host>} beside the default shared directory.
     * @return the settled settings.
     * @throws IllegalArgumentException naming a bad value.
     */
    public static BridgeSettings settle(final Federation federation, final Path directory, final Path aeronDir)
    {
        final Federation.Host self = federation.selfHost();
        final Path dir = directory != null ? directory : self.attributes().containsKey("directory") ?
            Paths.get(self.attributes().get("directory")) : Configuration.defaultDirectory();
        final Path aeron = aeronDir != null ? aeronDir : self.attributes().containsKey("aeron-dir") ?
            Paths.get(self.attributes().get("aeron-dir")) : Configuration.defaultDirectory().resolveSibling(
            "aeron-" + System.getProperty("user.name", "default") + "-bridge-" + federation.self());
        final long livenessMs = parseLong(value(federation, REMOTE_LIVENESS_PROP_NAME,
            Long.toString(REMOTE_LIVENESS_DEFAULT_MS)), REMOTE_LIVENESS_PROP_NAME);
        if (livenessMs < 200 || livenessMs > TimeUnit.HOURS.toMillis(1))
        {
            throw new IllegalArgumentException(REMOTE_LIVENESS_PROP_NAME + " must be in [200, 3600000]: " + livenessMs);
        }
        final String name = value(federation, NAME_PROP_NAME, NAME_DEFAULT);
        final int termLength = (int)parseSize(value(federation, TERM_LENGTH_PROP_NAME,
            Integer.toString(TERM_LENGTH_DEFAULT)), TERM_LENGTH_PROP_NAME);
        if (termLength < 64 << 10 || Integer.bitCount(termLength) != 1)
        {
            throw new IllegalArgumentException(TERM_LENGTH_PROP_NAME + " must be a power of two of at least 64k: " +
                termLength);
        }
        final String threading = value(federation, THREADING_PROP_NAME, "invoker").toUpperCase(Locale.ROOT);
        final ThreadingMode mode;
        try
        {
            mode = ThreadingMode.valueOf(threading);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(THREADING_PROP_NAME + " must be invoker, shared or dedicated: " +
                threading.toLowerCase(Locale.ROOT), ex);
        }
        final int mtu = (int)parseSize(value(federation, MTU_PROP_NAME, Integer.toString(MTU_DEFAULT)), MTU_PROP_NAME);
        final long liveness = TimeUnit.MILLISECONDS.toNanos(livenessMs);
        final long heartbeat = Math.max(TimeUnit.MILLISECONDS.toNanos(20), Math.min(liveness / 10,
            TimeUnit.MILLISECONDS.toNanos(500)));
        final String idle = value(federation, IDLE_PROP_NAME, "backoff").toLowerCase(Locale.ROOT);
        if (!List.of("backoff", "yield", "spin").contains(idle))
        {
            throw new IllegalArgumentException(IDLE_PROP_NAME + " must be backoff, yield or spin: " + idle);
        }
        return new BridgeSettings(federation, dir, aeron, name, liveness, heartbeat, termLength, mode, mtu, idle);
    }

    /**
     * @return the idle strategy of the bridge's thread.
     */
    public IdleStrategy idleStrategy()
    {
        return switch (idle)
        {
            case "spin" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            default -> new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1));
        };
    }

    /**
     * @return how long the media driver keeps an image or a publication with no sign from the other side: half the
     * remote liveness, so that a link back within the liveness is found and resent over a new image.
     */
    public long aeronTimeoutNanos()
    {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(500), livenessNanos / 2);
    }

    private static String value(final Federation federation, final String property, final String fallback)
    {
        final String fromProperty = System.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank())
        {
            return fromProperty.trim();
        }
        final String fromFile = federation.setting(property.substring("entangle.".length()));
        return fromFile != null ? fromFile : fallback;
    }

    private static long parseLong(final String value, final String what)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + " is not a number: " + value, ex);
        }
    }

    private static long parseSize(final String value, final String what)
    {
        final String lower = value.toLowerCase(Locale.ROOT);
        final long unit = lower.endsWith("k") ? 1 << 10 : lower.endsWith("m") ? 1 << 20 :
            lower.endsWith("g") ? 1 << 30 : 1;
        return parseLong(unit == 1 ? lower : lower.substring(0, lower.length() - 1), what) * unit;
    }
}
