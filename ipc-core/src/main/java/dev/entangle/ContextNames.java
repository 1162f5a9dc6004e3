package dev.entangle;

import dev.entangle.internal.federation.Address;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a context may be called, checked wherever a name comes in: opening a context, naming a worker, a window's
 * target, and the sender's name a message carries.
 */
final class ContextNames
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ContextNames()
    {
    }

    /**
     * @throws IllegalArgumentException when {@code name} is not a context name.
     */
    static void validateName(final String name)
    {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || ".".equals(name) || "..".equals(name))
        {
            throw new IllegalArgumentException("context name must match [A-Za-z0-9._-]{1,64} and not be \".\" or " +
                "\"..\": \"" + name + "\"");
        }
    }

    /**
     * A context's address: its name, or {@code name@host} for a context on another host, reached through this
     * host's bridge.
     */
    static void validateAddress(final String address)
    {
        Objects.requireNonNull(address, "name");
        if (address.indexOf('@') < 0 || !Address.isRemote(address))
        {
            validateName(address);
        }
    }
}
