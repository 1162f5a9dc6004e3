package dev.entangle.cli;

/**
 * Writes JSON by hand, indented or on one line, with every string escaped as RFC 8259 requires: quote, backslash
 * and the control characters, the latter as six-character escapes unless they have a short form. Commas are placed
 * by the writer, so callers only say what comes next.
 */
final class Json
{
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;
    private int depth;
    /** Whether the container being written has a member already, so the next one needs a comma first. */
    private boolean needsComma;
    /** A member name was just written: its value follows on the same line, without a comma. */
    private boolean afterName;

    /**
     * @param pretty true to indent by two spaces, one member per line; false for one line.
     */
    Json(final boolean pretty)
    {
        this.pretty = pretty;
    }

    Json beginObject()
    {
        beforeValue();
        out.append('{');
        depth++;
        needsComma = false;
        return this;
    }

    Json endObject()
    {
        return end('}');
    }

    Json beginArray()
    {
        beforeValue();
        out.append('[');
        depth++;
        needsComma = false;
        return this;
    }

    Json endArray()
    {
        return end(']');
    }

    Json name(final String name)
    {
        beforeValue();
        quote(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    Json value(final String value)
    {
        beforeValue();
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            quote(value);
        }
        needsComma = true;
        return this;
    }

    Json value(final long value)
    {
        beforeValue();
        out.append(value);
        needsComma = true;
        return this;
    }

    Json value(final boolean value)
    {
        beforeValue();
        out.append(value);
        needsComma = true;
        return this;
    }

    Json nullValue()
    {
        beforeValue();
        out.append("null");
        needsComma = true;
        return this;
    }

    Json field(final String name, final String value)
    {
        return name(name).value(value);
    }

    Json field(final String name, final long value)
    {
        return name(name).value(value);
    }

    Json field(final String name, final boolean value)
    {
        return name(name).value(value);
    }

    /**
     * @param value a count, or a negative number for "not known", written as {@code null}.
     */
    Json fieldOrNull(final String name, final long value)
    {
        name(name);
        return value < 0 ? nullValue() : value(value);
    }

    @Override
    public String toString()
    {
        return out.toString();
    }

    /**
     * @param value any string.
     * @return it as a JSON string literal, quotes included.
     */
    static String quoted(final String value)
    {
        final Json json = new Json(false);
        json.quote(value);
        return json.out.toString();
    }

    private Json end(final char bracket)
    {
        depth--;
        if (needsComma)
        {
            newline();
        }
        out.append(bracket);
        needsComma = true;
        return this;
    }

    private void beforeValue()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (needsComma)
        {
            out.append(',');
        }
        if (depth > 0)
        {
            newline();
        }
    }

    private void newline()
    {
        if (pretty)
        {
            out.append('\n');
            for (int i = 0; i < depth; i++)
            {
                out.append("  ");
            }
        }
        else if (out.length() > 0 && out.charAt(out.length() - 1) == ',')
        {
            out.append(' ');
        }
    }

    private void quote(final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default ->
                {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029')
                    {
                        // Control characters must be escaped; DEL and the two line separators are, so that the
                        // output is safe to paste into JavaScript and to print on a terminal.
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
