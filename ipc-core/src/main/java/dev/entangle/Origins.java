package dev.entangle;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Parses and normalises serialized origins: scheme and host lower-cased, the scheme's default port dropped.
 */
final class Origins
{
    /** The opaque origin. */
    static final String OPAQUE = "null";
    /** A targetOrigin that matches every origin. */
    static final String ANY = "*";

    private Origins()
    {
    }

    /**
     * @param origin a context's origin as given by the user.
     * @return its normalised form.
     * @throws IllegalArgumentException when it is not {@code "null"} nor {@code scheme://host[:port]}.
     */
    static String normaliseContextOrigin(final String origin)
    {
        if (origin == null)
        {
            throw new IllegalArgumentException("origin must not be null");
        }
        if (OPAQUE.equals(origin))
        {
            return OPAQUE;
        }
        final URI uri = parse(origin, "origin");
        final String path = uri.getRawPath();
        if ((path != null && !path.isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null ||
            uri.getRawUserInfo() != null)
        {
            throw new IllegalArgumentException("origin must be scheme://host[:port] or \"null\": " + origin);
        }
        return serialise(uri, origin);
    }

    /**
     * @param targetOrigin  {@code "*"}, {@code "/"} or an absolute URL.
     * @param senderOrigin  the sender's normalised origin, which {@code "/"} stands for.
     * @return {@code "*"} or the normalised origin the target must have.
     * @throws IllegalArgumentException for anything else.
     */
    static String resolveTargetOrigin(final String targetOrigin, final String senderOrigin)
    {
        if (targetOrigin == null)
        {
            throw new NullPointerException("targetOrigin");
        }
        if (ANY.equals(targetOrigin))
        {
            return ANY;
        }
        if ("/".equals(targetOrigin))
        {
            return senderOrigin;
        }
        return serialise(parse(targetOrigin, "targetOrigin"), targetOrigin);
    }

    private static URI parse(final String text, final String what)
    {
        final URI uri;
        try
        {
            uri = new URI(text);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("invalid " + what + " \"" + text + "\": " + ex.getReason(), ex);
        }
        if (uri.getScheme() == null || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty())
        {
            throw new IllegalArgumentException(
                "invalid " + what + " \"" + text + "\": not an absolute URL with a host");
        }
        return uri;
    }

    private static String serialise(final URI uri, final String original)
    {
        final String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        final String host = uri.getHost().toLowerCase(Locale.ROOT);
        final int port = uri.getPort();
        if (port > 65535)
        {
            throw new IllegalArgumentException("invalid port in \"" + original + "\"");
        }
        final boolean defaultPort = port == -1 || port == defaultPort(scheme);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private static int defaultPort(final String scheme)
    {
        switch (scheme)
        {
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
                return 443;
            case "ftp":
                return 21;
            default:
                return -1;
        }
    }
}
