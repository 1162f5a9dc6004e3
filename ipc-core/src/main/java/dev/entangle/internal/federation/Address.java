package dev.entangle.internal.federation;

import java.util.regex.Pattern;

/**
 * The two forms of a context's address: a local name, {@code [A-Za-z0-9._-]{1,64}}, and a name on another host,
 * {@code name@host}. The {@code @} is outside the name grammar, so the two never clash.
 */
public final class Address
{
    /** A context name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** A host id of a federation. */
    public static final Pattern HOST = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private Address()
    {
    }

    /**
     * @param name a string.
     * @return true when it is a valid context name.
     */
    public static boolean isName(final String name)
    {
        return NAME.matcher(name).matches() && !".".equals(name) && !"..".equals(name);
    }

    /**
     * @param address a string.
     * @return true when it is {@code name@host} with a valid name and host.
     */
    public static boolean isRemote(final String address)
    {
        final int at = address.indexOf('@');
        return at > 0 && isName(address.substring(0, at)) && HOST.matcher(address.substring(at + 1)).matches();
    }

    /**
     * @param address a name or {@code name@host}.
     * @return the name part.
     */
    public static String name(final String address)
    {
        final int at = address.indexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    /**
     * @param address a name or {@code name@host}.
     * @return the host part, or null for a local name.
     */
    public static String host(final String address)
    {
        final int at = address.indexOf('@');
        return at < 0 ? null : address.substring(at + 1);
    }

    /**
     * @param name a context name.
     * @param host a host id.
     * @return {@code name@host}.
     */
    public static String of(final String name, final String host)
    {
        return name + "@" + host;
    }
}
