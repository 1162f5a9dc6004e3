package dev.entangle.internal.lane;

/**
 * How lanes size their rings and check their frames.
 *
 * @param initialCapacity the ring a new lane starts with, and the size it shrinks back to.
 * @param shrinkAfterNanos how long after its last growth a ring much larger than its backlog is replaced by a
 *                         smaller one.
 * @param checksums       true to write a CRC32C of each body, which readers verify.
 */
public record LaneSettings(int initialCapacity, long shrinkAfterNanos, boolean checksums)
{
    /**
     * @throws IllegalArgumentException when the capacity is not a power of two within the bounds.
     */
    public LaneSettings
    {
        if (!LaneDescriptor.isValidCapacity(initialCapacity))
        {
            throw new IllegalArgumentException("lane capacity must be a power of two in [" +
                LaneDescriptor.MIN_CAPACITY + ", " + LaneDescriptor.MAX_CAPACITY + "]: " + initialCapacity);
        }
        if (shrinkAfterNanos < 0)
        {
            throw new IllegalArgumentException("shrinkAfterNanos must not be negative: " + shrinkAfterNanos);
        }
    }
}
