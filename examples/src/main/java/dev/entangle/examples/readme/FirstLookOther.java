package dev.entangle.examples.readme;

import dev.entangle.Context;
import dev.entangle.MessagePort;

/**
 * The README's first look, second program: it opens the context {@code other}, takes the port that {@link FirstLook}
 * sent, answers on it and to the sender, and closes, after which its JVM exits by itself. What lies between the
 * README markers is the README's code block, character for character (the examples' tests compare them).
 */
public final class FirstLookOther
{
    private FirstLookOther()
    {
    }

    /**
     * Run it with {@link FirstLook} in another JVM, in either order.
     *
     * @param args none.
     */
    // README: first-look-other begin
    public static void main(final String[] args)
    {
        final Context other = Context.builder().name("other").origin("https://example.com").open();
        other.onMessage(event ->
        {
            System.out.println("Message is: " + event.data());
            final MessagePort port = event.ports().get(0);    // now owned by this process
            port.postMessage("hi back");                      // arrives at port1, in the first process
            event.source().postMessage("thanks", "*");        // reply to the sending context
            other.close();                                    // both replies are still delivered; the JVM exits
        });
    }
    // README: first-look-other end
}
