package dev.entangle.internal.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Byte arrays that a bulk copy fills at once, allocated without being zeroed first. For a large message the zeroing
 * costs as much as the copy that follows it (a pass over memory the size of the array). It uses the JDK's
 * {@code jdk.internal.misc.Unsafe}, reachable with the one JVM flag the library needs anyway
 * ({@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED}); without it, arrays are allocated as usual.
 * <p>
 * An array from here holds whatever the heap held until it is filled: it must not be seen by anyone before the copy
 * into it has completed, and is dropped if the copy fails.
 */
final class UninitializedArrays
{
    /** Below this, zeroing is cheap and the allocation may not reach the heap at all (escape analysis). */
    static final int MIN_LENGTH = 4096;

    private static final MethodHandle ALLOCATE = find();

    private UninitializedArrays()
    {
    }

    /**
     * @param length the array's length.
     * @return a new array whose contents are undefined when it is {@link #MIN_LENGTH} or longer.
     */
    static byte[] bytes(final int length)
    {
        if (length < MIN_LENGTH || ALLOCATE == null)
        {
            return new byte[length];
        }
        try
        {
            return (byte[])(Object)ALLOCATE.invokeExact(byte.class, length);
        }
        catch (final Throwable ex)
        {
            return new byte[length];
        }
    }

    /**
     * @return true when arrays are allocated without zeroing (the JDK's internal Unsafe is reachable).
     */
    static boolean isAvailable()
    {
        return ALLOCATE != null;
    }

    private static MethodHandle find()
    {
        try
        {
            final Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            final Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            return MethodHandles.lookup()
                .findVirtual(unsafeClass, "allocateUninitializedArray",
                    MethodType.methodType(Object.class, Class.class, int.class))
                .bindTo(unsafe);
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            return null;
        }
    }
}
