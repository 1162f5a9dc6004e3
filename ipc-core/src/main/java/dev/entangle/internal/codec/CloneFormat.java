package dev.entangle.internal.codec;

/**
 * The layout of an encoded message: a two-byte header, then one tagged value.
 *
 * <pre>
 *   0        1        2
 *  +--------+--------+------------------------------+
 *  | MAGIC  | VERSION| value: TAG, then its payload |
 *  +--------+--------+------------------------------+
 * </pre>
 *
 * Counts, lengths, object ids and host type ids are unsigned LEB128 varints; fixed-width numbers are little-endian.
 * Objects that can be reached twice (arrays, lists, sets, maps, records, host objects copied into the message) are
 * numbered in the order their tag is written, before their contents, so that a {@link #BACK_REFERENCE} to an
 * enclosing object (a cycle) resolves. Immutable values (strings, boxes, big numbers, {@code java.time} values,
 * UUIDs, optionals, patterns, enum constants, throwables) carry no identity and are written each time they are met.
 *
 * <p>Payloads of the tags that are not obvious:
 * <ul>
 *     <li>{@link #RECORD}: class name (a string value), component count, the components in declaration order;</li>
 *     <li>{@link #ENUM}: class name, constant name (string values);</li>
 *     <li>{@link #TRANSFERRED}: index into the transfer list;</li>
 *     <li>{@link #HOST_OBJECT}: host type id, length, that many bytes written by the API layer;</li>
 *     <li>{@link #OPTIONAL}: one value, {@link #NULL} for {@code Optional.empty()};</li>
 *     <li>{@link #LOCAL_DATE}: int year, byte month, byte day; {@link #LOCAL_TIME}: long nano of day;
 *     {@link #LOCAL_DATE_TIME}: both; {@link #OFFSET_DATE_TIME}: both and int offset seconds;
 *     {@link #ZONED_DATE_TIME}: both, int offset seconds and the zone id (a string value); {@link #ZONE_ID}: the id
 *     (a string value); {@link #DURATION}: long seconds, int nanos; {@link #UUID_VALUE}: long most, long least
 *     significant bits;</li>
 *     <li>{@link #THROWABLE}: the number of throwables in the cause chain (1 to {@link #MAX_CAUSES}), then for each,
 *     outermost first: class name, message (string or {@link #NULL}), stack trace length, and for each stack trace
 *     element: class loader name, module name, module version (each string or {@link #NULL}), declaring class,
 *     method name (strings), file name (string or {@link #NULL}), int line number;</li>
 *     <li>{@link #TYPED_ARRAY}: a component code of {@link ArrayComponents} (for a record or enum array followed by
 *     the class name, a string value), the length, the elements as values.</li>
 * </ul>
 */
final class CloneFormat
{
    static final byte MAGIC = (byte)0xE7;
    static final byte VERSION = 1;
    static final int HEADER_LENGTH = 2;

    /** Deepest nesting of containers either side accepts; bounds the recursion of both walkers. */
    static final int MAX_DEPTH = 1000;
    /** Longest cause chain that travels; the writer cuts a longer one there, the reader refuses it. */
    static final int MAX_CAUSES = 100;

    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    static final byte BYTE = 3;
    static final byte SHORT = 4;
    static final byte INT = 5;
    static final byte LONG = 6;
    static final byte FLOAT = 7;
    static final byte DOUBLE = 8;
    static final byte CHAR = 9;
    static final byte STRING_LATIN1 = 10;
    static final byte STRING_UTF16 = 11;
    static final byte BIG_INTEGER = 12;
    static final byte BIG_DECIMAL = 13;
    static final byte INSTANT = 14;
    static final byte PATTERN = 15;
    static final byte BOOLEAN_ARRAY = 16;
    static final byte BYTE_ARRAY = 17;
    static final byte SHORT_ARRAY = 18;
    static final byte CHAR_ARRAY = 19;
    static final byte INT_ARRAY = 20;
    static final byte LONG_ARRAY = 21;
    static final byte FLOAT_ARRAY = 22;
    static final byte DOUBLE_ARRAY = 23;
    static final byte OBJECT_ARRAY = 24;
    static final byte LIST = 25;
    static final byte SET = 26;
    static final byte MAP = 27;
    static final byte RECORD = 28;
    /** An object of the transfer list; a port until host objects came, with the same tag. */
    static final byte TRANSFERRED = 29;
    static final byte BACK_REFERENCE = 30;
    static final byte HOST_OBJECT = 31;
    static final byte ENUM = 32;
    static final byte UUID_VALUE = 33;
    static final byte OPTIONAL = 34;
    static final byte DURATION = 35;
    static final byte LOCAL_DATE = 36;
    static final byte LOCAL_TIME = 37;
    static final byte LOCAL_DATE_TIME = 38;
    static final byte OFFSET_DATE_TIME = 39;
    static final byte ZONED_DATE_TIME = 40;
    static final byte ZONE_ID = 41;
    static final byte THROWABLE = 42;
    static final byte TYPED_ARRAY = 43;

    private CloneFormat()
    {
    }
}
