package dev.entangle.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds message bytes by hand, hostile ones included, in the layout of {@link CloneFormat}.
 */
final class Wire
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * @return a message with its header written.
     */
    static Wire message()
    {
        return new Wire().raw(CloneFormat.MAGIC, CloneFormat.VERSION);
    }

    Wire raw(final int... bytes)
    {
        for (final int b : bytes)
        {
            out.write(b);
        }
        return this;
    }

    Wire varint(final int value)
    {
        int v = value;
        while ((v & ~0x7F) != 0)
        {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return this;
    }

    Wire int32(final int value)
    {
        for (int i = 0; i < 4; i++)
        {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    Wire int64(final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            out.write((int)(value >>> (8 * i)));
        }
        return this;
    }

    /**
     * A Latin-1 string value: tag, length, bytes.
     */
    Wire string(final String s)
    {
        final byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        out.write(CloneFormat.STRING_LATIN1);
        varint(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    Wire rawBytes(final byte[] bytes)
    {
        out.writeBytes(bytes);
        return this;
    }

    /**
     * Appends the value of an encoded message: its bytes after the header.
     */
    Wire value(final byte[] message)
    {
        out.write(message, CloneFormat.HEADER_LENGTH, message.length - CloneFormat.HEADER_LENGTH);
        return this;
    }

    byte[] bytes()
    {
        return out.toByteArray();
    }
}
