package dev.entangle;

import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broadcast participant in a child JVM, for multi-process tests. Arguments: directory, context name, channel
 * name, maxBufferedAmount, {@code lossless} (any message missed is a failure) or {@code lossy}, role, and the
 * role's own:
 * <ul>
 *     <li>{@code send <tag> <count> <expected>}: on hearing {@code "go"}, posts {@code [tag, 0 .. count-1]}; meanwhile
 *     it checks, like {@code listen}, the messages of the others;</li>
 *     <li>{@code listen <expected>}: checks that each sender's numbers arrive in order, none twice; prints
 *     {@code complete <tag> <n>} on receiving a sender's number {@code n - 1} for each thousand, and
 *     {@code total <expected>} once the data messages received and those messageerrors counted missed add up to
 *     that many ({@code overcount ...} if they go past it);</li>
 *     <li>{@code hold}: joins and never reads.</li>
 * </ul>
 * A data message is {@code [tag, number]} or {@code [tag, number, bytes]}; anything else is a control message. It
 * prints {@code ready} once joined. On a sequence that goes wrong, a count that goes past what was posted, or any
 * other error, it prints why and halts with status 5; otherwise it exits when its standard input closes, so it never
 * outlives the test that started it.
 */
public final class BroadcastPeer
{
    private static final Pattern MISSED = Pattern.compile("missed (\\d+) messages");
    private static final Map<String, Integer> NEXT = new HashMap<>();
    private static long expected;
    private static long received;
    private static long missed;
    private static boolean lossless;

    private BroadcastPeer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        lossless = "lossless".equals(args[4]);
        final String role = args[5];
        final Context context = Context.builder().directory(Paths.get(args[0])).name(args[1])
            .maxBufferedAmount(Long.parseLong(args[3]))
            .errorHandler(BroadcastPeer::onError).open();
        final BroadcastChannel channel = new BroadcastChannel(context, args[2]);
        switch (role)
        {
            case "send":
                final String tag = args[6];
                final int count = Integer.parseInt(args[7]);
                expected = Long.parseLong(args[8]);
                channel.onMessage(event ->
                {
                    if ("go".equals(event.data()))
                    {
                        for (int i = 0; i < count; i++)
                        {
                            channel.postMessage(List.of(tag, i));
                        }
                        print("sent " + count);
                    }
                    else
                    {
                        check(event);
                    }
                });
                break;
            case "listen":
                expected = Long.parseLong(args[6]);
                channel.onMessage(BroadcastPeer::check);
                break;
            case "hold":
                break;
            default:
                throw new IllegalArgumentException("unknown role " + role);
        }
        print("ready");
        while (System.in.read() >= 0)
        {
            // Wait for the parent to go away.
        }
        System.exit(3);
    }

    private static void check(final MessageEvent event)
    {
        if (!(event.data() instanceof List<?> data) || data.size() < 2 || !(data.get(0) instanceof String tag))
        {
            return;
        }
        final int number = (Integer)data.get(1);
        final int next = NEXT.getOrDefault(tag, 0);
        if (number < next || (lossless && number != next))
        {
            fail("disorder " + tag + " " + number + " after " + (next - 1));
        }
        received++;
        NEXT.put(tag, number + 1);
        if ((number + 1) % 1000 == 0)
        {
            print("complete " + tag + " " + (number + 1));
        }
        reportTotal();
    }

    private static void onError(final Throwable error)
    {
        final Matcher skipped = error instanceof MessageErrorException ? MISSED.matcher(error.getMessage()) : null;
        if (skipped != null && skipped.find())
        {
            missed += Long.parseLong(skipped.group(1));
            if (lossless)
            {
                fail("missed " + skipped.group(1));
            }
            reportTotal();
            return;
        }
        fail("error " + error);
    }

    /**
     * Every data message is either received or counted missed, exactly once.
     */
    private static void reportTotal()
    {
        if (received + missed == expected)
        {
            print("total " + expected);
        }
        else if (received + missed > expected)
        {
            fail("overcount " + received + " received, " + missed + " missed");
        }
    }

    /**
     * Says what went wrong and ends at once, so that the test waiting for a line sees everything printed.
     */
    private static void fail(final String why)
    {
        print(why);
        Runtime.getRuntime().halt(5);
    }

    private static void print(final String line)
    {
        synchronized (System.out)
        {
            System.out.println(line);
            System.out.flush();
        }
    }
}
