package dev.entangle;

import dev.entangle.handshake.PortRecords;
import dev.entangle.handshake.ProcessLiveness;

import static dev.entangle.handshake.PortRecordDescriptor.*;

/**
 * Decides whether a port is gone for good: closed, owned by a dead process, or travelling inside a message that
 * can no longer arrive.
 */
final class Liveness
{
    private static final int MAX_CUSTODY_CHAIN = 16;

    private Liveness()
    {
    }

    /**
     * @param layout  the directory layout, to follow a custody chain into other channels.
     * @param records the port's channel records.
     * @param side    the port's side.
     * @return true when the port can never again receive or send.
     */
    static boolean isGone(final Layout layout, final PortRecords records, final int side)
    {
        final long word = records.stateWord(side);
        switch (state(word))
        {
            case CLOSED:
                return true;
            case OWNED:
                return !ProcessLiveness.isAlive(
                    records.get(side, OWNER_PID_OFFSET), records.get(side, OWNER_START_OFFSET));
            default:
                if (!custodianAlive(layout, records, side, 0))
                {
                    // Close it so that a late claim fails: the peer is told, and nobody may own it afterwards.
                    return records.compareAndSet(side, word, word(epoch(word) + 1, CLOSED)) ||
                        state(records.stateWord(side)) == CLOSED;
                }
                return false;
        }
    }

    private static boolean custodianAlive(
        final Layout layout, final PortRecords records, final int side, final int depth)
    {
        final long kind = records.get(side, CUSTODIAN_KIND_OFFSET);
        final long a = records.get(side, CUSTODIAN_A_OFFSET);
        final long b = records.get(side, CUSTODIAN_B_OFFSET);
        final long c = records.get(side, CUSTODIAN_C_OFFSET);
        if (kind == CUSTODIAN_PROCESS)
        {
            return ProcessLiveness.isAlive(a, b);
        }
        if (kind == CUSTODIAN_INBOX)
        {
            // Addressed to whichever context of the name opens next: it waits, like the message does.
            return a == 0 || ProcessLiveness.isAlive(b, c);
        }
        if (kind != CUSTODIAN_PORT)
        {
            return false;
        }
        if (depth >= MAX_CUSTODY_CHAIN)
        {
            return true;
        }
        final PortRecords carrier = PortRecords.open(layout.channel(a, b));
        if (carrier == null)
        {
            return false;
        }
        try
        {
            final int carrierSide = (int)c;
            switch (state(carrier.stateWord(carrierSide)))
            {
                case CLOSED:
                    return false;
                case OWNED:
                    return ProcessLiveness.isAlive(
                        carrier.get(carrierSide, OWNER_PID_OFFSET), carrier.get(carrierSide, OWNER_START_OFFSET));
                default:
                    return custodianAlive(layout, carrier, carrierSide, depth + 1);
            }
        }
        finally
        {
            carrier.release();
        }
    }
}
