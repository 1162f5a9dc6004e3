package dev.entangle.internal.broadcast;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.entangle.internal.broadcast.BroadcastDescriptor.*;

/**
 * The origin and name a channel's control file keeps for inspection: the origin's first 254 UTF-8 bytes, and the
 * name's length in chars with its first UTF-8 bytes (all of them unless the name is very long).
 */
final class BroadcastNames
{
    private BroadcastNames()
    {
    }

    static void put(final UnsafeBuffer buffer, final String origin, final String name)
    {
        final byte[] originBytes = truncated(origin.getBytes(StandardCharsets.UTF_8), ORIGIN_MAX);
        buffer.putShort(ORIGIN_OFFSET, (short)originBytes.length);
        buffer.putBytes(ORIGIN_OFFSET + 2, originBytes);
        final byte[] nameBytes = truncated(name.getBytes(StandardCharsets.UTF_8), NAME_MAX);
        buffer.putInt(NAME_OFFSET, name.length());
        buffer.putInt(NAME_OFFSET + 4, nameBytes.length);
        buffer.putBytes(NAME_OFFSET + 8, nameBytes);
    }

    /**
     * @return true when the file keeps this origin and name.
     */
    static boolean matches(final UnsafeBuffer buffer, final String origin, final String name)
    {
        final byte[] bytes = truncated(name.getBytes(StandardCharsets.UTF_8), NAME_MAX);
        final int stored = buffer.getInt(NAME_OFFSET + 4);
        if (!origin.equals(origin(buffer)) || buffer.getInt(NAME_OFFSET) != name.length() || stored != bytes.length)
        {
            return false;
        }
        final byte[] inFile = new byte[stored];
        buffer.getBytes(NAME_OFFSET + 8, inFile);
        return Arrays.equals(bytes, inFile);
    }

    static String origin(final UnsafeBuffer buffer)
    {
        final int length = Math.min(buffer.getShort(ORIGIN_OFFSET) & 0xFFFF, ORIGIN_MAX);
        final byte[] bytes = new byte[length];
        buffer.getBytes(ORIGIN_OFFSET + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String name(final UnsafeBuffer buffer)
    {
        final int length = Math.max(0, Math.min(buffer.getInt(NAME_OFFSET + 4), NAME_MAX));
        final byte[] bytes = new byte[length];
        buffer.getBytes(NAME_OFFSET + 8, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Cuts UTF-8 bytes to at most {@code max}, at the start of a character.
     */
    private static byte[] truncated(final byte[] bytes, final int max)
    {
        if (bytes.length <= max)
        {
            return bytes;
        }
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
