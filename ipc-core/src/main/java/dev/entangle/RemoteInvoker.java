package dev.entangle;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The proxy side of {@link Remote#wrap}: each call of an interface method becomes a call frame on the port.
 * {@code equals}, {@code hashCode} and {@code toString} are answered here, by the proxy's identity.
 */
final class RemoteInvoker implements InvocationHandler
{
    private final RemoteEndpoint endpoint;
    private final Class<?> api;
    private final long timeoutNs;

    private RemoteInvoker(final RemoteEndpoint endpoint, final Class<?> api, final long timeoutNs)
    {
        this.endpoint = endpoint;
        this.api = api;
        this.timeoutNs = timeoutNs;
    }

    /**
     * @return a proxy of {@code api} whose calls go through the endpoint.
     */
    static <T> T proxy(final RemoteEndpoint endpoint, final Class<T> api, final long timeoutNs)
    {
        if (!api.isInterface())
        {
            throw new IllegalArgumentException("a remote proxy stands for an interface; " + api.getName() +
                " is a class");
        }
        return api.cast(Proxy.newProxyInstance(loaderOf(api), new Class<?>[]{ api },
            new RemoteInvoker(endpoint, api, timeoutNs)));
    }

    /**
     * A proxy for an object another process passed by reference, on the port Remote made for it: the port closes,
     * and the other side stops serving the object, once the proxy is garbage collected and no call through it waits.
     */
    static Object referenceProxy(final RemoteEndpoint endpoint, final Class<?> api)
    {
        final Object proxy = proxy(endpoint, api, Remote.DEFAULT_TIMEOUT.toNanos());
        RemoteWatch.releaseWhenUnreachable(proxy, endpoint);
        return proxy;
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args)
    {
        final RemoteMethods.Plan plan = RemoteMethods.plan(api, method);
        if (plan.kind != RemoteMethods.LOCAL)
        {
            return endpoint.call(plan, args, timeoutNs);
        }
        switch (method.getName())
        {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "Remote " + api.getName() + " on " + endpoint.port;
        }
    }

    private static ClassLoader loaderOf(final Class<?> api)
    {
        return api.getClassLoader() != null ? api.getClassLoader() : RemoteInvoker.class.getClassLoader();
    }
}
