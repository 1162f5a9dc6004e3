package dev.entangle.internal.codec.elsewhere;

/**
 * A record the codec's package cannot name: private, in a class of another package, as an application's records
 * often are. The codec reads and builds such a record through method handles, not through classes of its own.
 */
public final class HiddenRecords
{
    private record Secret(long id, String label)
    {
    }

    private HiddenRecords()
    {
    }

    /**
     * @param id    the first component.
     * @param label the second component.
     * @return a record of the private class.
     */
    public static Record secret(final long id, final String label)
    {
        return new Secret(id, label);
    }

    /**
     * @return the private record class, for a receiver's allow-list.
     */
    public static Class<? extends Record> secretType()
    {
        return Secret.class;
    }
}
