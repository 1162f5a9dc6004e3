package dev.entangle;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * How methods are named on the wire and found again: the caller's side plans each method of an interface once
 * ({@link Plan}), the serving side looks methods of the target's class up by key. A key is the method's name and
 * its erased parameter types, {@code put(java.lang.String,java.lang.Object)}, so overloads stay apart.
 */
final class RemoteMethods
{
    /** A method that waits for its result. */
    static final int SYNC = 0;
    /** A method that returns a future at once. */
    static final int ASYNC = 1;
    /** A {@code void} method: sent without waiting. */
    static final int VOID = 2;
    /** {@code equals}, {@code hashCode}, {@code toString}: answered by the proxy itself. */
    static final int LOCAL = 3;

    private static final ClassValue<Map<Method, Plan>> PLANS = new ClassValue<>()
    {
        @Override
        protected Map<Method, Plan> computeValue(final Class<?> api)
        {
            final Map<Method, Plan> plans = new HashMap<>();
            for (final Method method : api.getMethods())
            {
                plans.put(method, new Plan(method));
            }
            return Collections.unmodifiableMap(plans);
        }
    };

    private static final ClassValue<Map<String, Method>> TARGETS = new ClassValue<>()
    {
        @Override
        protected Map<String, Method> computeValue(final Class<?> type)
        {
            return Collections.unmodifiableMap(servedMethods(type));
        }
    };

    private RemoteMethods()
    {
    }

    /**
     * @param api    an interface.
     * @param method one of its methods, as a proxy receives it.
     * @return the method's plan.
     */
    static Plan plan(final Class<?> api, final Method method)
    {
        final Plan plan = PLANS.get(api).get(method);
        return plan != null ? plan : new Plan(method);
    }

    /**
     * @param method a method.
     * @return its key on the wire.
     */
    static String key(final Method method)
    {
        final StringBuilder key = new StringBuilder(method.getName()).append('(');
        final Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++)
        {
            key.append(i == 0 ? "" : ",").append(types[i].getName());
        }
        return key.append(')').toString();
    }

    /**
     * Finds the method a call names: by key, or else, for a caller whose interface erases differently, the only
     * public method of that name and number of parameters.
     *
     * @param type the target's class.
     * @param key  the key the call carries.
     * @return the method, callable from here, or null when there is none.
     */
    static Method find(final Class<?> type, final String key)
    {
        final Map<String, Method> methods = TARGETS.get(type);
        final Method exact = methods.get(key);
        if (exact != null)
        {
            return exact;
        }
        final int open = key.indexOf('(');
        if (open < 0)
        {
            return null;
        }
        final String name = key.substring(0, open);
        final int arity = key.length() == open + 2 ? 0 : key.substring(open).split(",", -1).length;
        Method only = null;
        for (final Method candidate : methods.values())
        {
            if (candidate.getName().equals(name) && candidate.getParameterCount() == arity)
            {
                if (only != null && !sameSignature(only, candidate))
                {
                    return null;
                }
                only = only == null ? candidate : only;
            }
        }
        return only;
    }

    /**
     * Makes a cloned value fit a declared type where the clone's type differs: a {@code String[]} arrives as
     * {@code Object[]}, for instance.
     *
     * @param value the value as it arrived.
     * @param type  the type declared where it goes.
     * @return the value, converted where that is possible.
     */
    static Object adapt(final Object value, final Class<?> type)
    {
        if (value instanceof Object[] array && type.isArray() && !type.isInstance(value) &&
            !type.getComponentType().isPrimitive())
        {
            final Class<?> component = type.getComponentType();
            final Object typed = Array.newInstance(component, array.length);
            for (int i = 0; i < array.length; i++)
            {
                final Object element = adapt(array[i], component);
                if (element != null && !component.isInstance(element))
                {
                    return value;
                }
                Array.set(typed, i, element);
            }
            return typed;
        }
        return value;
    }

    /**
     * Every public method of the type, except those of {@code Object}, by key. Methods of public interfaces and
     * classes come first, so a target of a private class or a lambda is called through the interface it
     * implements; other methods are made accessible if they can be.
     */
    private static Map<String, Method> servedMethods(final Class<?> type)
    {
        final Map<String, Method> methods = new LinkedHashMap<>();
        for (final Class<?> face : allInterfaces(type))
        {
            for (final Method method : face.getMethods())
            {
                addIfCallable(methods, method);
            }
        }
        for (final Method method : type.getMethods())
        {
            addIfCallable(methods, method);
        }
        return methods;
    }

    private static void addIfCallable(final Map<String, Method> methods, final Method method)
    {
        if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers()))
        {
            return;
        }
        final String key = key(method);
        if (methods.containsKey(key))
        {
            return;
        }
        // A method of a class or interface that is not public (a private class, a lambda) is callable here only
        // once made accessible; one that cannot be is skipped, and the same method of a public interface serves.
        if (method.trySetAccessible() || Modifier.isPublic(method.getDeclaringClass().getModifiers()))
        {
            methods.put(key, method);
        }
    }

    private static Set<Class<?>> allInterfaces(final Class<?> type)
    {
        final Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass())
        {
            collectInterfaces(c, all);
        }
        return all;
    }

    private static void collectInterfaces(final Class<?> type, final Set<Class<?>> all)
    {
        for (final Class<?> face : type.getInterfaces())
        {
            if (all.add(face))
            {
                collectInterfaces(face, all);
            }
        }
    }

    private static boolean sameSignature(final Method a, final Method b)
    {
        return Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    /**
     * What a proxy needs to know about one method of the interface it implements.
     */
    static final class Plan
    {
        final Method method;
        final String key;
        final int kind;
        /** The type a result is converted to: the return type, or the future's type argument. */
        final Class<?> resultType;
        /** Which parameters are interfaces, and so may take an object {@link Remote#byReference}. */
        final boolean[] interfaceParameter;

        Plan(final Method method)
        {
            this.method = method;
            this.key = key(method);
            final Class<?> returns = method.getReturnType();
            if (method.getDeclaringClass() == Object.class || isObjectMethod(method))
            {
                kind = LOCAL;
                resultType = returns;
            }
            else if (returns == void.class)
            {
                kind = VOID;
                resultType = Object.class;
            }
            else if (returns != Object.class && returns.isAssignableFrom(CompletableFuture.class))
            {
                kind = ASYNC;
                resultType = typeArgument(method.getGenericReturnType());
            }
            else
            {
                kind = SYNC;
                resultType = returns;
            }
            final Class<?>[] types = method.getParameterTypes();
            interfaceParameter = new boolean[types.length];
            for (int i = 0; i < types.length; i++)
            {
                interfaceParameter[i] = types[i].isInterface();
            }
        }

        private static boolean isObjectMethod(final Method method)
        {
            final String name = method.getName();
            final int count = method.getParameterCount();
            return count == 0 && ("hashCode".equals(name) || "toString".equals(name)) ||
                count == 1 && "equals".equals(name) && method.getParameterTypes()[0] == Object.class;
        }

        private static Class<?> typeArgument(final Type type)
        {
            if (type instanceof ParameterizedType parameterized &&
                parameterized.getActualTypeArguments().length == 1)
            {
                Type argument = parameterized.getActualTypeArguments()[0];
                if (argument instanceof WildcardType wildcard && wildcard.getUpperBounds().length == 1)
                {
                    argument = wildcard.getUpperBounds()[0];
                }
                if (argument instanceof Class<?> raw)
                {
                    return raw;
                }
                if (argument instanceof ParameterizedType nested && nested.getRawType() instanceof Class<?> raw)
                {
                    return raw;
                }
            }
            return Object.class;
        }
    }
}
