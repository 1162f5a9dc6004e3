package dev.entangle.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Round trip of an {@code ArrayBuffer} through MessagePort, moved and not copied: this JVM posts it with the buffer
 * in the transfer list, the echo peer in a second JVM posts it back the same way. The buffer is allocated and every
 * page written once, before the first round trip; each round trip then writes a stamp into its first bytes and
 * checks it on the buffer that comes back. What a transfer costs should not depend on the buffer's size.
 */
public class ArrayBufferTransferBenchmark extends RoundTripState
{
    /** The buffer's size. */
    @Param({ "65536", "1048576", "67108864" })
    public int payloadBytes;

    @Override
    protected int payloadBytes()
    {
        return payloadBytes;
    }

    @Override
    protected boolean transfersArrayBuffer()
    {
        return true;
    }
}
