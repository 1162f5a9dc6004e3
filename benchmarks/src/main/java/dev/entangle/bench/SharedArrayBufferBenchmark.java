package dev.entangle.bench;

import dev.entangle.bench.transport.Transports;

/**
 * Two JVMs handing a counter back and forth through a {@code SharedArrayBuffer}, each spinning for its turn and
 * writing with release semantics through the buffer's {@code AtomicBuffer} view: one operation is one full exchange,
 * there and back. No message is sent once the buffer is shared; this is what the shared memory itself costs, to set
 * beside a ring buffer's 64-byte round trip.
 */
public class SharedArrayBufferBenchmark extends RoundTripState
{
    /** The size of what is handed over: one {@code long}. */
    static final int COUNTER_BYTES = Long.BYTES;

    @Override
    protected String transport()
    {
        return Transports.SHARED_ARRAY_BUFFER;
    }

    @Override
    protected int payloadBytes()
    {
        return COUNTER_BYTES;
    }
}
