package dev.entangle.internal.codec;

/**
 * The receiving side of a transfer list: the objects that port references in the bytes resolve to.
 */
public interface TransferredObjects
{
    /** No transferred objects. */
    TransferredObjects NONE = new TransferredObjects()
    {
        public int count()
        {
            return 0;
        }

        public Object get(final int index)
        {
            throw new IndexOutOfBoundsException(index);
        }
    };

    /**
     * @return how many objects were transferred with the message.
     */
    int count();

    /**
     * @param index a position in {@code [0, count())}.
     * @return the received object at that position.
     */
    Object get(int index);
}
