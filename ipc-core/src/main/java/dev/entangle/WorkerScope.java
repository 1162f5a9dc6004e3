package dev.entangle;

import java.util.List;

/**
 * What a worker sees of itself: its context and its side of the implicit port shared with the {@link Worker}
 * object in the parent. Listeners run on the worker context's event loop.
 */
public interface WorkerScope
{
    /**
     * @return the worker's context, in the parent's directory and with the parent's origin.
     */
    Context context();

    /**
     * Posts to the parent's {@link Worker#onMessage} listener.
     *
     * @param message a structured-cloneable value.
     */
    void postMessage(Object message);

    /**
     * Posts to the parent, transferring ports.
     *
     * @param message  a structured-cloneable value.
     * @param transfer ports to move to the parent.
     */
    void postMessage(Object message, List<? extends Transferable> transfer);

    /**
     * @param l receives what the parent posts with {@link Worker#postMessage}; setting it starts the port.
     */
    void onMessage(MessageListener l);

    /**
     * @param l receives messages from the parent that could not be deserialized.
     */
    void onMessageError(MessageListener l);

    /**
     * Closes the worker's context (its ports' peers see {@code close}) and ends the worker's JVM with exit code 0.
     */
    void close();
}
