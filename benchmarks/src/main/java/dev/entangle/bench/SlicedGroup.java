package dev.entangle.bench;

import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Contestants measured in one run, in turns of {@value #SLICE_MS} ms, so that each sees the same moods of the machine.
 * <p>
 * On this kind of machine the cost of moving data between the two CPUs changes by two to four times from one
 * period of seconds or minutes to the next, and changes for every transport at once. Forks of different rows, even
 * of the same round, are often seconds apart and may land on different sides of such a change, so a ratio between
 * them says as much about the machine as about the transports. Here every contestant (a transport with its echo
 * peer, or the copy floor) keeps its JVMs open for the whole run, each in a {@link SliceWorker}, and the run goes
 * round them in a new random order each turn, one slice each: two contestants are never measured more than a few
 * slices apart. Only the contestant of the slice spins; the others wait in a blocking read, their echo peers parked.
 * The first {@value #SETTLE_MS} ms of each slice, while the woken echo peer gets going, are not recorded.
 * <p>
 * Each contestant is a {@link SlicedRow}; the first of them to be measured in a round runs the group for that
 * round, and the others take their figures from that run.
 */
final class SlicedGroup
{
    /** The length of one slice. */
    static final long SLICE_MS = 100;
    /** The start of each slice that is not recorded. */
    static final long SETTLE_MS = 2;

    private final List<String> contestants;
    private final int payloadBytes;
    private int fork;
    private Map<String, Measurement> measured = Map.of();
    private Exception failure;

    /**
     * @param contestants  transports of {@link SliceWorker#PAUSING} and {@link SliceWorker#COPY_FLOOR}, by name.
     * @param payloadBytes the payload of every round trip.
     */
    SlicedGroup(final List<String> contestants, final int payloadBytes)
    {
        this.contestants = List.copyOf(contestants);
        this.payloadBytes = payloadBytes;
    }

    /**
     * @return the contestants, by name.
     */
    List<String> contestants()
    {
        return contestants;
    }

    /**
     * @param profile the run's profile.
     * @return about how long one fork of the whole group takes.
     */
    Duration forkTime(final Profile profile)
    {
        // Starting a worker and its echo peer (two JVMs, while nothing else runs) and asking for each turn.
        final Duration perContestant = profile.slicedWarmup().plus(profile.slicedTime()).plusMillis(500);
        return perContestant.multipliedBy(contestants.size());
    }

    /**
     * One contestant's figures of one fork: the first call of a fork runs the group, the others read that run.
     *
     * @param profile    how long to warm up and measure.
     * @param fork       the fork's number.
     * @param contestant the contestant asked for.
     * @param log        the run's log.
     * @return its figures in that fork.
     * @throws Exception when the group's run of that fork failed.
     */
    synchronized Measurement measure(final Profile profile, final int fork, final String contestant, final Path log)
        throws Exception
    {
        if (this.fork != fork)
        {
            this.fork = fork;
            measured = Map.of();
            failure = null;
            try
            {
                measured = run(profile, fork, log);
            }
            catch (final Exception ex)
            {
                failure = ex;
            }
        }
        if (failure != null)
        {
            throw new IllegalStateException("the sliced run of fork " + fork + " failed: " + failure, failure);
        }
        return measured.get(contestant);
    }

    /**
     * Runs one fork of the group.
     *
     * @return each contestant's figures, by name.
     */
    Map<String, Measurement> run(final Profile profile, final int fork, final Path log) throws Exception
    {
        final List<SliceWorkerProcess> workers = new ArrayList<>();
        try
        {
            for (final String contestant : contestants)
            {
                workers.add(SliceWorkerProcess.start(contestant, payloadBytes, log));
            }
            final Random order = new Random(fork);
            turns(workers, slices(profile.slicedWarmup()), false, order);
            final long[] recorded = turns(workers, slices(profile.slicedTime()), true, order);
            final Map<String, Measurement> figures = new LinkedHashMap<>();
            final StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "=== sliced run of %d B, fork %d: %d slices of %d ms each%n", payloadBytes, fork,
                slices(profile.slicedTime()), SLICE_MS));
            for (int i = 0; i < workers.size(); i++)
            {
                final Histogram histogram = workers.get(i).histogram();
                if (histogram.getTotalCount() == 0)
                {
                    throw new IllegalStateException(contestants.get(i) + " recorded no round trip");
                }
                figures.put(contestants.get(i), Measurement.of(fork, histogram));
                summary.append(String.format(Locale.ROOT, "%s: %d round trips, p50 %d ns, p99 %d ns%n",
                    contestants.get(i), recorded[i], histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99)));
            }
            Files.writeString(log, summary, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return figures;
        }
        finally
        {
            workers.forEach(SliceWorkerProcess::close);
        }
    }

    private static int slices(final Duration time)
    {
        return (int)Math.max(1, (time.toMillis() + SLICE_MS - 1) / SLICE_MS);
    }

    /**
     * Goes round the workers {@code turns} times, each turn in a new order, one slice each.
     *
     * @return how many round trips each worker recorded, in the workers' order.
     */
    private static long[] turns(final List<SliceWorkerProcess> workers, final int turns, final boolean record,
        final Random order)
    {
        final long[] recorded = new long[workers.size()];
        final List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++)
        {
            shuffled.add(i);
        }
        final long settleNs = Duration.ofMillis(SETTLE_MS).toNanos();
        final long measureNs = Duration.ofMillis(SLICE_MS - SETTLE_MS).toNanos();
        for (int turn = 0; turn < turns; turn++)
        {
            Collections.shuffle(shuffled, order);
            for (final int i : shuffled)
            {
                recorded[i] += workers.get(i).slice(settleNs, measureNs, record);
            }
        }
        return recorded;
    }
}
