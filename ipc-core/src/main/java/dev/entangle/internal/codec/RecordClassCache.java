package dev.entangle.internal.codec;

/**
 * The record classes one reader resolved last, by the bytes of their names and the policy that allowed them. A
 * record's class name travels with every record; when it arrives again, its bytes are compared with these, instead
 * of being made into a string and looked up in the policy: a message of records then decodes without building its
 * class names. Only a name a policy allowed is remembered, and only for that policy, whose answers do not change.
 * Confined to its reader's thread, as the reader is.
 */
final class RecordClassCache
{
    /** A few: a thread usually decodes one or two kinds of record at a time. A power of two. */
    private static final int SIZE = 4;

    private final ReceiverPolicy[] policies = new ReceiverPolicy[SIZE];
    private final byte[][] names = new byte[SIZE][];
    private final Class<?>[] types = new Class<?>[SIZE];
    private int next;

    /**
     * Reads the next value if it is the name of a record class remembered for this policy.
     *
     * @param in     positioned at a record's class name.
     * @param policy the receiver's policy.
     * @return the class, its name read; null when none matched, and nothing was read.
     */
    @SuppressWarnings("unchecked")
    Class<? extends Record> take(final CloneInput in, final ReceiverPolicy policy)
    {
        for (int i = 0; i < SIZE; i++)
        {
            if (policies[i] == policy && names[i] != null && in.takeLatin1String(names[i]))
            {
                return (Class<? extends Record>)types[i];
            }
        }
        return null;
    }

    /**
     * Remembers a class the policy allowed, in place of the one remembered longest ago.
     */
    void remember(final ReceiverPolicy policy, final Class<? extends Record> type)
    {
        final byte[] latin1Name = RecordShapes.of(type).latin1Name();
        if (latin1Name == null)
        {
            return;
        }
        final int slot = next++ & (SIZE - 1);
        names[slot] = latin1Name;
        types[slot] = type;
        policies[slot] = policy;
    }
}
