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
 * Counts, lengths and object ids are unsigned LEB128 varints; fixed-width numbers are little-endian. Objects that
 * can be reached twice (arrays, lists, sets, maps, records) are numbered in the order their tag is written, before
 * their contents, so that a {@link #BACK_REFERENCE} to an enclosing object (a cycle) resolves. Immutable values
 * (strings, boxes, big numbers, instants, patterns) carry no identity and are written each time they are met.
 */
final class CloneFormat
{
    static final byte MAGIC = (byte)0xE7;
    static final byte VERSION = 1;
    static final int HEADER_LENGTH = 2;

    /** Deepest nesting of containers either side accepts; bounds the recursion of both walkers. */
    static final int MAX_DEPTH = 1000;

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
    static final byte PORT = 29;
    static final byte BACK_REFERENCE = 30;

    private CloneFormat()
    {
    }
}
