package dev.entangle.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a run takes: how many forks each row gets, and how long each fork warms up and measures.
 *
 * @param name                  the name shown in the results.
 * @param headlineForks         forks of each headline row (the comparisons the README quotes).
 * @param otherForks            forks of every other row.
 * @param warmupIterations      JMH warm-up iterations per fork.
 * @param warmupTime            length of each warm-up iteration.
 * @param measurementIterations JMH measured iterations per fork.
 * @param measurementTime       length of each measured iteration.
 * @param fixedRateWarmup       warm-up of a fixed-rate run, which is not JMH.
 * @param fixedRateTime         measured length of a fixed-rate run.
 * @param slicedWarmup          warm-up of each contestant of a sliced run ({@link SlicedGroup}), in slices.
 * @param slicedTime            measured length of each contestant of a sliced run, in slices.
 */
record Profile(
    String name,
    int headlineForks,
    int otherForks,
    int warmupIterations,
    Duration warmupTime,
    int measurementIterations,
    Duration measurementTime,
    Duration fixedRateWarmup,
    Duration fixedRateTime,
    Duration slicedWarmup,
    Duration slicedTime)
{
    /**
     * The default: headline rows get three forks of 6 s each, every other row one; about 15 minutes on two CPUs.
     */
    static final Profile QUICK = new Profile(
        "quick", 3, 1, 1, Duration.ofSeconds(2), 2, Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2));

    /**
     * {@code --full}: three forks of every row, 40 s each.
     */
    static final Profile FULL = new Profile(
        "full", 3, 3, 3, Duration.ofSeconds(5), 5, Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(15));

    /**
     * What a JMH fork costs besides its iterations: two JVMs starting, the link opening, teardown (on two CPUs, 0 to
     * 3 s, about 1 s mostly).
     */
    private static final Duration FORK_OVERHEAD = Duration.ofMillis(1200);

    Profile
    {
        if (headlineForks < 1 || otherForks < 1 || measurementIterations < 1 || warmupIterations < 0)
        {
            throw new IllegalArgumentException("invalid profile " + name + ": headlineForks=" + headlineForks +
                ", otherForks=" + otherForks + ", warmupIterations=" + warmupIterations +
                ", measurementIterations=" + measurementIterations);
        }
    }

    /**
     * @param headline whether the row is a headline row.
     * @return how many forks it gets.
     */
    int forks(final boolean headline)
    {
        return headline ? headlineForks : otherForks;
    }

    /**
     * @return about how long one JMH fork takes, for the estimate printed before a run.
     */
    Duration jmhForkTime()
    {
        return warmupTime.multipliedBy(warmupIterations).plus(measurementTime.multipliedBy(measurementIterations))
            .plus(FORK_OVERHEAD);
    }

    /**
     * @return the words that describe the profile in the results.
     */
    String describe()
    {
        return String.format(Locale.ROOT, "%s profile: headline rows %d forks, other rows %d; each JMH fork " +
            "%d x %d ms warm-up, %d x %d ms measured; fixed-rate runs %d s warm-up, %d s measured; sliced runs " +
            "%d ms warm-up, %d ms measured per contestant", name, headlineForks, otherForks, warmupIterations,
            warmupTime.toMillis(), measurementIterations, measurementTime.toMillis(), fixedRateWarmup.toSeconds(),
            fixedRateTime.toSeconds(), slicedWarmup.toMillis(), slicedTime.toMillis());
    }
}
