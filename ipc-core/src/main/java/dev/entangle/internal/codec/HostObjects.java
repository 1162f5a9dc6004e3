package dev.entangle.internal.codec;

import org.agrona.MutableDirectBuffer;

import static dev.entangle.internal.codec.CloneFormat.HOST_OBJECT;
import static dev.entangle.internal.codec.CloneFormat.TRANSFERRED;

/**
 * The values only the API layer knows, both ways: entries of the transfer list, which travel as their index there,
 * and host objects copied into the message, whose bytes the API layer writes and reads through the
 * {@link HostObjectWriter} and {@link HostObjectReader} hooks. What the hooks return or throw is checked here, so
 * that a faulty hook is reported as the codec's own refusal or decoding fault.
 */
final class HostObjects
{
    private HostObjects()
    {
    }

    /**
     * A value of none of the structured clone's own types: the API layer's to place in the transfer list, to copy,
     * or to refuse, in the order {@link HostObjectWriter} gives.
     */
    static void write(final StructuredCloneWriter writer, final Object value)
    {
        final CloneOutput out = writer.out;
        final HostObjectWriter host = writer.host;
        final int index = host.transferIndex(value);
        if (index >= 0)
        {
            out.putByte(TRANSFERRED);
            out.putVarint(index);
            return;
        }
        if (host.mustBeTransferred(value))
        {
            throw new CloneRefusedException(writer.path.render() + ": a MessagePort in the message must also be " +
                "in the transfer list");
        }
        final int type;
        try
        {
            type = host.cloneType(value);
        }
        catch (final CloneRefusedException ex)
        {
            throw writer.refused(value, ex.getMessage());
        }
        if (type < 0)
        {
            throw writer.refused(value, "is not cloneable");
        }
        final int length = host.cloneLength(value);
        if (length < 0)
        {
            throw writer.refused(value, "has a clone length of " + length + " bytes");
        }
        writer.register(value, HOST_OBJECT);
        out.putVarint(type);
        out.putVarint(length);
        if (out.ensure(length))
        {
            final MutableDirectBuffer buffer = out.buffer();
            // An expandable buffer grows only in its own methods: grown here, the hook may write in any way.
            buffer.checkLimit(out.position() + length);
            host.cloneInto(value, buffer, out.position());
            out.advance(length);
        }
    }

    /**
     * @return the object of the transfer list whose index follows the tag.
     */
    static Object readTransferred(final CloneInput in, final HostObjectReader host)
    {
        final int index = in.readVarint();
        final int count = host.transferredCount();
        if (index >= count)
        {
            throw new MessageDecodeException("reference to transferred object " + index + " but " + count +
                " were transferred");
        }
        return host.transferred(index);
    }

    /**
     * @return the host object whose type and bytes follow the tag, as the host made it; never null. The reader
     * numbers it for back-references.
     */
    static Object readHostObject(final CloneInput in, final HostObjectReader host)
    {
        final int type = in.readVarint();
        final int length = in.readVarint();
        in.require(length, "host object", length, "bytes");
        final Object value;
        try
        {
            value = host.readClone(type, in.buffer(), in.position(), length);
        }
        catch (final MessageDecodeException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new MessageDecodeException("host object of type " + type + " could not be read: " + ex, ex);
        }
        if (value == null)
        {
            throw new MessageDecodeException("host object of type " + type + " was read as null");
        }
        in.advance(length);
        return value;
    }
}
