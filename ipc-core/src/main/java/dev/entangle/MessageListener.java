package dev.entangle;

/**
 * Receives {@code message} or {@code messageerror} events, on the event loop of the receiving context.
 */
@FunctionalInterface
public interface MessageListener
{
    /**
     * @param event the delivered event. An exception thrown here goes to the context's error handler and
     *              delivery goes on.
     */
    void onMessage(MessageEvent event);
}
