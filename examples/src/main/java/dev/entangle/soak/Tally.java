package dev.entangle.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of the {@link Ledger}: each incarnation's last status line, ordering violations by kind, error
 * reports, missed low events, unreadable lines. An incarnation killed long ago is folded into one sum, so that a
 * soak of months keeps a fixed size. Not thread-safe: the ledger guards it.
 */
final class Tally
{
    private static final int SAMPLES = 10;
    private static final int FIELDS = 5;
    private static final int MAX_BUFFERED = 4;

    private final Map<Long, long[]> statuses = new HashMap<>();
    private final long[] retired = new long[FIELDS];
    private final Map<String, Long> violations = new LinkedHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();
    private final List<String> missedSamples = new ArrayList<>();
    private long errors;
    private long malformed;

    Tally()
    {
        for (final String kind : List.of(Report.BACKWARDS, Report.REPEAT, Report.GAP, Report.CORRUPT))
        {
            violations.put(kind, 0L);
        }
    }

    /**
     * @param fields a status line's fields: delivered, sent, refused, missedLow, maxBuffered after the tag.
     */
    void status(final long pid, final String[] fields)
    {
        final long[] status = new long[FIELDS];
        for (int i = 0; i < FIELDS; i++)
        {
            status[i] = Long.parseLong(fields[i + 1]);
        }
        statuses.put(pid, status);
    }

    void violation(final String kind)
    {
        violations.merge(kind, 1L, Long::sum);
    }

    void error(final String text)
    {
        errors++;
        sample(errorSamples, text);
    }

    void missedLow(final String text)
    {
        sample(missedSamples, text);
    }

    void malformed()
    {
        malformed++;
    }

    /**
     * Folds a dead incarnation's last counters into the sum of those long gone.
     */
    void retire(final long pid)
    {
        final long[] status = statuses.remove(pid);
        if (status != null)
        {
            fold(retired, status);
        }
    }

    /**
     * @return delivered, sent, refused, missedLow summed over every incarnation, and the largest maxBuffered.
     */
    long[] sums()
    {
        final long[] sums = retired.clone();
        for (final long[] status : statuses.values())
        {
            fold(sums, status);
        }
        return sums;
    }

    long violations()
    {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> byKind()
    {
        return Map.copyOf(violations);
    }

    long errors()
    {
        return errors;
    }

    long malformedLines()
    {
        return malformed;
    }

    List<String> errorSamples()
    {
        return List.copyOf(errorSamples);
    }

    List<String> missedSamples()
    {
        return List.copyOf(missedSamples);
    }

    private static void fold(final long[] into, final long[] status)
    {
        for (int i = 0; i < MAX_BUFFERED; i++)
        {
            into[i] += status[i];
        }
        into[MAX_BUFFERED] = Math.max(into[MAX_BUFFERED], status[MAX_BUFFERED]);
    }

    private static void sample(final List<String> samples, final String text)
    {
        if (samples.size() < SAMPLES)
        {
            samples.add(text);
        }
    }
}
