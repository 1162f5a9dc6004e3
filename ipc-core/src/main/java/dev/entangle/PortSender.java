package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneWriter;
import org.agrona.DirectBuffer;

/**
 * The sending side of a port: the lane it writes, how much of it the peer has not read yet, and the low-water mark
 * that {@code onBufferedAmountLow} waits for. Appends are made holding the port's monitor.
 */
final class PortSender
{
    private final PortState port;
    private final LaneControl control;
    private LaneWriter writer;
    /** Appends made through this sender; the upkeep compares it with what it saw last to tell an idle port. */
    private long appends;
    private long appendsSeen;
    private long lastAppendSeenNanos;
    /** The reader's count of bytes read when last asked; see {@link #refusal}. */
    private long readSeen;
    private volatile long lowThreshold;
    /** Set when the buffered amount went above the threshold; the next drop to it or below fires the listener. */
    private volatile boolean wasAbove;

    PortSender(final PortState port, final ChannelFile channel, final int side)
    {
        this.port = port;
        this.control = channel.outgoing(side);
    }

    /**
     * @return bytes posted here that the peer has not read.
     */
    long bufferedAmount()
    {
        return control.bufferedBytes();
    }

    /**
     * @param size  bytes of the message about to be posted.
     * @param limit the context's maxBufferedAmount.
     * @return null when the message may go, else why not.
     */
    String refusal(final long size, final long limit)
    {
        // The reader's count only grows, so the count last read bounds the backlog from above: reading the reader's
        // line, which it writes at every message, is needed only when that bound is too high.
        final long bound = control.writtenBytes() - readSeen;
        if (bound <= 0 || bound + size <= limit)
        {
            return null;
        }
        readSeen = control.readBytes();
        final long buffered = control.bufferedBytes();
        if (buffered == 0 || buffered + size <= limit)
        {
            return null;
        }
        return "the port's buffered amount is " + buffered + " bytes; " + size + " more would exceed " +
            "maxBufferedAmount of " + limit + " bytes";
    }

    /**
     * Appends a message or close marker and rings the peer. Called holding the port's monitor.
     */
    void append(
        final int type,
        final DirectBuffer head,
        final int headLength,
        final DirectBuffer body,
        final int bodyLength,
        final long besideBytes)
    {
        if (writer == null)
        {
            writer = new LaneWriter(control, port.channel.outgoingFiles(port.side),
                port.context.settings.laneSettings(), false);
        }
        if (besideBytes > 0)
        {
            control.addWrittenBeside(besideBytes);
        }
        final long frameStart = control.tail();
        writer.append(type, head, 0, headLength, body, 0, bodyLength);
        appends++;
        if (readerMayBeIdle(frameStart))
        {
            port.peer().ring();
        }
        if (type == Envelope.PORT_MESSAGE)
        {
            armLowWater();
        }
    }

    /**
     * A reader that has not consumed everything before this frame will read on to it without being rung: it fences
     * and looks at the tail again before it stops reading (see {@code LaneReader}). So in a stream only the first
     * message after the reader caught up rings its context, and the rest cost no atomic operation on the doorbell.
     *
     * @param frameStart the lane's tail before the frame was appended.
     * @return true when the reader may have stopped reading and must be rung.
     */
    private boolean readerMayBeIdle(final long frameStart)
    {
        java.lang.invoke.VarHandle.fullFence();
        final long watched = control.watched();
        if (watched != 0 && watched == port.peer().stateWord())
        {
            // The reader's loop looks at the lane every cycle; it fences and looks once more when it stops.
            return false;
        }
        return control.readerLine().head() >= frameStart;
    }

    /**
     * When someone listens for {@code bufferedamountlow} and the buffered amount is above the threshold, asks the
     * reader to ring once it falls to it: after an append, after a refused offer (the backlog may be an earlier
     * owner's), and when the listener or the threshold is set.
     */
    void armLowWater()
    {
        if (lowThreshold < 0 || port.listeners.onBufferedAmountLow() == null || control.bufferedBytes() <= lowThreshold)
        {
            return;
        }
        wasAbove = true;
        control.lowWater(lowThreshold);
        // The reader may have passed the mark before it was set: then nobody rings, and this port looks itself.
        java.lang.invoke.VarHandle.fullFence();
        if (control.bufferedBytes() <= lowThreshold)
        {
            port.context.wake(port);
        }
    }

    /**
     * @return the position after the last frame this port appended here, -1 before the first.
     */
    long position()
    {
        return writer == null ? -1 : writer.position();
    }

    boolean isMapped()
    {
        return writer != null;
    }

    /**
     * @return true when this port wrote in this context (so a close marker is worth writing).
     */
    boolean hasWritten()
    {
        return appends != 0;
    }

    void lowThreshold(final long bytes)
    {
        lowThreshold = bytes;
        armLowWater();
    }

    long lowThreshold()
    {
        return lowThreshold;
    }

    /**
     * @return true once per drop of the buffered amount from above the threshold to at or below it.
     */
    boolean takeDroppedBelowThreshold()
    {
        if (!wasAbove)
        {
            return false;
        }
        if (control.lowWater() < 0 && control.bufferedBytes() > lowThreshold)
        {
            // The reader answered a request while the amount was not yet below (it came back above since): ask
            // again, or no ring would come when it falls.
            armLowWater();
        }
        // Looked at after asking: the amount may have fallen before the request was seen.
        if (control.bufferedBytes() <= lowThreshold)
        {
            wasAbove = false;
            control.lowWater(-1);
            return true;
        }
        return false;
    }

    /**
     * The reader answers a request after it counted what it read, without a fence between the two (one per message
     * would cost every message): in the rare interleaving where it reads the request before the writer's fence made
     * it visible and the writer reads the count before the reader's store, neither side rings. The upkeep asks this
     * so that such a drop is told a pass later rather than never.
     *
     * @return true when the amount fell to the threshold and the listener was not told yet.
     */
    boolean hasUntoldDrop()
    {
        return wasAbove && control.bufferedBytes() <= lowThreshold;
    }

    /**
     * Replaces a ring much larger than the backlog; called on the loop holding the port's monitor.
     */
    void shrinkIfIdle(final long nowNanos)
    {
        if (writer != null)
        {
            writer.shrinkIfIdle(nowNanos);
        }
    }

    /**
     * Unmaps the ring of a port that has not written for {@code idleNanos}; the next append maps it again. Called
     * holding the port's monitor. A port that no longer moves holds no mapping and no descriptor.
     */
    void releaseIfIdle(final long nowNanos, final long idleNanos)
    {
        if (appends != appendsSeen)
        {
            appendsSeen = appends;
            lastAppendSeenNanos = nowNanos;
        }
        if (writer != null && nowNanos - lastAppendSeenNanos > idleNanos)
        {
            writer.close();
            writer = null;
        }
    }

    dev.entangle.internal.fs.MappedRegion region()
    {
        return writer == null ? null : writer.region();
    }

    /**
     * Unmaps the ring; called holding the port's monitor once nothing will append any more.
     */
    void close()
    {
        if (writer != null)
        {
            writer.close();
            writer = null;
        }
    }

    /**
     * Appends a framed message; does nothing once the port is no longer active here. Called holding this port's
     * monitor.
     *
     * @return true when it was appended.
     */
    boolean appendMessage(final DirectBuffer head, final int headLength, final DirectBuffer body,
        final int bodyLength, final long besideBytes)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (!port.isUsable())
            {
                return false;
            }
            final long before = position();
            try
            {
                append(Envelope.PORT_MESSAGE, head, headLength, body, bodyLength, besideBytes);
                return true;
            }
            catch (final InternalError ex)
            {
                // In compiled code the fault of an access is raised a little later, so it may belong to another
                // channel, and may even come after this append was done: after the scan, a port that is not
                // damaged itself and did not append tries once more.
                port.context.onFault(ex);
                if (position() != before)
                {
                    return true;
                }
            }
        }
        return false;
    }

    long bufferedAmountIfUsable()
    {
        if (!port.isUsable())
        {
            return 0;
        }
        try
        {
            return bufferedAmount();
        }
        catch (final InternalError ex)
        {
            port.context.onFault(ex);
            return 0;
        }
    }
}
