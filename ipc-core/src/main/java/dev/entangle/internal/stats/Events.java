package dev.entangle.internal.stats;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR events, off unless a recording enables them ({@code jcmd <pid> JFR.start settings=profile} does not;
 * a settings file or {@code +dev.entangle.*#enabled=true} does). Each costs one check when off.
 */
public final class Events
{
    private Events()
    {
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
