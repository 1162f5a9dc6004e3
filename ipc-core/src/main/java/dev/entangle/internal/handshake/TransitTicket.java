package dev.entangle.internal.handshake;

/**
 * What a receiver needs to claim a transferable that left its owner: the epoch at which it went in transit and the
 * 128-bit token that only the message carrying it knows.
 *
 * @param epoch     the record's epoch in transit.
 * @param tokenHigh the token's high half.
 * @param tokenLow  the token's low half.
 */
public record TransitTicket(long epoch, long tokenHigh, long tokenLow)
{
    /** A transferable that was not in a state to travel (closed meanwhile): the receiver gets it closed. */
    public static final TransitTicket LOST = new TransitTicket(-1, 0, 0);

    /**
     * @return true when this ticket can never be claimed.
     */
    public boolean isLost()
    {
        return epoch < 0;
    }
}
