package dev.entangle.internal.codec;

/**
 * Which record classes a receiver rebuilds. No other class is ever resolved from a name read off shared memory.
 */
@FunctionalInterface
public interface RecordPolicy
{
    /** Allows no record at all. */
    RecordPolicy NONE = className -> null;

    /**
     * @param className the binary name written by the sender.
     * @return the allowed record class of that name, or null when the receiver has not allowed it.
     */
    Class<? extends Record> allowed(String className);
}
