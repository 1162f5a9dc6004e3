package dev.entangle.soak;

/**
 * The soak's messages: byte arrays of {@link #SIZE} bytes that carry their number twice, at the start and at the
 * end, so that a reader sees both the order and a torn or mixed-up body. Numbers start at 0 on each stream and go
 * up by one, whichever process writes them: a writer's port carries the next number with it when it moves.
 */
final class Numbered
{
    /** Bytes of one message. */
    static final int SIZE = 512;

    private Numbered()
    {
    }

    /**
     * @param payload a buffer of {@link #SIZE} bytes, reused: posting copies it.
     * @param number  the message's number.
     */
    static void fill(final byte[] payload, final long number)
    {
        putLong(payload, 0, number);
        putLong(payload, SIZE - Long.BYTES, number);
    }

    /**
     * Checks one received message against the number the reader expects, and reports anything out of order.
     *
     * @param stream   the stream, for the report.
     * @param expected the number the reader expects.
     * @param data     the message's data.
     * @return the number to expect next: one more than this message's when it was in order or skipped ahead, the
     * same when it went backwards, repeated or was unreadable.
     */
    static long check(final String stream, final long expected, final Object data)
    {
        if (!(data instanceof byte[] bytes) || bytes.length != SIZE ||
            getLong(bytes, 0) != getLong(bytes, SIZE - Long.BYTES))
        {
            Report.violation(stream, Report.CORRUPT, expected, -1);
            return expected;
        }
        final long number = getLong(bytes, 0);
        if (number == expected)
        {
            return expected + 1;
        }
        if (number > expected)
        {
            Report.violation(stream, Report.GAP, expected, number);
            return number + 1;
        }
        Report.violation(stream, number == expected - 1 ? Report.REPEAT : Report.BACKWARDS, expected, number);
        return expected;
    }

    private static void putLong(final byte[] bytes, final int at, final long value)
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            bytes[at + i] = (byte)(value >>> (56 - 8 * i));
        }
    }

    private static long getLong(final byte[] bytes, final int at)
    {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
