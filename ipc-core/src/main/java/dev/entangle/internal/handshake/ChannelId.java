package dev.entangle.internal.handshake;

import java.security.SecureRandom;

/**
 * A channel's 128-bit random id; its folder in the directory is named by its hex form.
 *
 * @param high the high half.
 * @param low  the low half.
 */
public record ChannelId(long high, long low)
{
    /**
     * @param random the source.
     * @return a new id.
     */
    public static ChannelId random(final SecureRandom random)
    {
        return new ChannelId(random.nextLong(), random.nextLong());
    }

    /**
     * @param name a folder name.
     * @return the id it names, or null when it is not 32 hex digits.
     */
    public static ChannelId parse(final String name)
    {
        if (name.length() != 32)
        {
            return null;
        }
        try
        {
            return new ChannelId(Long.parseUnsignedLong(name.substring(0, 16), 16),
                Long.parseUnsignedLong(name.substring(16), 16));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    @Override
    public String toString()
    {
        return String.format("%016x%016x", high, low);
    }
}
