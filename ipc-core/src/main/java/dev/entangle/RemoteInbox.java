package dev.entangle;

import java.util.ArrayList;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import static dev.entangle.RemoteFrames.*;

/**
 * The frames of one port's peer as they arrive, read by the port's event loop or by a caller waiting for a reply:
 * which seq has arrived (sent back as the ack), and the frames a waiting caller read that were not its business,
 * kept in order for the event loop. Whoever reads a frame marks it under one lock, so that the numbering of what
 * arrived never has false gaps and the event loop handles frames in the order they arrived.
 */
final class RemoteInbox
{
    private static final MessageEvent[] NO_EVENTS = new MessageEvent[0];

    private final RemoteEndpoint endpoint;
    /** Held while a frame is read and marked received. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Every frame of the peer up to this seq has arrived (or was lost and answered); sent back as ack. */
    private volatile long received;
    private TreeSet<Long> receivedAhead;
    private final ArrayList<MessageEvent> deferred = new ArrayList<>();

    RemoteInbox(final RemoteEndpoint endpoint)
    {
        this.endpoint = endpoint;
    }

    /**
     * @return the seq up to which every frame of the peer has arrived: the ack of the next frame sent.
     */
    long received()
    {
        return received;
    }

    /**
     * Reads one message off the port on the calling thread, which waits for a reply: a reply completes its call
     * here; anything else is left for the event loop, in order.
     *
     * @return false when nothing waited.
     */
    boolean readOne()
    {
        final MessageEvent event;
        final Object[] frame;
        final boolean reply;
        boolean schedule = false;
        lock.lock();
        try
        {
            final Optional<MessageEvent> read = endpoint.port.receiveMessage();
            if (read.isEmpty())
            {
                return false;
            }
            event = read.get();
            frame = asFrame(event.data());
            if (frame == null)
            {
                return true;
            }
            markReceived(seq(frame));
            reply = kind(frame) == REPLY || kind(frame) == ERROR;
            if (!reply)
            {
                deferred.add(event);
                schedule = deferred.size() == 1;
            }
        }
        finally
        {
            lock.unlock();
        }
        if (reply)
        {
            endpoint.caller.onReply(frame);
        }
        else if (schedule)
        {
            RemoteSupport.contextOf(endpoint.port).execute(endpoint::handleDeferred);
        }
        return true;
    }

    /**
     * On the event loop, for a message its listener got: marks the frame received.
     *
     * @param frame the message's frame, or null when it is none of Remote's.
     * @return the frames that waiting callers left, which arrived before this one: they are handled first.
     */
    MessageEvent[] arrived(final Object[] frame)
    {
        lock.lock();
        try
        {
            if (frame != null)
            {
                markReceived(seq(frame));
            }
            return takeDeferredLocked();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return the frames that waiting callers left, in the order they arrived.
     */
    MessageEvent[] takeDeferred()
    {
        lock.lock();
        try
        {
            return takeDeferredLocked();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A message of the peer could not be deserialized. Frames are read in order and marked as they are read, so
     * the lost one is the first not marked: it is marked now.
     *
     * @return the seq of the lost frame.
     */
    long markLost()
    {
        lock.lock();
        try
        {
            final long lost = received + 1;
            markReceived(lost);
            return lost;
        }
        finally
        {
            lock.unlock();
        }
    }

    private MessageEvent[] takeDeferredLocked()
    {
        if (deferred.isEmpty())
        {
            return NO_EVENTS;
        }
        final MessageEvent[] taken = deferred.toArray(NO_EVENTS);
        deferred.clear();
        return taken;
    }

    /** Called with the lock held. */
    private void markReceived(final long seq)
    {
        long upTo = received;
        if (seq == upTo + 1)
        {
            upTo = seq;
            while (receivedAhead != null && receivedAhead.remove(upTo + 1))
            {
                upTo++;
            }
            received = upTo;
        }
        else if (seq > upTo)
        {
            if (receivedAhead == null)
            {
                receivedAhead = new TreeSet<>();
            }
            receivedAhead.add(seq);
        }
    }
}
