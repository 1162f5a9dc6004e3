package dev.entangle.internal.codec;

import java.lang.reflect.Array;

import static dev.entangle.internal.codec.CloneFormat.BOOLEAN_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.BYTE_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.CHAR_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.DOUBLE_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.FLOAT_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.INT_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.LONG_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.OBJECT_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.SHORT_ARRAY;
import static dev.entangle.internal.codec.CloneFormat.TYPED_ARRAY;

/**
 * Arrays, both ways: an array of primitives travels as its length and its elements' bytes, an array of references
 * as its length and its elements as values. An array has identity, and is numbered for back-references before its
 * elements. A reference array keeps its component type when {@link ArrayComponents} has a code for it; any other
 * arrives as {@code Object[]}.
 */
final class ArrayValues
{
    private ArrayValues()
    {
    }

    static void writePrimitiveArray(final StructuredCloneWriter writer, final Object array)
    {
        final CloneOutput out = writer.out;
        if (array instanceof byte[] a)
        {
            writer.register(a, BYTE_ARRAY);
            out.putBytes(a);
        }
        else if (array instanceof int[] a)
        {
            writer.register(a, INT_ARRAY);
            out.putInts(a);
        }
        else if (array instanceof long[] a)
        {
            writer.register(a, LONG_ARRAY);
            out.putLongs(a);
        }
        else if (array instanceof double[] a)
        {
            writer.register(a, DOUBLE_ARRAY);
            out.putDoubles(a);
        }
        else if (array instanceof boolean[] a)
        {
            writer.register(a, BOOLEAN_ARRAY);
            out.putBooleans(a);
        }
        else if (array instanceof short[] a)
        {
            writer.register(a, SHORT_ARRAY);
            out.putShorts(a);
        }
        else if (array instanceof char[] a)
        {
            writer.register(a, CHAR_ARRAY);
            out.putChars(a);
        }
        else if (array instanceof float[] a)
        {
            writer.register(a, FLOAT_ARRAY);
            out.putFloats(a);
        }
        else
        {
            throw writer.refused(array, "is not cloneable");
        }
    }

    /**
     * An {@code Object[]}, or an array of a component type the receiver rebuilds as such (see
     * {@link ArrayComponents}); any other reference array travels as an {@code Object[]}.
     */
    static void writeReferenceArray(final StructuredCloneWriter writer, final Object[] array)
    {
        final CloneOutput out = writer.out;
        final ClonePath path = writer.path;
        final Class<?> component = array.getClass().getComponentType();
        final byte code = component == Object.class ? 0 : ArrayComponents.code(component);
        if (code == 0)
        {
            writer.register(array, OBJECT_ARRAY);
        }
        else
        {
            writer.register(array, TYPED_ARRAY);
            out.putByte(code);
            if (code == ArrayComponents.RECORD || code == ArrayComponents.ENUM)
            {
                out.putString(component.getName());
            }
        }
        out.putVarint(array.length);
        writer.enter();
        path.pushIndex(0);
        for (int i = 0; i < array.length; i++)
        {
            path.nextIndex(i);
            writer.writeValue(array[i]);
        }
        path.pop();
    }

    /**
     * @param tag one of the primitive array tags, already read.
     * @return the array, whose bytes have all been checked to be there before it was allocated.
     */
    static Object readPrimitiveArray(final CloneInput in, final byte tag)
    {
        final int length = in.readVarint();
        final int width = switch (tag)
        {
            case BOOLEAN_ARRAY, BYTE_ARRAY -> 1;
            case SHORT_ARRAY, CHAR_ARRAY -> 2;
            case INT_ARRAY, FLOAT_ARRAY -> 4;
            default -> 8;
        };
        in.require((long)length * width, "array", length, "elements");
        return switch (tag)
        {
            case BOOLEAN_ARRAY -> in.readBooleans(length);
            case BYTE_ARRAY -> in.readBytes(length);
            case SHORT_ARRAY -> in.readShorts(length);
            case CHAR_ARRAY -> in.readChars(length);
            case INT_ARRAY -> in.readInts(length);
            case FLOAT_ARRAY -> in.readFloats(length);
            case LONG_ARRAY -> in.readLongs(length);
            default -> in.readDoubles(length);
        };
    }

    static Object[] readObjectArray(final StructuredCloneReader reader)
    {
        final int length = reader.in.readCount("array");
        final Object[] array = new Object[length];
        reader.remember(array);
        reader.enter();
        for (int i = 0; i < length; i++)
        {
            array[i] = reader.readValue();
        }
        reader.leave();
        return array;
    }

    /**
     * An array of a component type the receiver rebuilds as such; each element must be of that type, and a record
     * or enum component must be allowed by the receiver.
     */
    static Object[] readTypedArray(final StructuredCloneReader reader)
    {
        final CloneInput in = reader.in;
        final byte code = in.readRawByte("array component type");
        final Class<?> component;
        if (code == ArrayComponents.RECORD)
        {
            component = RecordsAndEnums.allowedRecord(reader.policy, in.readString("record class name"));
        }
        else if (code == ArrayComponents.ENUM)
        {
            component = RecordsAndEnums.allowedEnum(reader.policy, in.readString("enum class name"));
        }
        else
        {
            component = ArrayComponents.type(code);
            if (component == null)
            {
                throw new MessageDecodeException("unknown array component type " + code);
            }
        }
        final int length = in.readCount("array");
        final Object[] array = (Object[])Array.newInstance(component, length);
        reader.remember(array);
        reader.enter();
        for (int i = 0; i < length; i++)
        {
            final Object element = reader.readValue();
            if (element != null && !component.isInstance(element))
            {
                throw new MessageDecodeException(component.getName() + "[] element " + i + " is a " +
                    element.getClass().getName());
            }
            array[i] = element;
        }
        reader.leave();
        return array;
    }
}
