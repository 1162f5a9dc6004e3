package dev.entangle.examples.readme;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessageListener;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The README's first look, first program: it opens the context {@code main}, sends port2 of a new channel to the
 * context {@code other}, prints the two replies and closes, after which its JVM exits by itself. What lies between
 * the README markers is the README's code block, character for character (the examples' tests compare them).
 */
public final class FirstLook
{
    private FirstLook()
    {
    }

    /**
     * Run it with {@link FirstLookOther} in another JVM, in either order.
     *
     * @param args none.
     */
    // README: first-look-main begin
    public static void main(final String[] args)
    {
        final Context window = Context.builder().name("main").origin("https://example.com").open();
        final MessageChannel channel = new MessageChannel(window);

        // Two replies will come: one on port1, one to this context. After both, close the context.
        final AtomicInteger replies = new AtomicInteger();
        final MessageListener onReply = event ->
        {
            System.out.println("Message is: " + event.data());
            if (replies.incrementAndGet() == 2)
            {
                window.close();    // nothing keeps this JVM alive any more: it exits
            }
        };
        channel.port1().onMessage(onReply);
        window.onMessage(onReply);

        // Hand port2 to whichever process opens a context named "other" (it may not have started yet).
        window.window("other").postMessage("hello", "https://example.com", List.of(channel.port2()));
    }
    // README: first-look-main end
}
