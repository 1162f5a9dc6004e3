package dev.entangle.bench;

/**
 * JVM arguments of every JMH fork: the flags Chronicle Queue and Agrona need (the same list as
 * {@code dev.entangle.JvmFlags}, which an annotation cannot call), so nobody types them.
 */
public final class BenchFlags
{
    public static final String ADD_EXPORTS_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String ADD_EXPORTS_NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String ADD_EXPORTS_UTIL = "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED";
    public static final String ADD_OPENS_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String ADD_OPENS_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String ADD_OPENS_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    public static final String ADD_OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    public static final String ADD_OPENS_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String ADD_OPENS_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    public static final String HEAP = "-Xmx1g";

    private BenchFlags()
    {
    }
}
