package dev.entangle.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a link sends through: its Aeron publication, a buffer for the frame being built and, when the publication
 * refused it (back-pressured, or not connected), that frame kept to be offered again before anything else, so the
 * order of frames on the link is the order they were built. A small second buffer carries control frames (HELLO,
 * ACK, CLOSE), which may be offered while a data frame waits.
 */
final class Outlet implements AutoCloseable
{
    private final ExclusivePublication publication;
    private final UnsafeBuffer frame;
    private final UnsafeBuffer control = new UnsafeBuffer(BufferUtil.allocateDirectAligned(4096, 64));
    private int pending;
    private int honoured;

    Outlet(final ExclusivePublication publication)
    {
        this.publication = publication;
        this.frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            org.agrona.BitUtil.align(publication.maxMessageLength(), 64), 64));
    }

    /**
     * @param resync the other side's last resync request honoured, stamped on every frame sent from now on.
     */
    void honoured(final int resync)
    {
        this.honoured = resync;
    }

    /**
     * @return the resync request frames are stamped with.
     */
    int honoured()
    {
        return honoured;
    }

    /**
     * @return the largest frame the link carries.
     */
    int maxFrame()
    {
        return publication.maxMessageLength();
    }

    boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * @return the buffer to build the next data frame in; only while {@link #isStalled()} is false.
     */
    UnsafeBuffer frame()
    {
        return frame;
    }

    /**
     * @return the buffer to build a control frame in.
     */
    UnsafeBuffer control()
    {
        return control;
    }

    /**
     * @return true while a data frame waits to be offered again.
     */
    boolean isStalled()
    {
        return pending > 0;
    }

    /**
     * Offers the data frame built in {@link #frame()}; kept for later when refused.
     *
     * @return true when it went.
     */
    boolean send(final int length)
    {
        frame.putInt(Wire.RESYNC_OFFSET, honoured, Wire.ORDER);
        pending = length;
        return retry();
    }

    /**
     * Offers again the data frame kept.
     *
     * @return true when nothing waits any more.
     */
    boolean retry()
    {
        if (pending == 0)
        {
            return true;
        }
        final long result = publication.offer(frame, 0, pending);
        if (result > 0)
        {
            pending = 0;
            return true;
        }
        checkUsable(result);
        return false;
    }

    /**
     * Offers a control frame built in {@link #control()}.
     *
     * @return true when it went.
     */
    boolean sendControl(final int length)
    {
        control.putInt(Wire.RESYNC_OFFSET, honoured, Wire.ORDER);
        final long result = publication.offer(control, 0, length);
        if (result > 0)
        {
            return true;
        }
        checkUsable(result);
        return false;
    }

    /**
     * Forgets the data frame kept: after a rewind it is built again from its stream.
     */
    void drop()
    {
        pending = 0;
    }

    private void checkUsable(final long result)
    {
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new IllegalStateException("the publication to " + publication.channel() + " is unusable: " +
                Publication.errorString(result));
        }
    }

    @Override
    public void close()
    {
        publication.close();
    }
}
