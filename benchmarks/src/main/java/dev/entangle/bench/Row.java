package dev.entangle.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One line of the report: something measured once per fork. The driver ({@link InterleavedRun}) decides when each
 * fork runs; a row only knows how to run one. Most rows are {@link JmhRow}s; a row that is not a JMH benchmark
 * (the fixed-rate run, a measurement across hosts) implements this directly.
 */
interface Row
{
    /**
     * @return the table the row belongs to.
     */
    Table table();

    /**
     * @return what the row is, unique within its table and payload size; the table's reference row has the
     * table's {@link Table#reference()} as label.
     */
    String label();

    /**
     * @return the payload size in bytes, or 0 where a size does not describe the row.
     */
    int payloadBytes();

    /**
     * @return whether this is a headline row, which gets the profile's {@link Profile#headlineForks()}.
     */
    boolean isHeadline();

    /**
     * Runs one fork.
     *
     * @param profile how long to warm up and measure.
     * @param fork    the fork's number, from 1.
     * @param out     the results folder, for files the row writes besides its figures.
     * @param log     a text file that collects the output of every fork.
     * @return the fork's figures.
     * @throws Exception when the fork fails.
     */
    Measurement measure(Profile profile, int fork, Path out, Path log) throws Exception;

    /**
     * @param profile the run's profile.
     * @return about how long one fork takes, for the estimate printed before a run; by default that of a run that
     * is not JMH, timed by the profile's fixed-rate lengths.
     */
    default Duration forkTime(final Profile profile)
    {
        return profile.fixedRateWarmup().plus(profile.fixedRateTime()).plusSeconds(2);
    }

    /**
     * @return the row's key: table, label and size, as {@code --rows} matches it.
     */
    default String id()
    {
        return table().id() + "/" + label() + (payloadBytes() > 0 ? "/" + payloadBytes() : "");
    }
}
