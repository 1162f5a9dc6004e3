package dev.entangle.internal.codec;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which record and enum classes a receiver rebuilds. No other class is ever resolved from a name read off shared
 * memory: a name the policy does not answer is a {@link MessageDecodeException}. A policy's answers never change:
 * readers remember the record classes it allowed.
 */
public interface ReceiverPolicy
{
    /** Allows no record and no enum at all. */
    ReceiverPolicy NONE = of(List.of(), List.of());

    /**
     * @param className the binary name written by the sender.
     * @return the allowed record class of that name, or null when the receiver has not allowed it.
     */
    Class<? extends Record> allowedRecord(String className);

    /**
     * @param className the binary name written by the sender.
     * @return the allowed enum class of that name, or null when the receiver has not allowed it.
     */
    Class<? extends Enum<?>> allowedEnum(String className);

    /**
     * A policy that allows exactly the given classes, looked up by their binary names without allocating.
     *
     * @param records the record classes to rebuild.
     * @param enums   the enum classes whose constants to accept.
     * @return the policy.
     */
    static ReceiverPolicy of(
        final Collection<? extends Class<? extends Record>> records,
        final Collection<? extends Class<? extends Enum<?>>> enums)
    {
        final Map<String, Class<? extends Record>> recordsByName = new HashMap<>();
        for (final Class<? extends Record> type : records)
        {
            recordsByName.put(type.getName(), type);
        }
        final Map<String, Class<? extends Enum<?>>> enumsByName = new HashMap<>();
        for (final Class<? extends Enum<?>> type : enums)
        {
            enumsByName.put(type.getName(), type);
        }
        final Map<String, Class<? extends Record>> allowedRecords = Map.copyOf(recordsByName);
        final Map<String, Class<? extends Enum<?>>> allowedEnums = Map.copyOf(enumsByName);
        return new ReceiverPolicy()
        {
            public Class<? extends Record> allowedRecord(final String className)
            {
                return allowedRecords.get(className);
            }

            public Class<? extends Enum<?>> allowedEnum(final String className)
            {
                return allowedEnums.get(className);
            }
        };
    }
}
