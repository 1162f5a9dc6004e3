package dev.entangle.internal.codec;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The components of a record class and its canonical constructor, looked up once per class and cached. Only
 * classes the program itself hands over are looked at: the sender's own records, and the receiver's
 * {@code allowRecord}-ed ones.
 */
final class RecordShapes
{
    private static final ClassValue<RecordShapes> SHAPES = new ClassValue<>()
    {
        @Override
        protected RecordShapes computeValue(final Class<?> type)
        {
            return new RecordShapes(type);
        }
    };

    private final byte[] latin1Name;
    private final boolean container;
    private final String[] names;
    private final MethodHandle[] accessors;
    /**
     * The accessors again, as classes of their own that call them directly, where the record's class allows it:
     * a method handle held in an array is not a constant to the JIT, which then calls it through its generic
     * form, several times slower than a call. Null where only the method handle works.
     */
    private final Function<Object, Object>[] fastAccessors;
    private final MethodHandle constructor;
    private final RuntimeException failure;

    private RecordShapes(final Class<?> type)
    {
        latin1Name = latin1(type.getName());
        container = List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type) ||
            Map.class.isAssignableFrom(type);
        final RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        accessors = new MethodHandle[components.length];
        fastAccessors = functions(components.length);
        final Class<?>[] parameterTypes = new Class<?>[components.length];
        MethodHandle canonical = null;
        RuntimeException problem = null;
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < components.length; i++)
            {
                names[i] = components[i].getName();
                parameterTypes[i] = components[i].getType();
                final var accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
                fastAccessors[i] = directCaller(lookup, type, accessor);
            }
            final var ctor = type.getDeclaredConstructor(parameterTypes);
            ctor.setAccessible(true);
            canonical = lookup.unreflectConstructor(ctor)
                .asType(MethodType.methodType(Object.class, parameterTypes).generic())
                .asSpreader(Object[].class, components.length);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            problem = new IllegalStateException("record " + type.getName() + " is not accessible: " + ex, ex);
        }
        constructor = canonical;
        failure = problem;
    }

    static RecordShapes of(final Class<?> type)
    {
        return SHAPES.get(type);
    }

    /**
     * @return true when every component is read by a direct call, not through a method handle.
     */
    boolean readsComponentsDirectly()
    {
        for (final Function<Object, Object> fast : fastAccessors)
        {
            if (fast == null)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true when the record is also a {@code List}, a {@code Set} or a {@code Map}, which the writer then
     * treats as such.
     */
    boolean isContainer()
    {
        return container;
    }

    /**
     * @return the class's binary name, one byte per character; null when a character does not fit in one.
     */
    byte[] latin1Name()
    {
        return latin1Name;
    }

    private static byte[] latin1(final String name)
    {
        final byte[] bytes = new byte[name.length()];
        for (int i = 0; i < bytes.length; i++)
        {
            final char c = name.charAt(i);
            if (c > 0xFF)
            {
                return null;
            }
            bytes[i] = (byte)c;
        }
        return bytes;
    }

    int componentCount()
    {
        return names.length;
    }

    String name(final int component)
    {
        return names[component];
    }

    Object get(final Object record, final int component) throws Throwable
    {
        checkUsable();
        final Function<Object, Object> fast = fastAccessors[component];
        return fast != null ? fast.apply(record) : accessors[component].invokeExact(record);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Function<Object, Object>[] functions(final int count)
    {
        return new Function[count];
    }

    /**
     * A function that calls the accessor directly, made by the lambda factory; null where the factory refuses,
     * which it does when the record's class is not accessible from here (a record that is not public, or nested
     * in a class that is not): such a record is read through its method handle.
     */
    @SuppressWarnings("unchecked")
    private static Function<Object, Object> directCaller(
        final MethodHandles.Lookup lookup, final Class<?> type, final Method accessor)
    {
        try
        {
            return (Function<Object, Object>)LambdaMetafactory.metafactory(lookup, "apply",
                MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class),
                lookup.unreflect(accessor), MethodType.methodType(Object.class, type)).getTarget().invokeExact();
        }
        catch (final Throwable ex)
        {
            return null;
        }
    }

    Object construct(final Object[] components) throws Throwable
    {
        checkUsable();
        // invokeExact: the handle's type is exactly (Object[])Object, and plain invoke would check that each time.
        return (Object)constructor.invokeExact(components);
    }

    private void checkUsable()
    {
        if (failure != null)
        {
            throw failure;
        }
    }
}
