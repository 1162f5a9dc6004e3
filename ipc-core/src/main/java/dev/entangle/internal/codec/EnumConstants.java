package dev.entangle.internal.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * The constants of an allowed enum class by name, looked up once per class and cached, so that decoding a constant
 * allocates nothing.
 */
final class EnumConstants
{
    private static final ClassValue<Map<String, Object>> CONSTANTS = new ClassValue<>()
    {
        @Override
        protected Map<String, Object> computeValue(final Class<?> type)
        {
            final Object[] constants = type.getEnumConstants();
            final Map<String, Object> byName = new HashMap<>();
            if (constants != null)
            {
                for (final Object constant : constants)
                {
                    byName.put(((Enum<?>)constant).name(), constant);
                }
            }
            return Map.copyOf(byName);
        }
    };

    private EnumConstants()
    {
    }

    /**
     * @param type an enum class the receiver allowed.
     * @param name a constant name read from the message.
     * @return the constant of that name, or null when the class has none (or is not an enum class).
     */
    static Object constant(final Class<?> type, final String name)
    {
        return CONSTANTS.get(type).get(name);
    }
}
