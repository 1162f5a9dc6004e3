package dev.entangle;

import java.nio.file.Paths;

/**
 * A child JVM for the name-lock tests. Arguments: the directory, a context name, and {@code try} or {@code hold}.
 * <ul>
 * <li>{@code try}: opens the name once and prints {@code opened} (then closes it) or {@code refused}.</li>
 * <li>{@code hold}: opens the name, tries a second open of it in this JVM and prints {@code second open refused}
 * when that is refused, then prints {@code ready} and holds the name until its standard input closes (the test that
 * started it went away) or it is killed.</li>
 * </ul>
 * Anything else it meets is printed as {@code failed: ...}, so the test shows it.
 */
public final class NameLockProbe
{
    private NameLockProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Context.Builder builder = Context.builder().directory(Paths.get(args[0])).name(args[1]);
        final Context context;
        try
        {
            context = builder.open();
        }
        catch (final IllegalStateException refused)
        {
            System.out.println("refused");
            System.out.println("reason: " + refused.getMessage());
            return;
        }
        catch (final RuntimeException other)
        {
            System.out.println("failed: " + other);
            return;
        }
        System.out.println("opened");
        if ("hold".equals(args[2]))
        {
            try
            {
                Context.builder().directory(Paths.get(args[0])).name(args[1]).open().close();
                System.out.println("failed: a second open in the holding JVM was allowed");
            }
            catch (final IllegalStateException refused)
            {
                System.out.println("second open refused");
            }
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // Hold the name until the parent goes away.
            }
        }
        context.close();
        System.out.println("closed");
    }
}
