package dev.entangle;

import dev.entangle.internal.broadcast.BroadcastDescriptor;
import dev.entangle.internal.broadcast.BroadcastLane;
import dev.entangle.internal.broadcast.BroadcastMember;
import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.lane.LaneDamagedException;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.runtime.RuntimeFaults;
import dev.entangle.internal.stats.Counter;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A named channel that every context of the directory with the same origin can join, in this process and in
 * others, as the HTML {@code BroadcastChannel}: a message posted on one goes to every other open
 * {@code BroadcastChannel} of the same name and origin, but not to the one that posted it.
 * <ul>
 *     <li>Messages from one sender arrive in the order sent. One opened later does not see earlier messages.</li>
 *     <li>A message is written once to shared memory whatever the number of receivers, and read by each.</li>
 *     <li>No transfer list: a message holding a port or a buffer is refused with {@link DataCloneException}.</li>
 *     <li>{@code event.origin()} is the sender's origin (which is this channel's); {@code source} is null and
 *     {@code ports} empty.</li>
 *     <li>Messages that arrive before the first {@link #onMessage} wait for it, as a port's do. A message that
 *     cannot be deserialized fires {@code messageerror} (data null) and reaches the context's error handler as a
 *     {@link MessageErrorException}.</li>
 *     <li>Posting never fails because a receiver is slow: a receiver that falls more than its context's
 *     {@code maxBufferedAmount} behind is left out, skips ahead to the oldest message still kept, and gets one
 *     {@code messageerror} plus a {@link MessageErrorException} saying how many messages it missed. Space is
 *     reclaimed once every live receiver has read past it; a receiver whose process died stops counting.</li>
 * </ul>
 * Listeners run on the context's event loop. A channel with a message listener keeps the JVM alive until it is
 * closed; closing the context closes it. Every method may be called from any thread.
 */
public final class BroadcastChannel implements AutoCloseable
{
    private final ContextCore context;
    private final String name;
    private final BroadcastSource source;
    private final BroadcastRinger ringer;
    private final RuntimeFaults.Scope faultScope = this::scanForDamage;
    private final int doorbellSlot;
    private final BroadcastLane lane;
    private volatile boolean closed;
    private volatile boolean released;

    /**
     * Joins the channel of this name and the context's origin.
     *
     * @param context the context whose loop runs this channel's listeners.
     * @param name    the channel's name: any string.
     * @throws IllegalStateException when the context is closed, or the channel already has as many live
     *                               participants as it can hold (1024).
     */
    public BroadcastChannel(final Context context, final String name)
    {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(name, "name");
        final ContextCore core = context.core();
        core.checkOpen("make a BroadcastChannel");
        this.context = core;
        this.name = name;
        this.source = new BroadcastSource(core, name);
        this.ringer = new BroadcastRinger(core.runtime());
        this.doorbellSlot = core.loop().addSource(source);
        try
        {
            final Path broadcasts = core.runtime().layout().broadcasts();
            SafeFiles.createDirectory(broadcasts);
            long receiverId;
            do
            {
                receiverId = core.runtime().random().nextLong();
            }
            while (receiverId == 0);
            final BroadcastMember member = new BroadcastMember(receiverId, ProcessLiveness.SELF_PID,
                ProcessLiveness.SELF_START, core.contextId(), doorbellSlot, core.settings.maxBufferedAmount);
            this.lane = BroadcastLane.join(broadcasts.resolve(BroadcastDescriptor.key(core.origin(), name)),
                core.origin(), name, member, core.settings.laneSettings(), core.runtime().processWatch());
        }
        catch (final RuntimeException ex)
        {
            core.loop().removeSource(source, doorbellSlot);
            throw ex;
        }
        source.lane(lane);
        core.runtime().faults().addScope(faultScope);
        core.broadcasts().add(this);
        if (core.isClosed())
        {
            // The context closed meanwhile, perhaps without seeing this channel.
            release();
            throw new IllegalStateException("cannot make a BroadcastChannel: context " + core.name() + " is closed");
        }
    }

    /**
     * @return the channel's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Sends a structured clone of the message to every other open channel of this name and origin. It never
     * blocks on a receiver and no listener runs inside it.
     *
     * @param message the message.
     * @throws DataCloneException    when it cannot be cloned, holds a port or a buffer, or exceeds
     *                               {@code maxMessageSize}; nothing is sent then.
     * @throws IllegalStateException when this channel is closed (or its context is).
     */
    public void postMessage(final Object message)
    {
        checkPostable();
        final BroadcastOutgoing outgoing = BroadcastOutgoing.get();
        final int length;
        try
        {
            length = outgoing.encode(message, context.settings.maxMessageSize);
        }
        catch (final DataCloneException ex)
        {
            context.stats().increment(Counter.CLONE_ERRORS);
            throw ex;
        }
        synchronized (this)
        {
            checkPostable();
            try
            {
                lane.append(outgoing.body(), 0, length);
            }
            catch (final LaneDamagedException ex)
            {
                source.onDamage(ex.getMessage(), ex);
                throw new IllegalStateException("BroadcastChannel \"" + name + "\" is damaged: " + ex.getMessage(),
                    ex);
            }
            // A listening channel's own reader is rung too, to step past its own message and keep no space.
            ringer.ring(lane.file(), source.isEnabled() ? -1 : lane.slot());
        }
        context.stats().increment(Counter.MESSAGES_POSTED);
        context.stats().add(Counter.BYTES_POSTED, BroadcastDescriptor.HEADER_LENGTH + length);
    }

    private void checkPostable()
    {
        if (closed || released)
        {
            throw new IllegalStateException("BroadcastChannel \"" + name + "\" is closed" +
                (closed ? "" : ", with its context " + context.name()));
        }
    }

    /**
     * Like setting {@code onmessage}: replaces the listener; the first non-null one starts delivery of the messages
     * that waited for it. Null removes it.
     *
     * @param listener called on the context's loop with each message.
     */
    public void onMessage(final MessageListener listener)
    {
        source.onMessage(listener);
    }

    /**
     * Like setting {@code onmessageerror}: called with an event whose data is null when a message could not be
     * deserialized, or messages were missed because this channel fell too far behind.
     *
     * @param listener called on the context's loop; null removes it.
     */
    public void onMessageError(final MessageListener listener)
    {
        source.onMessageError(listener);
    }

    /**
     * Leaves the channel: once this returns, no event is dispatched here, and posting throws
     * {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        source.close();
        // The slot is given back on the loop, which may be reading through it now.
        context.execute(this::release);
    }

    /**
     * Gives the slot back and unmaps; on the loop (or before the source was ever read). Idempotent.
     */
    synchronized void release()
    {
        if (released)
        {
            return;
        }
        released = true;
        source.close();
        context.loop().removeSource(source, doorbellSlot);
        context.runtime().faults().removeScope(faultScope);
        context.broadcasts().remove(this);
        try
        {
            lane.close();
        }
        finally
        {
            ringer.release();
        }
    }

    /**
     * A thread caught the fault of a truncated mapping: if one of this channel's files was truncated, it stops
     * reading and says so once.
     */
    private boolean scanForDamage(final Throwable cause)
    {
        if (released || source.isDamaged())
        {
            return source.isDamaged();
        }
        for (final MappedRegion region : lane.regions())
        {
            if (region != null && region.isTruncated())
            {
                source.onDamage("another process truncated " + region.file(), cause);
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString()
    {
        return "BroadcastChannel[" + name + " " + context.origin() + "]";
    }
}
