package dev.entangle;

import org.agrona.DirectBuffer;

/**
 * Receives the messages of a port that are a {@code byte[]} and carry nothing transferred, without an event or a new
 * array: see {@link MessagePort#onBytes(BytesListener)}.
 */
@FunctionalInterface
public interface BytesListener
{
    /**
     * Called on the event loop of the receiving context, in order with the port's other messages.
     *
     * @param buffer holds the message's bytes, from {@code offset}, {@code length} of them. It is the port's own and
     *               is reused for the next message (above 1 MiB it is a new one, let go after the call): it is valid
     *               only until this returns, so copy what you keep.
     *               An exception thrown here goes to the context's error handler and delivery goes on.
     * @param offset where the bytes start.
     * @param length how many there are (0 for an empty array).
     */
    void onBytes(DirectBuffer buffer, int offset, int length);
}
