package dev.entangle.internal.codec;

/**
 * The transfer list of one message, as the encoder sees it: which objects in the message graph travel as
 * references into the list rather than as cloned values.
 */
public interface TransferTable
{
    /** An empty transfer list. */
    TransferTable EMPTY = candidate -> -1;

    /**
     * @param candidate a {@code dev.entangle.MessagePort} met while walking the message graph.
     * @return its position in the transfer list, or -1 when the list does not hold it.
     */
    int indexOf(Object candidate);
}
