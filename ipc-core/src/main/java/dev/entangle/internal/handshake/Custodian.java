package dev.entangle.internal.handshake;

/**
 * What must stay alive for a transferable in transit to arrive: the message that carries it sits somewhere, and if
 * that somewhere can no longer be read the transferable is lost and its peer must be told.
 */
public sealed interface Custodian
{
    /** Stored kind of {@link None}. */
    long NONE_KIND = 0;
    /** Stored kind of {@link Process}. */
    long PROCESS_KIND = 1;
    /** Stored kind of {@link Port}. */
    long PORT_KIND = 2;
    /** Stored kind of {@link Inbox}. */
    long INBOX_KIND = 3;

    /**
     * @return the stored kind.
     */
    long kind();

    /**
     * @return the three stored words.
     */
    long[] words();

    /**
     * Nothing carries it: it was dropped on purpose (a doomed channel).
     */
    record None() implements Custodian
    {
        @Override
        public long kind()
        {
            return NONE_KIND;
        }

        @Override
        public long[] words()
        {
            return new long[3];
        }
    }

    /**
     * A process that will claim it, named before the message reached it (a worker being launched).
     *
     * @param pid   the process.
     * @param start its start time, milliseconds.
     */
    record Process(long pid, long start) implements Custodian
    {
        @Override
        public long kind()
        {
            return PROCESS_KIND;
        }

        @Override
        public long[] words()
        {
            return new long[]{ pid, start, 0 };
        }
    }

    /**
     * The queue of a port: the message waits in the lane that port reads.
     *
     * @param channelHigh the carrying channel's id, high half.
     * @param channelLow  its low half.
     * @param side        the side of the port that reads the message.
     */
    record Port(long channelHigh, long channelLow, int side) implements Custodian
    {
        @Override
        public long kind()
        {
            return PORT_KIND;
        }

        @Override
        public long[] words()
        {
            return new long[]{ channelHigh, channelLow, side };
        }
    }

    /**
     * A context's inbox: the live context of that name, or (context id 0) whichever context of the name opens next;
     * then the message expires like any other in that inbox.
     *
     * @param contextId the live context's id, or 0.
     * @param pid       its process, or 0.
     * @param start     that process's start time, or 0.
     */
    record Inbox(long contextId, long pid, long start) implements Custodian
    {
        @Override
        public long kind()
        {
            return INBOX_KIND;
        }

        @Override
        public long[] words()
        {
            return new long[]{ contextId, pid, start };
        }
    }

    /**
     * @param kind the stored kind.
     * @param a    first word.
     * @param b    second word.
     * @param c    third word.
     * @return the custodian; an unknown kind reads as {@link None}, which nobody can wait for.
     */
    static Custodian of(final long kind, final long a, final long b, final long c)
    {
        if (kind == PROCESS_KIND)
        {
            return new Process(a, b);
        }
        if (kind == PORT_KIND)
        {
            return new Port(a, b, (int)(c & 1));
        }
        if (kind == INBOX_KIND)
        {
            return new Inbox(a, b, c);
        }
        return new None();
    }
}
