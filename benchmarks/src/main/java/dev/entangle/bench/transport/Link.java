package dev.entangle.bench.transport;

/**
 * One side of a two-process link: the benchmark's. Every transport behind it talks to an echo peer in a second JVM
 * that sends back each message it receives.
 */
public interface Link extends AutoCloseable
{
    /**
     * Sends one message of {@code length} bytes of {@code payload}.
     */
    void send(byte[] payload, int length);

    /**
     * Waits, spinning, for the next message from the peer.
     *
     * @return its length.
     */
    int receive();

    /**
     * Sends and waits for the echo: one round trip.
     */
    default void roundTrip(final byte[] payload, final int length)
    {
        send(payload, length);
        final int echoed = receive();
        if (echoed != length)
        {
            throw new IllegalStateException("echo of " + length + " bytes came back with " + echoed);
        }
    }

    /**
     * Sends a string and waits for the echo: one round trip of a message that is not bytes.
     *
     * @throws UnsupportedOperationException for transports that carry bytes only.
     */
    default void roundTripText(final String text)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " carries bytes only");
    }

    /**
     * Takes the next message if one waits, without waiting, and reads the time stamp in its first 8 bytes.
     *
     * @return the stamp, or -1 when nothing waits.
     * @throws UnsupportedOperationException for transports that the fixed-rate run does not cover.
     */
    default long pollStamp()
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no fixed-rate support");
    }

    /**
     * @return the echo peer's process, which also measures the echo side's allocation.
     */
    EchoProcess echo();

    @Override
    void close();
}
