package dev.entangle.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the tool writes times, durations and sizes for people; JSON gets the raw numbers and ISO-8601 instants.
 */
final class Formats
{
    private static final DateTimeFormatter LOCAL =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    private Formats()
    {
    }

    /**
     * @param epochMillis a time, or 0 or less for none.
     * @return it in local time, or "-".
     */
    static String time(final long epochMillis)
    {
        return epochMillis <= 0 ? "-" : LOCAL.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * @param epochMillis a time, or 0 or less for none.
     * @return it as an ISO-8601 instant, or null.
     */
    static String iso(final long epochMillis)
    {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /**
     * @param millis a duration, or a negative number for none.
     * @return it briefly: "850 ms", "12.4 s", "3.0 min", "2.5 h".
     */
    static String age(final long millis)
    {
        if (millis < 0)
        {
            return "-";
        }
        if (millis < 1000)
        {
            return millis + " ms";
        }
        if (millis < 60_000)
        {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (millis < 3_600_000)
        {
            return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
        }
        return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }

    /**
     * @param bytes a size, or a negative number for unknown.
     * @return it in bytes below 1 KiB, else in binary units with one decimal.
     */
    static String bytes(final long bytes)
    {
        if (bytes < 0)
        {
            return "?";
        }
        if (bytes < 1024)
        {
            return bytes + " B";
        }
        final String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * @param count how many.
     * @param one   the noun for one.
     * @return "1 message", "3 messages".
     */
    static String count(final long count, final String one)
    {
        return count + " " + (count == 1 ? one : one + "s");
    }
}
