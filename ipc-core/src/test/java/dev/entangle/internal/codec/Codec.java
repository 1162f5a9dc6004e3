package dev.entangle.internal.codec;

import dev.entangle.Transferable;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Encoding and decoding in tests, with a transfer list of stand-in ports.
 */
final class Codec
{
    static final int MAX = 16 << 20;

    /** Stands for a MessagePort: the codec only needs something Transferable to find in the transfer list. */
    record FakePort(int id) implements Transferable
    {
    }

    private final StructuredCloneWriter writer = new StructuredCloneWriter();
    private final StructuredCloneReader reader = new StructuredCloneReader();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(256);
    private RecordPolicy records = RecordPolicy.NONE;

    Codec allow(final Class<? extends Record> type)
    {
        final RecordPolicy previous = records;
        records = name -> name.equals(type.getName()) ? type : previous.allowed(name);
        return this;
    }

    Codec policy(final RecordPolicy policy)
    {
        records = policy;
        return this;
    }

    byte[] encode(final Object message, final List<?> transfer)
    {
        final int length = writer.encode(message, table(transfer), buffer, 0, MAX);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    byte[] encode(final Object message)
    {
        return encode(message, List.of());
    }

    Object decode(final byte[] bytes, final List<?> transferred)
    {
        return reader.decode(new UnsafeBuffer(bytes), 0, bytes.length, received(transferred), records, MAX);
    }

    Object decode(final byte[] bytes)
    {
        return decode(bytes, List.of());
    }

    Object roundTrip(final Object message)
    {
        return decode(encode(message));
    }

    static TransferTable table(final List<?> transfer)
    {
        return candidate ->
        {
            for (int i = 0; i < transfer.size(); i++)
            {
                if (transfer.get(i) == candidate)
                {
                    return i;
                }
            }
            return -1;
        };
    }

    static TransferredObjects received(final List<?> transferred)
    {
        return new TransferredObjects()
        {
            @Override
            public int count()
            {
                return transferred.size();
            }

            @Override
            public Object get(final int index)
            {
                return transferred.get(index);
            }
        };
    }
}
