package dev.entangle;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Remote#byReference} returns: a stand-in that implements the target's interfaces and forwards every
 * call to it, so it works locally as the target does. Passed straight as an argument of a remote call, it travels
 * as a new port on which the target is served. Anywhere else in a message it cannot be cloned: the structured clone
 * refuses a proxy. It never implements a collection or map interface, which the clone would copy instead, nor a
 * marker interface without methods.
 */
final class RemoteReference implements InvocationHandler
{
    private final Object target;

    private RemoteReference(final Object target)
    {
        this.target = target;
    }

    /**
     * @param target an object implementing at least one interface other than collections and maps.
     * @return its stand-in.
     * @throws IllegalArgumentException when the target implements no such interface.
     */
    static Object of(final Object target)
    {
        if (targetOf(target) != null)
        {
            return target;
        }
        final Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass())
        {
            collect(c, interfaces);
        }
        // A marker (Serializable, RandomAccess) has nothing to call; a collection or map would be cloned instead.
        interfaces.removeIf(face -> face.getMethods().length == 0 || Collection.class.isAssignableFrom(face) ||
            Map.class.isAssignableFrom(face));
        if (interfaces.isEmpty())
        {
            throw new IllegalArgumentException(target.getClass().getName() + " implements no interface that a " +
                "proxy could stand for (collections and maps are cloned, not passed by reference)");
        }
        final ClassLoader loader = target.getClass().getClassLoader() != null ?
            target.getClass().getClassLoader() : interfaces.iterator().next().getClassLoader();
        return Proxy.newProxyInstance(loader, interfaces.toArray(new Class<?>[0]), new RemoteReference(target));
    }

    /**
     * @param candidate any object.
     * @return the target it stands for, when it is a stand-in made by {@link #of}; else null.
     */
    static Object targetOf(final Object candidate)
    {
        if (candidate != null && Proxy.isProxyClass(candidate.getClass()) &&
            Proxy.getInvocationHandler(candidate) instanceof RemoteReference reference)
        {
            return reference.target;
        }
        return null;
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable
    {
        if (method.getDeclaringClass() == Object.class)
        {
            switch (method.getName())
            {
                case "equals":
                    return proxy == args[0] || target.equals(args[0]) || target == targetOf(args[0]);
                case "hashCode":
                    return target.hashCode();
                default:
                    return "byReference(" + target + ")";
            }
        }
        try
        {
            return method.invoke(target, args);
        }
        catch (final IllegalAccessException ex)
        {
            // An interface that is not public: the proxy's Method object stays accessible once made so.
            if (!method.trySetAccessible())
            {
                throw ex;
            }
            return invoke(proxy, method, args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
    }

    private static void collect(final Class<?> type, final Set<Class<?>> interfaces)
    {
        for (final Class<?> face : type.getInterfaces())
        {
            if (interfaces.add(face))
            {
                collect(face, interfaces);
            }
        }
    }
}
