package dev.entangle.transport;

import org.agrona.DirectBuffer;

/**
 * Decides on one document read from a queue. The buffer is only valid during the call.
 */
@FunctionalInterface
public interface DocumentPredicate
{
    /**
     * @param buffer holding the document's bytes.
     * @param offset of the first byte.
     * @param length of the document.
     * @return true to consume the document.
     */
    boolean test(DirectBuffer buffer, int offset, int length);
}
