package dev.entangle.internal.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
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
import java.util.regex.Pattern;

import static dev.entangle.internal.codec.CloneFormat.DURATION;
import static dev.entangle.internal.codec.CloneFormat.LOCAL_DATE;
import static dev.entangle.internal.codec.CloneFormat.LOCAL_DATE_TIME;
import static dev.entangle.internal.codec.CloneFormat.LOCAL_TIME;
import static dev.entangle.internal.codec.CloneFormat.OFFSET_DATE_TIME;
import static dev.entangle.internal.codec.CloneFormat.UUID_VALUE;
import static dev.entangle.internal.codec.CloneFormat.ZONED_DATE_TIME;
import static dev.entangle.internal.codec.CloneFormat.ZONE_ID;

/**
 * The immutable value types that are neither strings nor boxes, both ways: {@code java.time} values, UUIDs, big
 * numbers and patterns. Each is written in full wherever it is met, as it has no identity. Both halves of a form
 * are kept side by side so that its bytes change in one place.
 *
 * <p>The writer puts {@link Instant}, the big numbers and {@link Pattern} among the first table's values, ahead of
 * the containers; only their reading is here. The reader checks every field against its range: a date, time,
 * offset or zone that the receiver's {@code java.time} refuses is a {@link MessageDecodeException}.
 */
final class ValueTypes
{
    private ValueTypes()
    {
    }

    /**
     * @return whether the value was one of the {@code java.time} types or a UUID and has been written.
     */
    static boolean write(final CloneOutput out, final Object value)
    {
        if (value instanceof LocalDate date)
        {
            out.putByte(LOCAL_DATE);
            putDate(out, date);
        }
        else if (value instanceof LocalDateTime dateTime)
        {
            out.putByte(LOCAL_DATE_TIME);
            putDateTime(out, dateTime);
        }
        else if (value instanceof OffsetDateTime dateTime)
        {
            out.putByte(OFFSET_DATE_TIME);
            putDateTime(out, dateTime.toLocalDateTime());
            out.putInt(dateTime.getOffset().getTotalSeconds());
        }
        else if (value instanceof ZonedDateTime dateTime)
        {
            out.putByte(ZONED_DATE_TIME);
            putDateTime(out, dateTime.toLocalDateTime());
            out.putInt(dateTime.getOffset().getTotalSeconds());
            out.putString(dateTime.getZone().getId());
        }
        else if (value instanceof LocalTime time)
        {
            out.putByte(LOCAL_TIME);
            out.putLong(time.toNanoOfDay());
        }
        else if (value instanceof Duration duration)
        {
            out.putByte(DURATION);
            out.putLong(duration.getSeconds());
            out.putInt(duration.getNano());
        }
        else if (value instanceof ZoneId zone)
        {
            out.putByte(ZONE_ID);
            out.putString(zone.getId());
        }
        else if (value instanceof UUID uuid)
        {
            out.putByte(UUID_VALUE);
            out.putLong(uuid.getMostSignificantBits());
            out.putLong(uuid.getLeastSignificantBits());
        }
        else
        {
            return false;
        }
        return true;
    }

    private static void putDate(final CloneOutput out, final LocalDate date)
    {
        out.putInt(date.getYear());
        out.putByte((byte)date.getMonthValue());
        out.putByte((byte)date.getDayOfMonth());
    }

    private static void putDateTime(final CloneOutput out, final LocalDateTime dateTime)
    {
        putDate(out, dateTime.toLocalDate());
        out.putLong(dateTime.toLocalTime().toNanoOfDay());
    }

    static BigInteger readBigInteger(final CloneInput in)
    {
        return new BigInteger(in.readByteString("BigInteger"));
    }

    static BigDecimal readBigDecimal(final CloneInput in)
    {
        final int scale = in.readInt();
        return new BigDecimal(new BigInteger(in.readByteString("BigDecimal")), scale);
    }

    static Pattern readPattern(final CloneInput in)
    {
        final int flags = in.readInt();
        return Pattern.compile(in.readString("pattern source"), flags);
    }

    static UUID readUuid(final CloneInput in)
    {
        final long mostSignificantBits = in.readLong();
        return new UUID(mostSignificantBits, in.readLong());
    }

    static Instant readInstant(final CloneInput in)
    {
        final long seconds = in.readLong();
        final int nanos = in.readInt();
        checkNanos(nanos, "Instant");
        try
        {
            return Instant.ofEpochSecond(seconds, nanos);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("Instant", ex);
        }
    }

    static Duration readDuration(final CloneInput in)
    {
        final long seconds = in.readLong();
        final int nanos = in.readInt();
        checkNanos(nanos, "Duration");
        return Duration.ofSeconds(seconds, nanos);
    }

    private static void checkNanos(final int nanos, final String what)
    {
        if (nanos < 0 || nanos > 999_999_999)
        {
            throw new MessageDecodeException(what + " nanos " + nanos + " out of range 0 to 999999999");
        }
    }

    static LocalDate readDate(final CloneInput in)
    {
        final int year = in.readInt();
        in.require(2, "date");
        final int month = in.readRawByte("date");
        final int day = in.readRawByte("date");
        try
        {
            return LocalDate.of(year, month, day);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("LocalDate", ex);
        }
    }

    static LocalTime readTime(final CloneInput in)
    {
        final long nanoOfDay = in.readLong();
        try
        {
            return LocalTime.ofNanoOfDay(nanoOfDay);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("LocalTime", ex);
        }
    }

    static LocalDateTime readDateTime(final CloneInput in)
    {
        final LocalDate date = readDate(in);
        return LocalDateTime.of(date, readTime(in));
    }

    static OffsetDateTime readOffsetDateTime(final CloneInput in)
    {
        final LocalDateTime dateTime = readDateTime(in);
        return OffsetDateTime.of(dateTime, readOffset(in));
    }

    private static ZoneOffset readOffset(final CloneInput in)
    {
        final int seconds = in.readInt();
        try
        {
            return ZoneOffset.ofTotalSeconds(seconds);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("ZoneOffset", ex);
        }
    }

    static ZoneId readZone(final CloneInput in)
    {
        final String id = in.readString("zone id");
        try
        {
            return ZoneId.of(id);
        }
        catch (final DateTimeException ex)
        {
            throw invalid("ZoneId", ex);
        }
    }

    /**
     * The sender's local date-time, offset and zone, so that the value is equal. Should the receiver's time-zone
     * rules not allow that offset for that zone and date-time (older or newer rules), the same instant is kept in
     * the zone, with the offset the receiver's rules give.
     */
    static ZonedDateTime readZonedDateTime(final CloneInput in)
    {
        final LocalDateTime dateTime = readDateTime(in);
        final ZoneOffset offset = readOffset(in);
        final ZoneId zone = readZone(in);
        try
        {
            return ZonedDateTime.ofStrict(dateTime, offset, zone);
        }
        catch (final DateTimeException strict)
        {
            try
            {
                return ZonedDateTime.ofInstant(dateTime, offset, zone);
            }
            catch (final DateTimeException ex)
            {
                throw invalid("ZonedDateTime", ex);
            }
        }
    }

    private static MessageDecodeException invalid(final String what, final DateTimeException ex)
    {
        return new MessageDecodeException("invalid " + what + ": " + ex.getMessage(), ex);
    }
}
