package dev.entangle.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for the tests, so that they read the tool's JSON as any consumer would: objects become
 * maps, arrays lists, integers longs, other numbers doubles. Anything that is not valid JSON fails the test.
 */
final class JsonParser
{
    private final String text;
    private int at;

    private JsonParser(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final JsonParser parser = new JsonParser(text);
        final Object value = parser.value();
        parser.whitespace();
        if (parser.at != text.length())
        {
            throw parser.error("text after the value");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Object value)
    {
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(final Object value)
    {
        return (List<Object>)value;
    }

    private Object value()
    {
        whitespace();
        if (at >= text.length())
        {
            throw error("end of text");
        }
        final char c = text.charAt(at);
        return switch (c)
        {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> members = new LinkedHashMap<>();
        at++;
        whitespace();
        if (peek('}'))
        {
            at++;
            return members;
        }
        while (true)
        {
            whitespace();
            final String name = string();
            whitespace();
            expect(':');
            if (members.put(name, value()) != null)
            {
                throw error("duplicate member " + name);
            }
            whitespace();
            if (peek(','))
            {
                at++;
                continue;
            }
            expect('}');
            return members;
        }
    }

    private List<Object> array()
    {
        final List<Object> elements = new ArrayList<>();
        at++;
        whitespace();
        if (peek(']'))
        {
            at++;
            return elements;
        }
        while (true)
        {
            elements.add(value());
            whitespace();
            if (peek(','))
            {
                at++;
                continue;
            }
            expect(']');
            return elements;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder value = new StringBuilder();
        while (true)
        {
            if (at >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(at++);
            if (c == '"')
            {
                return value.toString();
            }
            if (c < 0x20)
            {
                throw error("unescaped control character");
            }
            if (c != '\\')
            {
                value.append(c);
                continue;
            }
            final char escape = text.charAt(at++);
            switch (escape)
            {
                case '"', '\\', '/' -> value.append(escape);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' ->
                {
                    value.append((char)Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw error("bad escape " + escape);
            }
        }
    }

    private Object number()
    {
        final int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0)
        {
            at++;
        }
        final String number = text.substring(start, at);
        if (number.isEmpty())
        {
            throw error("unexpected character");
        }
        if (number.matches("-?(0|[1-9][0-9]*)"))
        {
            return Long.parseLong(number);
        }
        return Double.parseDouble(number);
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, at))
        {
            throw error("unexpected character");
        }
        at += word.length();
        return value;
    }

    private void whitespace()
    {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0)
        {
            at++;
        }
    }

    private boolean peek(final char c)
    {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(final char c)
    {
        if (!peek(c))
        {
            throw error("expected " + c);
        }
        at++;
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException(what + " at " + at + " in: " + text);
    }
}
