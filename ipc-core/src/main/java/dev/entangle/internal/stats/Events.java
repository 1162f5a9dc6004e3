package dev.entangle.internal.stats;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import java.util.Locale;

/**
 * JFR events, off unless a recording enables them ({@code jcmd <pid> JFR.start settings=profile} does not;
 * a settings file or {@code +dev.entangle.*#enabled=true} does). Until a recording has started in the JVM each
 * costs one check and allocates nothing; after that, an event that is off is left to escape analysis.
 */
public final class Events
{
    private Events()
    {
    }

    /**
     * Guards every event site, so that the hot paths allocate nothing without a recording even where the JIT
     * has not (or not yet) removed the event object.
     *
     * @return true once flight recording has been started in this JVM.
     */
    public static boolean mayRecord()
    {
        return FlightRecorder.isInitialized();
    }

    /**
     * @param target      a channel id or a context name.
     * @param side        the port's side (1 or 2), or 0 for a context.
     * @param size        the message's size.
     * @param transferred how many transferables it carries.
     */
    public static void posted(final Object target, final int side, final long size, final int transferred)
    {
        if (mayRecord())
        {
            final Post event = new Post();
            if (event.shouldCommit())
            {
                event.target = String.valueOf(target);
                event.side = side;
                event.size = size;
                event.transferred = transferred;
                event.commit();
            }
        }
    }

    /**
     * @param source a channel id or a context name.
     * @param side   the port's side (1 or 2), or 0 for a context.
     * @param size   the message's size.
     */
    public static void dispatched(final Object source, final int side, final long size)
    {
        if (mayRecord())
        {
            final Dispatch event = new Dispatch();
            if (event.shouldCommit())
            {
                event.source = String.valueOf(source);
                event.side = side;
                event.size = size;
                event.commit();
            }
        }
    }

    /**
     * @param channel the port's channel id.
     * @param side    the port's side (1 or 2).
     * @param arrived true when it arrived here, false when it left.
     */
    public static void transferred(final Object channel, final int side, final boolean arrived)
    {
        if (mayRecord())
        {
            final Transfer event = new Transfer();
            if (event.shouldCommit())
            {
                event.channel = String.valueOf(channel);
                event.side = side;
                event.arrived = arrived;
                event.commit();
            }
        }
    }

    /**
     * @param channel the port's channel id.
     * @param side    the port's side (1 or 2).
     * @param cause   why.
     */
    public static void closed(final Object channel, final int side, final CloseCause cause)
    {
        if (mayRecord())
        {
            final Close event = new Close();
            if (event.shouldCommit())
            {
                event.channel = String.valueOf(channel);
                event.side = side;
                event.cause = cause.name().toLowerCase(Locale.ROOT);
                event.commit();
            }
        }
    }

    /** A message posted on a port or to a window. */
    @Name("dev.entangle.Post")
    @Label("Entangle Post")
    @Category("Entangle")
    @Description("A message posted on a port or to a context")
    @Enabled(false)
    @StackTrace(false)
    public static final class Post extends Event
    {
        /** The channel id, or the target context name. */
        @Label("Target")
        public String target;
        /** The port's side (1 or 2), or 0 for a context. */
        @Label("Side")
        public int side;
        /** The message's size. */
        @Label("Size")
        @DataAmount
        public long size;
        /** Transferables carried. */
        @Label("Transferred")
        public int transferred;
    }

    /** A message dispatched to listeners (or taken by receiveMessage). */
    @Name("dev.entangle.Dispatch")
    @Label("Entangle Dispatch")
    @Category("Entangle")
    @Description("A message dispatched on a port or a context")
    @Enabled(false)
    @StackTrace(false)
    public static final class Dispatch extends Event
    {
        /** The channel id, or the receiving context name. */
        @Label("Source")
        public String source;
        /** The port's side, or 0 for a context. */
        @Label("Side")
        public int side;
        /** The message's size. */
        @Label("Size")
        @DataAmount
        public long size;
    }

    /** A port claimed from a message, or sent away in one. */
    @Name("dev.entangle.Transfer")
    @Label("Entangle Transfer")
    @Category("Entangle")
    @Description("A port sent away in a message, or claimed from one")
    @Enabled(false)
    @StackTrace(false)
    public static final class Transfer extends Event
    {
        /** The transferred port's channel. */
        @Label("Channel")
        public String channel;
        /** Its side. */
        @Label("Side")
        public int side;
        /** True when it arrived here, false when it left. */
        @Label("Arrived")
        public boolean arrived;
    }

    /** A port closed, or a close event fired. */
    @Name("dev.entangle.Close")
    @Label("Entangle Close")
    @Category("Entangle")
    @Description("A port closed here, or saw its peer go")
    @Enabled(false)
    @StackTrace(false)
    public static final class Close extends Event
    {
        /** The channel. */
        @Label("Channel")
        public String channel;
        /** The port's side. */
        @Label("Side")
        public int side;
        /** Why. */
        @Label("Cause")
        public String cause;
    }
}
