package dev.entangle;

import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.runtime.RuntimeSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A context's settings, settled once at {@link Context.Builder#open()}: each value comes from the builder if it was
 * set there, else from its system property, else from the default; every value is checked, and an error names the
 * setting and the bad value.
 */
final class ContextSettings
{
    /** A builder field that was not set. */
    static final long UNSET = Long.MIN_VALUE;

    final Path directory;
    final int maxMessageSize;
    final long maxBufferedAmount;
    final long inboxExpiryMs;
    final long livenessIntervalMs;
    final int laneCapacity;
    final long laneShrinkMs;
    final boolean checksums;
    final boolean doorbell;
    final boolean keepAlive;
    final boolean counters;
    final long sweepGraceMs;
    final long sweepIntervalMs;
    final Settings report;

    private final List<Settings.Entry> entries = new ArrayList<>();

    ContextSettings(
        final Path directory,
        final long maxMessageSize,
        final long maxBufferedAmount,
        final long inboxExpiryMs,
        final long livenessIntervalMs,
        final long laneCapacity,
        final int checksums,
        final int doorbell,
        final int keepAlive,
        final int counters,
        final long sweepGraceMs)
    {
        this.directory = resolveDirectory(directory);
        this.maxMessageSize = (int)resolve(Configuration.MAX_MESSAGE_SIZE_PROP_NAME, maxMessageSize,
            Configuration.MAX_MESSAGE_SIZE_DEFAULT, 1, Configuration.MAX_MESSAGE_SIZE_LIMIT);
        this.maxBufferedAmount = resolve(Configuration.MAX_BUFFERED_AMOUNT_PROP_NAME, maxBufferedAmount,
            Configuration.MAX_BUFFERED_AMOUNT_DEFAULT, 1, Long.MAX_VALUE);
        this.inboxExpiryMs = resolve(Configuration.INBOX_EXPIRY_PROP_NAME, inboxExpiryMs,
            Configuration.INBOX_EXPIRY_DEFAULT_MS, 0, Long.MAX_VALUE);
        this.livenessIntervalMs = resolve(Configuration.LIVENESS_INTERVAL_PROP_NAME, livenessIntervalMs,
            Configuration.LIVENESS_INTERVAL_DEFAULT_MS, 1, TimeUnit.HOURS.toMillis(1));
        this.laneCapacity = (int)resolve(Configuration.LANE_CAPACITY_PROP_NAME, laneCapacity,
            Configuration.LANE_CAPACITY_DEFAULT, dev.entangle.internal.lane.LaneDescriptor.MIN_CAPACITY,
            dev.entangle.internal.lane.LaneDescriptor.MAX_CAPACITY);
        if (Long.bitCount(this.laneCapacity) != 1)
        {
            throw new IllegalArgumentException(Configuration.LANE_CAPACITY_PROP_NAME + " must be a power of two: " +
                this.laneCapacity);
        }
        this.laneShrinkMs = resolve(Configuration.LANE_SHRINK_PROP_NAME, UNSET, Configuration.LANE_SHRINK_DEFAULT_MS,
            0, Long.MAX_VALUE);
        this.checksums = resolveFlag(Configuration.CHECKSUMS_PROP_NAME, checksums, Configuration.CHECKSUMS_DEFAULT);
        this.doorbell = resolveFlag(Configuration.DOORBELL_PROP_NAME, doorbell, Configuration.DOORBELL_DEFAULT);
        this.keepAlive = resolveFlag(Configuration.KEEP_ALIVE_PROP_NAME, keepAlive, Configuration.KEEP_ALIVE_DEFAULT);
        this.counters = resolveFlag(Configuration.COUNTERS_PROP_NAME, counters, Configuration.COUNTERS_DEFAULT);
        this.sweepGraceMs = resolve(Configuration.SWEEP_GRACE_PROP_NAME, sweepGraceMs,
            Configuration.SWEEP_GRACE_DEFAULT_MS, 0, Long.MAX_VALUE);
        this.sweepIntervalMs = resolve(Configuration.SWEEP_INTERVAL_PROP_NAME, UNSET,
            Configuration.SWEEP_INTERVAL_DEFAULT_MS, 10, Long.MAX_VALUE);
        this.report = new Settings(List.copyOf(entries));
    }

    /**
     * Writes the settings, one per line with their source, into the context's folder, for {@code entangle config}.
     */
    void writeTo(final Path folder)
    {
        final Path file = folder.resolve("settings");
        dev.entangle.internal.fs.SafeFiles.delete(file);
        try (java.nio.channels.FileChannel channel = dev.entangle.internal.fs.SafeFiles.createFile(file, 0))
        {
            final byte[] text = report.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            channel.write(java.nio.ByteBuffer.wrap(text));
        }
        catch (final java.io.IOException ignore)
        {
            // Only an operator's convenience: the context runs without it.
        }
    }

    LaneSettings laneSettings()
    {
        return new LaneSettings(laneCapacity, TimeUnit.MILLISECONDS.toNanos(laneShrinkMs), checksums);
    }

    RuntimeSettings runtimeSettings()
    {
        return new RuntimeSettings(TimeUnit.MILLISECONDS.toNanos(livenessIntervalMs),
            TimeUnit.MILLISECONDS.toNanos(sweepIntervalMs), sweepGraceMs);
    }

    private Path resolveDirectory(final Path fromBuilder)
    {
        final Settings.Source source;
        final Path dir;
        if (fromBuilder != null)
        {
            dir = fromBuilder;
            source = Settings.Source.BUILDER;
        }
        else
        {
            dir = Configuration.defaultDirectory();
            final String env = System.getenv(Configuration.DIRECTORY_ENV_NAME);
            source = env != null && !env.isEmpty() ? Settings.Source.ENVIRONMENT : Settings.Source.DEFAULT;
        }
        final Path absolute = dir.toAbsolutePath().normalize();
        entries.add(new Settings.Entry(Configuration.DIRECTORY_ENV_NAME, absolute.toString(), source));
        return absolute;
    }

    private long resolve(
        final String property, final long fromBuilder, final long defaultValue, final long min, final long max)
    {
        final long value;
        final Settings.Source source;
        final String fromProperty = System.getProperty(property);
        if (fromBuilder != UNSET)
        {
            value = fromBuilder;
            source = Settings.Source.BUILDER;
        }
        else if (fromProperty != null)
        {
            try
            {
                value = Long.parseLong(fromProperty.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("system property " + property + " is not a number: \"" +
                    fromProperty + "\"", ex);
            }
            source = Settings.Source.SYSTEM_PROPERTY;
        }
        else
        {
            value = defaultValue;
            source = Settings.Source.DEFAULT;
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(property + " must be in [" + min + ", " + max + "]: " + value +
                " (from the " + source.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
        entries.add(new Settings.Entry(property, Long.toString(value), source));
        return value;
    }

    private boolean resolveFlag(final String property, final int fromBuilder, final boolean defaultValue)
    {
        final boolean value;
        final Settings.Source source;
        if (fromBuilder >= 0)
        {
            value = fromBuilder == 1;
            source = Settings.Source.BUILDER;
        }
        else if (System.getProperty(property) != null)
        {
            value = Configuration.flag(property, defaultValue);
            source = Settings.Source.SYSTEM_PROPERTY;
        }
        else
        {
            value = defaultValue;
            source = Settings.Source.DEFAULT;
        }
        entries.add(new Settings.Entry(property, Boolean.toString(value), source));
        return value;
    }
}
