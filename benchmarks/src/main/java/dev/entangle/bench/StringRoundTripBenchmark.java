package dev.entangle.bench;

/**
 * Round trip of a 32-character {@code String} through Entangle's MessagePort: beside the 64-byte {@code byte[]}
 * round trip, what a message that is not bytes costs, and allocates on both sides.
 */
public class StringRoundTripBenchmark extends RoundTripState
{
    /** The string's length in characters. */
    static final int CHARS = 32;

    @Override
    protected int textChars()
    {
        return CHARS;
    }
}
