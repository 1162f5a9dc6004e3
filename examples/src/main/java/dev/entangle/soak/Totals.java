package dev.entangle.soak;

import java.util.List;
import java.util.Map;

/**
 * What the {@link Ledger} knows at one moment.
 *
 * @param delivered      messages the readers took in order, summed over every incarnation's last report.
 * @param sent           messages the writers posted.
 * @param refused        offers refused by the limit.
 * @param missedLow      times a held-back writer waited a second past its backlog falling below the threshold.
 * @param maxBuffered    the largest {@code bufferedAmount()} any writer saw.
 * @param violations     numbers seen out of order, all kinds.
 * @param byKind         those by kind: backwards, repeat, gap, corrupt.
 * @param kills          kills so far.
 * @param closesExpected closes that kills caused on surviving ends, awaited or timed out.
 * @param closesTimed    those that came.
 * @param closesMissing  those that never came.
 * @param dropped        expectations dropped: the end had left the killed process, or its peer was killed too, or
 *                       it was sent to the killed process's name before the library could notice the death.
 * @param sentToTheDead  of those, the ends sent to the killed process's name after it had exited, within
 *                       {@link Ledger#DEATH_NOTICE_NANOS}.
 * @param untimedCloses  closes reported that no kill explained as it happened (a port on its way to a process
 *                       that died, for instance).
 * @param closes         every close reported.
 * @param closeP50       the median kill-to-close time in milliseconds (to the millisecond above), -1 for none.
 * @param closeMax       the longest, -1 for none.
 * @param closesOverOne  how many took a second or more.
 * @param moves          ends sent from one process to another.
 * @param streams        streams open now.
 * @param errors         calls of the participants' error handlers.
 * @param errorSamples   the first of them.
 * @param missedSamples  the first low events missed, with the writer's state.
 * @param malformed      report lines that could not be read (cut short by a kill).
 * @param failures       what failed the soak so far.
 */
record Totals(long delivered, long sent, long refused, long missedLow, long maxBuffered, long violations,
    Map<String, Long> byKind, long kills, long closesExpected, long closesTimed, long closesMissing, long dropped,
    long sentToTheDead, long untimedCloses, long closes, double closeP50, double closeMax, long closesOverOne,
    long moves, int streams, long errors, List<String> errorSamples, List<String> missedSamples, long malformed,
    List<String> failures)
{
}
