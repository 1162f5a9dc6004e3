package dev.entangle;

import dev.entangle.internal.codec.StructuredCloneReader;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.lane.LaneReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Takes a port's next frame only when it is a plain bytes message (a {@code byte[]}, nothing transferred, within
 * {@code maxMessageSize}), copying its bytes out without decoding or allocating: into a caller's buffer, or into
 * scratch space kept for a {@link BytesListener}. Any other frame is left first in the lane for the decoder, which
 * turns it into an event, a close or a {@code messageerror} as usual.
 */
final class PlainBytes implements LaneReader.FrameFilter
{
    /** Scratch space larger than this is let go after its message, so that one huge message does not stay pinned. */
    static final int SCRATCH_KEPT = 1 << 20;
    private static final int FIRST_SCRATCH = 256;

    private final int maxMessageSize;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[FIRST_SCRATCH]);
    private MutableDirectBuffer destination;
    private int destinationOffset;
    private int lastType;
    private int length;
    private int size;

    PlainBytes(final int maxMessageSize)
    {
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * The next frame taken goes into {@code destination} from {@code offset}, if it fits in its capacity.
     */
    void into(final MutableDirectBuffer destination, final int offset)
    {
        this.destination = destination;
        this.destinationOffset = offset;
    }

    /**
     * The next frame taken goes into the scratch space, grown to fit.
     */
    void intoScratch()
    {
        this.destination = null;
        this.destinationOffset = 0;
    }

    @Override
    public boolean take(final int type, final DirectBuffer buffer, final int offset, final int frameLength)
    {
        lastType = type;
        // A port message's envelope is the count of what it carries, then the encoded message.
        final int payloadLength = frameLength - Integer.BYTES;
        if (type != Envelope.PORT_MESSAGE || payloadLength < 0 || buffer.getInt(offset) != 0 ||
            payloadLength > maxMessageSize)
        {
            return false;
        }
        final int start = StructuredCloneReader.wholeByteArrayStart(buffer, offset + Integer.BYTES, payloadLength);
        if (start < 0)
        {
            return false;
        }
        final int bytes = offset + frameLength - start;
        MutableDirectBuffer target = destination;
        if (target == null)
        {
            if (scratch.capacity() < bytes)
            {
                scratch.wrap(new byte[Math.max(bytes, Math.min(Integer.MAX_VALUE / 2, scratch.capacity()) * 2)]);
            }
            target = scratch;
        }
        else if (bytes > target.capacity() - destinationOffset)
        {
            return false;
        }
        target.putBytes(destinationOffset, buffer, start, bytes);
        length = bytes;
        size = payloadLength;
        return true;
    }

    /**
     * @return the type of the last frame looked at (taken or left).
     */
    int lastType()
    {
        return lastType;
    }

    /**
     * @return how many bytes the message taken last had.
     */
    int length()
    {
        return length;
    }

    /**
     * @return the size of the encoded message taken last, as the port's statistics count it.
     */
    int size()
    {
        return size;
    }

    /**
     * @return the scratch space that the last message taken {@link #intoScratch()} went to, from offset 0.
     */
    DirectBuffer scratch()
    {
        return scratch;
    }

    /**
     * Lets go of scratch space grown for a huge message, once its listener has returned.
     */
    void afterDispatch()
    {
        if (scratch.capacity() > SCRATCH_KEPT)
        {
            scratch.wrap(new byte[FIRST_SCRATCH]);
        }
    }
}
