package dev.entangle.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs rows fork by fork, interleaved: in round {@code r}, every row that gets at least {@code r} forks runs its
 * fork {@code r}, one after the other, before any row runs fork {@code r + 1}. Every row of a round so meets the
 * same moods of the machine (another tenant's build, a slow phase of the virtual machine), and a ratio computed
 * between forks of the same round cancels them. Rounds go through the rows forwards, then backwards, then forwards,
 * so that no row always runs first or last.
 * <p>
 * A fork that fails is recorded and the run goes on, so a long run still reports what it measured.
 */
final class InterleavedRun
{
    private final List<Row> rows;
    private final Profile profile;
    private final Path out;
    private final PrintStream progress;

    /**
     * @param rows     the rows, in report order.
     * @param profile  forks and iteration lengths.
     * @param out      the results folder.
     * @param progress where a line per fork goes.
     */
    InterleavedRun(final List<Row> rows, final Profile profile, final Path out, final PrintStream progress)
    {
        this.rows = List.copyOf(rows);
        this.profile = profile;
        this.out = out;
        this.progress = progress;
    }

    /**
     * One fork of one row, at its place in the run.
     *
     * @param round the round, from 1; also the fork's number.
     * @param row   the row.
     */
    record Step(int round, Row row)
    {
    }

    /**
     * @return every fork of the run, in the order they run.
     */
    List<Step> plan()
    {
        int rounds = 0;
        for (final Row row : rows)
        {
            rounds = Math.max(rounds, profile.forks(row.isHeadline()));
        }
        final List<Step> steps = new ArrayList<>();
        for (int round = 1; round <= rounds; round++)
        {
            final boolean forwards = round % 2 == 1;
            for (int i = 0; i < rows.size(); i++)
            {
                final Row row = rows.get(forwards ? i : rows.size() - 1 - i);
                if (profile.forks(row.isHeadline()) >= round)
                {
                    steps.add(new Step(round, row));
                }
            }
        }
        return steps;
    }

    /**
     * @param steps a plan.
     * @return about how long it takes.
     */
    Duration estimate(final List<Step> steps)
    {
        Duration total = Duration.ZERO;
        for (final Step step : steps)
        {
            total = total.plus(step.row().forkTime(profile));
        }
        return total;
    }

    /**
     * Runs the plan.
     *
     * @return every row's result, in report order.
     * @throws java.io.IOException when the log cannot be written.
     */
    List<RowResult> run() throws java.io.IOException
    {
        final Map<Row, RowResult> results = new LinkedHashMap<>();
        rows.forEach(row -> results.put(row, new RowResult(row)));
        final List<Step> steps = plan();
        final Path log = out.resolve("jmh.log");
        Files.deleteIfExists(log);
        progress.printf(Locale.ROOT, "bench: %d rows, %d forks, about %d min (%s)%n", rows.size(), steps.size(),
            Math.max(1, estimate(steps).toMinutes()), profile.describe());
        int done = 0;
        for (final Step step : steps)
        {
            final long started = System.nanoTime();
            final RowResult result = results.get(step.row());
            String outcome;
            try
            {
                final Measurement measured = step.row().measure(profile, step.round(), out, log);
                result.add(measured);
                outcome = summary(measured);
            }
            catch (final Exception ex)
            {
                result.failed(step.round(), ex);
                outcome = "FAILED: " + result.failures().get(result.failures().size() - 1);
            }
            done++;
            progress.printf(Locale.ROOT, "[%d/%d] round %d  %-50s %s (%d s)%n", done, steps.size(), step.round(),
                step.row().id(), outcome, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
        return new ArrayList<>(results.values());
    }

    private static String summary(final Measurement m)
    {
        return Double.isNaN(m.opsPerSecond()) ?
            String.format(Locale.ROOT, "p50 %s, p99 %s, mean %s", ResultsReport.micros(m.p50Ns()),
                ResultsReport.micros(m.p99Ns()), ResultsReport.micros(m.meanNs())) :
            String.format(Locale.ROOT, "%,.0f ops/s", m.opsPerSecond());
    }
}
