package dev.entangle.transport;

import org.agrona.DirectBuffer;

/**
 * Receives one document read from a queue. The buffer is only valid during the call.
 */
@FunctionalInterface
public interface DocumentHandler
{
    /**
     * @param buffer holding the document's bytes.
     * @param offset of the first byte.
     * @param length of the document.
     * @param index  the queue index of the document.
     */
    void onDocument(DirectBuffer buffer, int offset, int length, long index);
}
