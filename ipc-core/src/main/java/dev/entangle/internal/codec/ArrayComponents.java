package dev.entangle.internal.codec;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * The component types of reference arrays that arrive as arrays of the same type, and the one-byte codes that name
 * them after a {@link CloneFormat#TYPED_ARRAY} tag. Any other reference array travels as
 * {@link CloneFormat#OBJECT_ARRAY} and arrives as {@code Object[]}.
 */
final class ArrayComponents
{
    /** An array of a record class: the code is followed by the class name, which the receiver must allow. */
    static final byte RECORD = 64;
    /** An array of an enum class: the code is followed by the class name, which the receiver must allow. */
    static final byte ENUM = 65;

    /** Indexed by code; code 0 is none. Appending (up to code 63) is compatible, reordering is not. */
    private static final Class<?>[] TYPES = {
        null, String.class, Boolean.class, Byte.class, Short.class, Character.class, Integer.class, Long.class,
        Float.class, Double.class, UUID.class, Instant.class, Duration.class, LocalDate.class, LocalTime.class,
        LocalDateTime.class, OffsetDateTime.class, ZonedDateTime.class, ZoneId.class, ZoneOffset.class };

    private ArrayComponents()
    {
    }

    /**
     * @param component the component type of a reference array other than {@code Object[]}.
     * @return its code, or 0 when such an array travels as {@code Object[]}.
     */
    static byte code(final Class<?> component)
    {
        for (int code = 1; code < TYPES.length; code++)
        {
            if (TYPES[code] == component)
            {
                return (byte)code;
            }
        }
        if (component.isRecord())
        {
            return RECORD;
        }
        return component.isEnum() ? ENUM : 0;
    }

    /**
     * @param code a code read from the message, other than {@link #RECORD} and {@link #ENUM}.
     * @return the component type it names, or null when it names none.
     */
    static Class<?> type(final byte code)
    {
        return code > 0 && code < TYPES.length ? TYPES[code] : null;
    }
}
