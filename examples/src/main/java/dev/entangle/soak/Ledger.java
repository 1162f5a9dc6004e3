package dev.entangle.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's account of the soak, kept from the participants' reports ({@link Report}) and the kills.
 * <p>
 * It knows where each end of each stream is: held by a process incarnation, or sent to a context name and not yet
 * taken. A report with a higher hop number wins, so reports read from different pipes in any order agree. At a
 * kill, every stream with exactly one end in the killed incarnation (held there, or sent to its name) expects a
 * {@code close} on its other end: the time from the kill to that report is the kill's close time. An expectation
 * is dropped when a later report shows the end had left the killed process in time, or when the other end is killed
 * too; one not met within {@link #CLOSE_LIMIT_NANOS} is a failure. Thread-safe.
 */
final class Ledger
{
    /** The longest a surviving end may take to see {@code close} after its peer's process was killed. */
    static final long CLOSE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final int WRITER = 0;
    private static final int READER = 1;
    private static final long FORGET_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int MAX_FAILURES = 100;
    /** How long the library may take to notice that a process died: "within one second by default". */
    static final long DEATH_NOTICE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where an end is: held by the incarnation pid, or sent to the context name (transit) at sentNanos. */
    private record Place(int hop, String name, long pid, boolean transit, boolean dead, long sentNanos)
    {
        boolean live()
        {
            return !dead;
        }

        boolean in(final String killedName, final long killedPid)
        {
            return !dead && (transit ? name.equals(killedName) : pid == killedPid);
        }
    }

    /** A close that a kill should cause on a stream's other end. */
    private record Expectation(String stream, int deadEnd, Place deadPlace, String killed, long killedPid,
        long killNanos)
    {
    }

    private final Map<String, Place[]> streams = new HashMap<>();
    /** Streams that ended, with when, so that late reports about them are ignored; forgotten after a while. */
    private final Map<String, Long> finished = new LinkedHashMap<>();
    /** Killed incarnations, with when; forgotten, and their counters folded into {@link #retired}, after a while. */
    private final Map<Long, Long> deadPids = new HashMap<>();
    /** When each killed incarnation was seen to have exited. */
    private final Map<Long, Long> deaths = new HashMap<>();
    private final List<Expectation> pending = new ArrayList<>();
    private final Latencies closeTimes = new Latencies();
    private final Tally tally = new Tally();
    private final List<String> failures = new ArrayList<>();
    private long kills;
    private long closes;
    private long untimedCloses;
    private long cancelled;
    private long missing;
    private long moves;
    private long sentToTheDead;
    private boolean ended;

    /**
     * Takes one line that a participant wrote.
     */
    synchronized void report(final String name, final long pid, final String line)
    {
        final String[] f = line.split(" ");
        try
        {
            if (ended && (f[0].equals(Report.HELD) || f[0].equals(Report.GAVE) || f[0].equals(Report.CLOSED)))
            {
                // The processes are closing: what their ends do now is not the soak's.
                return;
            }
            switch (f[0])
            {
                case Report.HELD -> held(f[1], end(f[2]), Integer.parseInt(f[3]), name, pid);
                case Report.GAVE -> gave(f[1], end(f[2]), Integer.parseInt(f[3]), f[4], pid, Long.parseLong(f[5]));
                case Report.CLOSED -> closed(f[1], Long.parseLong(f[3]), pid);
                case Report.VIOLATION -> violation(name, f[1], f[2], f[3], f[4]);
                case Report.STATUS -> tally.status(pid, f);
                case Report.ERROR -> tally.error(name + ": " + line.substring(2));
                case Report.MISSED_LOW -> tally.missedLow(name + ": stream " + f[1] + " at hop " + f[2] +
                    ", bufferedAmount " + f[3] + " after " + f[4] + " ms parked" +
                    (Boolean.parseBoolean(f[5]) ? "" : ", refused from its first offer in this process"));
                default -> tally.malformed();
            }
        }
        catch (final RuntimeException ex)
        {
            // A line cut short by a kill.
            tally.malformed();
        }
    }

    /**
     * Records a kill of an incarnation, before it happens: from now on its ends are dead, and the other ends of its
     * streams expect {@code close}.
     */
    synchronized void killed(final String name, final long pid, final long nanos)
    {
        kills++;
        deadPids.put(pid, nanos);
        for (final Iterator<Expectation> it = pending.iterator(); it.hasNext();)
        {
            final Expectation expectation = it.next();
            final Place[] ends = streams.get(expectation.stream);
            if (ends == null || in(ends[1 - expectation.deadEnd], name, pid))
            {
                it.remove();
                cancelled++;
            }
        }
        for (final Iterator<Map.Entry<String, Place[]>> it = streams.entrySet().iterator(); it.hasNext();)
        {
            final Map.Entry<String, Place[]> entry = it.next();
            final Place[] ends = entry.getValue();
            final boolean writerHere = in(ends[WRITER], name, pid);
            final boolean readerHere = in(ends[READER], name, pid);
            if (writerHere != readerHere && ends[writerHere ? READER : WRITER] != null &&
                ends[writerHere ? READER : WRITER].live())
            {
                final int deadEnd = writerHere ? WRITER : READER;
                pending.add(new Expectation(entry.getKey(), deadEnd, ends[deadEnd], name, pid, nanos));
            }
            for (int end = WRITER; end <= READER; end++)
            {
                if (in(ends[end], name, pid))
                {
                    final Place was = ends[end];
                    ends[end] = new Place(was.hop, was.name, was.pid, was.transit, true, was.sentNanos);
                }
            }
            if (!live(ends[WRITER]) && !live(ends[READER]))
            {
                it.remove();
                finished.put(entry.getKey(), nanos);
            }
        }
    }

    /**
     * Records that a killed incarnation has exited: a port sent to its name from now on waits for the next
     * incarnation.
     */
    synchronized void exited(final long pid, final long nanos)
    {
        deaths.put(pid, nanos);
    }

    /**
     * Fails expectations past their limit and forgets streams long finished.
     */
    synchronized void tick(final long nowNanos)
    {
        for (final Iterator<Expectation> it = pending.iterator(); it.hasNext();)
        {
            final Expectation expectation = it.next();
            if (nowNanos - expectation.killNanos > CLOSE_LIMIT_NANOS)
            {
                it.remove();
                missing++;
                final Place[] ends = streams.remove(expectation.stream);
                finished.put(expectation.stream, nowNanos);
                failure("no close within " + TimeUnit.NANOSECONDS.toSeconds(CLOSE_LIMIT_NANOS) + " s on stream " +
                    expectation.stream + " after the kill of " + expectation.killed + " (pid " +
                    expectation.killedPid + "), which held its " + endName(expectation.deadEnd) + " end; the " +
                    endName(1 - expectation.deadEnd) + " end was last seen " +
                    (ends == null ? "?" : describe(ends[1 - expectation.deadEnd], expectation.killNanos)));
            }
        }
        finished.values().removeIf(at -> nowNanos - at > FORGET_NANOS);
        for (final Iterator<Map.Entry<Long, Long>> it = deadPids.entrySet().iterator(); it.hasNext();)
        {
            final Map.Entry<Long, Long> dead = it.next();
            if (nowNanos - dead.getValue() > FORGET_NANOS)
            {
                it.remove();
                deaths.remove(dead.getKey());
                tally.retire(dead.getKey());
            }
        }
    }

    synchronized void failure(final String text)
    {
        if (failures.size() < MAX_FAILURES)
        {
            failures.add(text);
        }
    }

    /**
     * @return whether a close is still awaited.
     */
    synchronized boolean awaitingCloses()
    {
        return !pending.isEmpty();
    }

    /**
     * @param nowNanos   the time now.
     * @param graceNanos how long the files of a stream that ended may take to be removed.
     * @return the streams open now, or ended within the grace.
     */
    synchronized int streamsHeld(final long nowNanos, final long graceNanos)
    {
        int ended = 0;
        for (final long at : finished.values())
        {
            if (nowNanos - at <= graceNanos)
            {
                ended++;
            }
        }
        return streams.size() + ended;
    }

    /**
     * From now on the processes close: closes and moves are no longer the soak's.
     */
    synchronized void end()
    {
        ended = true;
    }

    /**
     * @param writersOnly true to count only the writers' ends: a port that never posts holds no ring.
     * @return the ports (stream ends) held by live processes or on their way to one.
     */
    synchronized int livePorts(final boolean writersOnly)
    {
        int live = 0;
        for (final Place[] ends : streams.values())
        {
            live += (live(ends[WRITER]) ? 1 : 0) + (!writersOnly && live(ends[READER]) ? 1 : 0);
        }
        return live;
    }

    /**
     * @return what the ledger knows now.
     */
    synchronized Totals totals()
    {
        final long[] sums = tally.sums();
        return new Totals(sums[0], sums[1], sums[2], sums[3], sums[4], tally.violations(), tally.byKind(), kills,
            closeTimes.count() + missing, closeTimes.count(), missing, cancelled, sentToTheDead, untimedCloses, closes,
            closeTimes.quantileMillis(0.5), closeTimes.maxMillis(), closeTimes.atLeast(1000), moves, streams.size(),
            tally.errors(), tally.errorSamples(), tally.missedSamples(), tally.malformedLines(), List.copyOf(failures));
    }

    private void held(final String stream, final int end, final int hop, final String name, final long pid)
    {
        final Place place = new Place(hop, name, pid, false, deadPids.containsKey(pid), 0);
        update(stream, end, place);
        for (final Iterator<Expectation> it = pending.iterator(); it.hasNext();)
        {
            final Expectation expectation = it.next();
            final Place dead = expectation.deadPlace;
            if (expectation.stream.equals(stream) && expectation.deadEnd == end && pid != expectation.killedPid &&
                (hop > dead.hop || (hop == dead.hop && dead.transit)))
            {
                // The end was elsewhere when the kill came (or waited, unsent, for the next incarnation).
                it.remove();
                cancelled++;
            }
        }
    }

    private void gave(final String stream, final int end, final int hop, final String target, final long pid,
        final long sentNanos)
    {
        moves++;
        update(stream, end, new Place(hop, target, 0, true, false, sentNanos));
        for (final Iterator<Expectation> it = pending.iterator(); it.hasNext();)
        {
            final Expectation expectation = it.next();
            if (!expectation.stream.equals(stream))
            {
                continue;
            }
            if (expectation.deadEnd == end && pid == expectation.killedPid && hop > expectation.deadPlace.hop)
            {
                // The killed process had sent the end away before it died.
                it.remove();
                cancelled++;
            }
            else if (expectation.deadEnd != end && target.equals(expectation.killed) &&
                sentNanos <= deaths.getOrDefault(expectation.killedPid, Long.MAX_VALUE - DEATH_NOTICE_NANOS) +
                DEATH_NOTICE_NANOS)
            {
                // The surviving end was sent to the killed process's name before the library could notice the death:
                // it may be discarded with the dead holder's inbox, and then no end is left to see close.
                it.remove();
                cancelled++;
                if (sentNanos > deaths.getOrDefault(expectation.killedPid, Long.MAX_VALUE))
                {
                    sentToTheDead++;
                }
            }
        }
    }

    private void closed(final String stream, final long nanos, final long pid)
    {
        closes++;
        boolean timed = false;
        for (final Iterator<Expectation> it = pending.iterator(); it.hasNext();)
        {
            final Expectation expectation = it.next();
            if (expectation.stream.equals(stream) && expectation.killedPid != pid)
            {
                it.remove();
                closeTimes.record(nanos - expectation.killNanos);
                timed = true;
            }
        }
        if (!timed)
        {
            untimedCloses++;
        }
        if (streams.remove(stream) != null)
        {
            finished.put(stream, nanos);
        }
    }

    private void violation(final String name, final String stream, final String kind, final String expected,
        final String got)
    {
        tally.violation(kind);
        failure("ordering violation (" + kind + ") in " + name + " on stream " + stream + ": expected " + expected +
            ", got " + got);
    }

    private void update(final String stream, final int end, final Place place)
    {
        if (finished.containsKey(stream))
        {
            return;
        }
        final Place[] ends = streams.computeIfAbsent(stream, s -> new Place[2]);
        final Place now = ends[end];
        if (now == null || place.hop > now.hop || (place.hop == now.hop && now.transit && !place.transit))
        {
            ends[end] = place;
        }
    }

    private static boolean in(final Place place, final String name, final long pid)
    {
        return place != null && place.in(name, pid);
    }

    private static boolean live(final Place place)
    {
        return place != null && place.live();
    }

    private static int end(final String end)
    {
        return Report.WRITER_END.equals(end) ? WRITER : READER;
    }

    private static String endName(final int end)
    {
        return end == WRITER ? "writer's" : "reader's";
    }

    private static String describe(final Place place, final long killNanos)
    {
        if (place == null)
        {
            return "nowhere";
        }
        final long sentMillis = TimeUnit.NANOSECONDS.toMillis(place.sentNanos - killNanos);
        final String where = place.transit ?
            "on its way to " + place.name + ", sent " + Math.abs(sentMillis) + " ms " +
                (sentMillis < 0 ? "before" : "after") + " the kill" :
            "at " + place.name + " (pid " + place.pid + ")";
        return where + ", hop " + place.hop + (place.dead ? ", killed too" : "");
    }
}
