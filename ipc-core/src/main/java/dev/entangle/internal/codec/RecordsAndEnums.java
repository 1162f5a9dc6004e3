package dev.entangle.internal.codec;

import static dev.entangle.internal.codec.CloneFormat.ENUM;
import static dev.entangle.internal.codec.CloneFormat.RECORD;

/**
 * Records and enum constants, both ways: the two kinds of value that travel with a class name. The receiver
 * resolves that name only through its {@link ReceiverPolicy}, never by loading a class, so the allow-lists are
 * enforced here; arrays of records or enums ({@link ArrayValues#readTypedArray}) ask the same questions.
 *
 * <p>A record has identity and is numbered for back-references before its components, but it is built only after
 * them, with its canonical constructor: a component that reaches the record itself cannot be rebuilt, and the
 * writer refuses it while the reader rejects it.
 */
final class RecordsAndEnums
{
    private RecordsAndEnums()
    {
    }

    static void writeRecord(final StructuredCloneWriter writer, final Record record)
    {
        final Class<?> type = record.getClass();
        final RecordShapes shape = RecordShapes.of(type);
        writer.register(record, RECORD);
        final CloneOutput out = writer.out;
        final ClonePath path = writer.path;
        final byte[] latin1Name = shape.latin1Name();
        if (latin1Name != null)
        {
            out.putLatin1String(latin1Name);
        }
        else
        {
            out.putString(type.getName());
        }
        final int count = shape.componentCount();
        out.putVarint(count);
        writer.enter();
        writer.beginRecord(record);
        for (int i = 0; i < count; i++)
        {
            path.pushComponent(shape.name(i));
            final Object component;
            try
            {
                component = shape.get(record, i);
            }
            catch (final RuntimeException | Error ex)
            {
                // As in the standard: an exception thrown by an accessor propagates unchanged.
                throw ex;
            }
            catch (final Throwable ex)
            {
                throw new CloneRefusedException(path.render() + ": reading the record component failed: " + ex, ex);
            }
            writer.writeValue(component);
            path.pop();
        }
        writer.endRecord();
    }

    static void writeEnum(final CloneOutput out, final Enum<?> constant)
    {
        out.putByte(ENUM);
        // A constant with a body of its own is an instance of an anonymous subclass: the enum is its declarer.
        out.putString(constant.getDeclaringClass().getName());
        out.putString(constant.name());
    }

    /**
     * Reads a record whose tag has been read; it holds its place in the object table while its components are read.
     */
    static Object readRecord(final StructuredCloneReader reader)
    {
        final int id = reader.reserve();
        final CloneInput in = reader.in;
        Class<? extends Record> type = reader.recordClasses.take(in, reader.policy);
        final String className;
        if (type != null)
        {
            className = type.getName();
        }
        else
        {
            className = in.readString("record class name");
            type = allowedRecord(reader.policy, className);
            if (type.getName().equals(className))
            {
                reader.recordClasses.remember(reader.policy, type);
            }
        }
        final RecordShapes shape = RecordShapes.of(type);
        final int count = in.readCount("record");
        if (count != shape.componentCount())
        {
            throw new MessageDecodeException("record " + className + " arrived with " + count + " components, " +
                "the receiver's class has " + shape.componentCount());
        }
        final Object[] components = new Object[count];
        reader.enter();
        for (int i = 0; i < count; i++)
        {
            components[i] = reader.readValue();
        }
        reader.leave();
        final Object record;
        try
        {
            record = shape.construct(components);
        }
        catch (final Throwable ex)
        {
            throw new MessageDecodeException("record " + className + " could not be rebuilt: " + ex, ex);
        }
        reader.fill(id, record);
        return record;
    }

    static Object readEnum(final CloneInput in, final ReceiverPolicy policy)
    {
        final String className = in.readString("enum class name");
        final Class<? extends Enum<?>> type = allowedEnum(policy, className);
        final String name = in.readString("enum constant name");
        final Object constant = EnumConstants.constant(type, name);
        if (constant == null)
        {
            throw new MessageDecodeException("enum class " + className + " has no constant " + name);
        }
        return constant;
    }

    static Class<? extends Record> allowedRecord(final ReceiverPolicy policy, final String className)
    {
        final Class<? extends Record> type = policy.allowedRecord(className);
        if (type == null)
        {
            throw new MessageDecodeException("record class " + className + " is not allowed by the receiving " +
                "context (Context.Builder.allowRecord)");
        }
        return type;
    }

    static Class<? extends Enum<?>> allowedEnum(final ReceiverPolicy policy, final String className)
    {
        final Class<? extends Enum<?>> type = policy.allowedEnum(className);
        if (type == null)
        {
            throw new MessageDecodeException("enum class " + className + " is not allowed by the receiving " +
                "context (Context.Builder.allowEnum)");
        }
        return type;
    }
}
