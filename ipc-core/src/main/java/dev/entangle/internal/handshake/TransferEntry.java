package dev.entangle.internal.handshake;

/**
 * One transferable named in a message: what it is, where its record lives, and the ticket that claims it.
 *
 * @param kind   {@link #PORT} or {@link #ARRAY_BUFFER}.
 * @param high   the channel's (or buffer's) id, high half.
 * @param low    its low half.
 * @param side   a port's side; 0 for an array buffer; a shared buffer's holder slot.
 * @param ticket the claim ticket.
 * @param size   an array buffer's byte length (counted in the sender's buffered amount); 0 for a port.
 */
public record TransferEntry(int kind, long high, long low, int side, TransitTicket ticket, long size)
{
    /** A message port. */
    public static final int PORT = 1;
    /** An array buffer. */
    public static final int ARRAY_BUFFER = 2;
    /** A holder slot of a shared array buffer, carried by the message; {@code side} is the slot. */
    public static final int SHARED_BUFFER = 3;
    /** Bytes of an entry in an envelope. */
    public static final int LENGTH = 1 + 8 + 8 + 1 + 8 + 8 + 8 + 8;
}
