package dev.entangle.internal.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

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

    private final String[] names;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;
    private final RuntimeException failure;

    private RecordShapes(final Class<?> type)
    {
        final RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        accessors = new MethodHandle[components.length];
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
        return accessors[component].invokeExact(record);
    }

    Object construct(final Object[] components) throws Throwable
    {
        checkUsable();
        return constructor.invoke(components);
    }

    private void checkUsable()
    {
        if (failure != null)
        {
            throw failure;
        }
    }
}
