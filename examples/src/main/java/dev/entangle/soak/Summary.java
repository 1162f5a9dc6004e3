package dev.entangle.soak;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak's output: a header, a line every 10 seconds, and the summary with the verdict.
 */
final class Summary
{
    private static final double MIB = 1 << 20;
    private static final int FAILURES_SHOWN = 20;

    private Summary()
    {
    }

    static void header(final Soak.Options options, final Path directory, final long allowance)
    {
        say("soak: %d nodes and an edge in %s for %s; a node killed with SIGKILL every %.1f s on average and " +
            "restarted under its name", options.nodes(), directory, duration(options.seconds()),
            options.killEverySeconds());
        say("soak: maxBufferedAmount %d MiB; memory bound: %d MiB (%d x maxBufferedAmount) per stream open or " +
            "ended in the last %d s, and per context inbox", options.maxBuffered() >> 20, allowance >> 20,
            Coordinator.ALLOWANCE_FACTOR, TimeUnit.NANOSECONDS.toSeconds(Coordinator.RECLAIM_NANOS));
    }

    static void progress(final Totals totals, final Gauges gauges, final long elapsedNanos, final int ports)
    {
        final double seconds = elapsedNanos / 1e9;
        say("[soak %s] delivered %,d (%,.0f/s); violations %d; kills %d; closes %d of %d (p50 %s, max %s); " +
            "moves %,d; ports %d; dir %.1f MiB (peak %.1f MiB)",
            duration(Math.round(seconds)), totals.delivered(), totals.delivered() / seconds, totals.violations(),
            totals.kills(), totals.closesTimed(), totals.closesExpected(), millis(totals.closeP50()),
            millis(totals.closeMax()), totals.moves(), ports, gauges.lastBytes() / MIB,
            gauges.peakBytes() / MIB);
    }

    /**
     * Prints the summary.
     *
     * @return true when the soak passed.
     */
    static boolean print(final Totals totals, final Gauges gauges, final Soak.Options options, final long elapsedNanos,
        final long unexpectedExits, final long boundCrossings, final long stderrLines, final int peakStreams,
        final String leftover)
    {
        final List<String> failures = new ArrayList<>(totals.failures());
        if (totals.maxBuffered() > options.maxBuffered())
        {
            failures.add("a writer's bufferedAmount reached " + totals.maxBuffered() + " bytes, over the limit of " +
                options.maxBuffered());
        }
        if (totals.delivered() == 0)
        {
            failures.add("no message was delivered");
        }
        final Map<String, Long> kinds = totals.byKind();
        say("");
        say("soak summary after %s", duration(Math.round(elapsedNanos / 1e9)));
        row("messages delivered", "%,d in order (%,.0f/s); sent %,d; the difference was lost with killed processes " +
            "or in flight at the end", totals.delivered(), totals.delivered() / (elapsedNanos / 1e9), totals.sent());
        row("ordering violations", "%d (backwards %d, repeated %d, gaps %d, corrupt %d)", totals.violations(),
            kinds.get(Report.BACKWARDS), kinds.get(Report.REPEAT), kinds.get(Report.GAP), kinds.get(Report.CORRUPT));
        row("kills", "%d with SIGKILL, each node restarted under its name; %d unexpected exits", totals.kills(),
            unexpectedExits);
        row("kill -> close", "%d closes owed to surviving peers, %d arrived, %d never; p50 %s, max %s; %d took " +
            "over 1 s", totals.closesExpected(), totals.closesTimed(), totals.closesMissing(),
            millis(totals.closeP50()), millis(totals.closeMax()), totals.closesOverOne());
        row("", "(%d not owed: the port had left the killed process in time, or its peer was killed too, or it " +
            "was sent to the killed process's name before a second had passed (%d after it had exited), when the " +
            "library may still discard it with the dead holder's inbox; %d closes of %d not timed: no kill was " +
            "known to cause them as they happened)", totals.dropped(), totals.sentToTheDead(),
            totals.untimedCloses(), totals.closes());
        row("ports moved", "%,d sent from one process to another; %d streams open at the end", totals.moves(),
            totals.streams());
        row("writers held back", "%,d offers refused; largest bufferedAmount seen %,d bytes (limit %,d); %d low " +
            "events missed", totals.refused(), totals.maxBuffered(), options.maxBuffered(), totals.missedLow());
        for (final String sample : totals.missedSamples())
        {
            row("", "missed: %s", sample);
        }
        row("directory peak", "%.1f MiB allocated; bound then %.1f MiB; %d times over the bound; at most %d " +
            "streams held", gauges.peakBytes() / MIB, gauges.peakBound() / MIB, boundCrossings, peakStreams);
        row("directory at the end", "%s, once every process had closed its context", leftover);
        row("descriptors peak", "%s", descriptors(gauges.peakDescriptors()));
        row("library errors", "%d reported to error handlers; %d lines on standard error; %d report lines cut " +
            "short", totals.errors(), stderrLines, totals.malformed());
        for (final String sample : totals.errorSamples())
        {
            row("", "%s", sample);
        }
        for (int i = 0; i < Math.min(FAILURES_SHOWN, failures.size()); i++)
        {
            row(i == 0 ? "failures" : "", "%s", failures.get(i));
        }
        if (failures.size() > FAILURES_SHOWN)
        {
            row("", "... and more");
        }
        row("result", "%s", failures.isEmpty() ? "PASS" : "FAIL");
        return failures.isEmpty();
    }

    private static String descriptors(final Map<String, Integer> peaks)
    {
        final StringBuilder text = new StringBuilder();
        peaks.forEach((name, count) -> text.append(text.length() == 0 ? "" : ", ").append(name).append(' ')
            .append(count));
        return text.length() == 0 ? "n/a" : text.toString();
    }

    private static String millis(final double millis)
    {
        return millis < 0 ? "n/a" : String.format("%.0f ms", millis);
    }

    private static String duration(final long seconds)
    {
        return TimeUnit.SECONDS.toMinutes(seconds) + ":" + String.format("%02d", seconds % 60);
    }

    private static void row(final String label, final String format, final Object... args)
    {
        say("  %-20s %s", label, String.format(format, args));
    }

    private static void say(final String format, final Object... args)
    {
        System.out.println(String.format(format, args));
        System.out.flush();
    }
}
