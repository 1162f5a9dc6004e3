package dev.entangle.internal.codec;

import java.util.Arrays;

import static dev.entangle.internal.codec.CloneFormat.MAX_CAUSES;
import static dev.entangle.internal.codec.CloneFormat.THROWABLE;

/**
 * A throwable, both ways. It travels as its cause chain, outermost first, each link with class name, message and
 * stack trace; suppressed exceptions are left behind. The receiver never loads the class named: what stands for
 * each link is made by {@link HostObjectReader#newThrowable}, the API layer's hook. Both halves are kept side by
 * side so that the form changes in one place.
 */
final class ThrowableChains
{
    /** The fewest bytes a stack trace element takes: four one-byte nulls, two empty strings, the line number. */
    private static final int MIN_STACK_TRACE_ELEMENT = 4 + 2 * 2 + 4;

    private ThrowableChains()
    {
    }

    /**
     * Writes the chain, cut after {@link CloneFormat#MAX_CAUSES} throwables, or where it comes back to one already
     * in it, so that a cause cycle ends.
     *
     * @param causes the writer's scratch array of {@link CloneFormat#MAX_CAUSES} slots, all null; left so.
     */
    static void write(final CloneOutput out, final Throwable throwable, final Throwable[] causes)
    {
        int count = 0;
        try
        {
            for (Throwable t = throwable; t != null && count < MAX_CAUSES && !contains(causes, count, t);
                t = t.getCause())
            {
                causes[count++] = t;
            }
            out.putByte(THROWABLE);
            out.putVarint(count);
            for (int i = 0; i < count; i++)
            {
                final Throwable t = causes[i];
                out.putString(t.getClass().getName());
                out.putNullableString(t.getMessage());
                writeStackTrace(out, t.getStackTrace());
            }
        }
        finally
        {
            Arrays.fill(causes, 0, count, null);
        }
    }

    private static boolean contains(final Throwable[] causes, final int count, final Throwable candidate)
    {
        for (int i = 0; i < count; i++)
        {
            if (causes[i] == candidate)
            {
                return true;
            }
        }
        return false;
    }

    private static void writeStackTrace(final CloneOutput out, final StackTraceElement[] trace)
    {
        // getStackTrace() may be overridden: a null array or null elements are left out rather than failing.
        int count = 0;
        if (trace != null)
        {
            for (final StackTraceElement element : trace)
            {
                count += element == null ? 0 : 1;
            }
        }
        out.putVarint(count);
        for (int i = 0; count > 0 && i < trace.length; i++)
        {
            final StackTraceElement element = trace[i];
            if (element != null)
            {
                final StackTraceElement printable = asPrinted(element);
                out.putNullableString(printable.getClassLoaderName());
                out.putNullableString(printable.getModuleName());
                out.putNullableString(printable.getModuleVersion());
                out.putString(printable.getClassName());
                out.putString(printable.getMethodName());
                out.putNullableString(printable.getFileName());
                out.putInt(printable.getLineNumber());
            }
        }
    }

    /**
     * The element with only the class loader name and module version that its {@code toString()} shows. The JVM
     * leaves out the names of built-in class loaders and the versions of JDK modules when it prints a frame, which a
     * constructed element cannot do; sending only what is printed makes the receiver's trace read as the sender's.
     */
    private static StackTraceElement asPrinted(final StackTraceElement element)
    {
        final String printed = element.toString();
        final String loader = element.getClassLoaderName();
        final String version = element.getModuleVersion();
        for (int drop = 0; drop < 4; drop++)
        {
            final StackTraceElement candidate = new StackTraceElement((drop & 1) == 0 ? loader : null,
                element.getModuleName(), (drop & 2) == 0 ? version : null, element.getClassName(),
                element.getMethodName(), element.getFileName(), element.getLineNumber());
            if (candidate.toString().equals(printed))
            {
                return candidate;
            }
        }
        return element;
    }

    /**
     * Reads a chain whose tag has been read, and builds it from its end so that each link is made with its cause.
     *
     * @return what the host made for the outermost throwable.
     */
    static Object read(final CloneInput in, final HostObjectReader host)
    {
        final int count = in.readVarint();
        if (count < 1 || count > MAX_CAUSES)
        {
            throw new MessageDecodeException("throwable with a cause chain of " + count + ", not 1 to " +
                MAX_CAUSES);
        }
        return readLink(in, host, count);
    }

    private static Object readLink(final CloneInput in, final HostObjectReader host, final int remaining)
    {
        final String className = in.readString("throwable class name");
        final String message = in.readNullableString("throwable message");
        final int traceLength = in.readVarint();
        in.require((long)traceLength * MIN_STACK_TRACE_ELEMENT, "stack trace", traceLength, "elements");
        final StackTraceElement[] trace = new StackTraceElement[traceLength];
        for (int i = 0; i < traceLength; i++)
        {
            trace[i] = readStackTraceElement(in);
        }
        final Object cause = remaining > 1 ? readLink(in, host, remaining - 1) : null;
        final Object throwable;
        try
        {
            throwable = host.newThrowable(className, message, trace, cause);
        }
        catch (final MessageDecodeException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new MessageDecodeException("throwable " + className + " could not be rebuilt: " + ex, ex);
        }
        if (throwable == null)
        {
            throw new MessageDecodeException("throwable " + className + " was rebuilt as null");
        }
        return throwable;
    }

    private static StackTraceElement readStackTraceElement(final CloneInput in)
    {
        final String classLoaderName = in.readNullableString("class loader name");
        final String moduleName = in.readNullableString("module name");
        final String moduleVersion = in.readNullableString("module version");
        final String declaringClass = in.readString("stack trace class name");
        final String methodName = in.readString("stack trace method name");
        final String fileName = in.readNullableString("stack trace file name");
        final int lineNumber = in.readInt();
        return new StackTraceElement(
            classLoaderName, moduleName, moduleVersion, declaringClass, methodName, fileName, lineNumber);
    }
}
