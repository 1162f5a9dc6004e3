package dev.entangle.transport;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * A position in one queue, owned by one thread: the event loop of the context that reads the queue.
 */
public final class QueueReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private final ExpandableDirectByteBuffer scratch = new ExpandableDirectByteBuffer(256);
    private long lastReadIndex = -1;

    private final Prefaulter.Target prefault;

    QueueReader(final ExcerptTailer tailer, final Prefaulter.Target prefault)
    {
        this.tailer = tailer;
        this.prefault = prefault;
    }

    /**
     * Positions the reader just after a document already consumed elsewhere, so the next read returns the one after
     * it. With -1, positions at the start.
     *
     * @param consumedIndex index of the last document consumed, or -1 for none.
     */
    public void resumeAfter(final long consumedIndex)
    {
        lastReadIndex = consumedIndex;
        if (consumedIndex < 0)
        {
            tailer.toStart();
            return;
        }
        if (tailer.moveToIndex(consumedIndex))
        {
            // moveToIndex places the reader *on* the consumed document; step over it.
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    throw new IllegalStateException("document " + Long.toHexString(consumedIndex) + " vanished");
                }
            }
        }
        else
        {
            throw new IllegalStateException("queue has no document at index " + Long.toHexString(consumedIndex));
        }
    }

    /**
     * Positions the reader at the end, so only documents appended from now on are read.
     */
    public void toEnd()
    {
        tailer.toEnd();
        lastReadIndex = tailer.index() - 1;
    }

    /**
     * Reads at most one document.
     *
     * @param handler receives the document.
     * @return 1 when a document was read, 0 when none waits.
     */
    public int poll(final DocumentHandler handler)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return 0;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            scratch.checkLimit(length);
            bytes.nativeRead(bytes.readPosition(), scratch.addressOffset(), length);
            lastReadIndex = dc.index();
            handler.onDocument(scratch, 0, length, lastReadIndex);
            return 1;
        }
    }

    /**
     * Consumes the next document only when the predicate accepts it; otherwise leaves it to be read later.
     *
     * @param predicate decides on the document.
     * @return true when a document was there and consumed.
     */
    public boolean consumeIf(final DocumentPredicate predicate)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            scratch.checkLimit(length);
            bytes.nativeRead(bytes.readPosition(), scratch.addressOffset(), length);
            if (predicate.test(scratch, 0, length))
            {
                lastReadIndex = dc.index();
                return true;
            }
            dc.rollbackOnClose();
            return false;
        }
    }

    /**
     * @return the index of the last document read or skipped, or -1 for none.
     */
    public long lastReadIndex()
    {
        return lastReadIndex;
    }

    @Override
    public void close()
    {
        if (prefault != null)
        {
            prefault.close();
        }
        tailer.close();
    }
}
