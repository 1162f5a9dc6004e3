package dev.entangle.internal.codec;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoding and decoding in tests, with the host doubles of {@link HostDoubles} for transfer lists and host objects.
 */
final class Codec
{
    static final int MAX = 16 << 20;

    private final StructuredCloneWriter writer = new StructuredCloneWriter();
    private final StructuredCloneReader reader = new StructuredCloneReader();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(256);
    private final List<Class<? extends Record>> records = new ArrayList<>();
    private final List<Class<? extends Enum<?>>> enums = new ArrayList<>();
    private ReceiverPolicy policy = ReceiverPolicy.NONE;
    /** The receiver of the last decode, to see what the reader asked of it. */
    private HostDoubles.Receiver lastReceiver;

    Codec allow(final Class<? extends Record> type)
    {
        records.add(type);
        policy = ReceiverPolicy.of(records, enums);
        return this;
    }

    Codec allowEnum(final Class<? extends Enum<?>> type)
    {
        enums.add(type);
        policy = ReceiverPolicy.of(records, enums);
        return this;
    }

    Codec policy(final ReceiverPolicy policy)
    {
        this.policy = policy;
        return this;
    }

    /**
     * A policy that answers every record class name with {@code type}, as a receiver whose class of that name has
     * another shape would.
     */
    static ReceiverPolicy everyRecordIs(final Class<? extends Record> type)
    {
        return new ReceiverPolicy()
        {
            public Class<? extends Record> allowedRecord(final String className)
            {
                return type;
            }

            public Class<? extends Enum<?>> allowedEnum(final String className)
            {
                return null;
            }
        };
    }

    byte[] encode(final Object message, final List<?> transfer)
    {
        final int length = writer.encode(message, new HostDoubles.Sender(transfer), buffer, 0, MAX);
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
        lastReceiver = new HostDoubles.Receiver(transferred);
        return reader.decode(new UnsafeBuffer(bytes), 0, bytes.length, lastReceiver, policy, MAX);
    }

    Object decode(final byte[] bytes)
    {
        return decode(bytes, List.of());
    }

    Object roundTrip(final Object message)
    {
        return decode(encode(message));
    }

    HostDoubles.Receiver lastReceiver()
    {
        return lastReceiver;
    }
}
