package dev.entangle;

import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.Optional;

/**
 * One end of a {@link MessageChannel}. Messages posted on it are delivered at its entangled port, wherever that
 * port has since been transferred, in the order sent and each exactly once. Every method may be called from any
 * thread; listeners run on the event loop of the context that owns the port.
 */
public interface MessagePort extends Transferable, AutoCloseable
{
    /**
     * Posts a message to the entangled port. Never blocks on the receiver and never runs a listener.
     *
     * @param message a structured-cloneable value.
     * @throws DataCloneException    when the message cannot be cloned; nothing is sent then.
     * @throws IllegalStateException when it would take {@link #bufferedAmount()} over the context's
     *                               {@code maxBufferedAmount}; nothing is sent then.
     */
    void postMessage(Object message);

    /**
     * Posts a message and transfers the listed ports with it.
     *
     * @param message  a structured-cloneable value; it may refer to the listed ports.
     * @param transfer ports to move to the receiver; they are detached here once this returns.
     * @throws DataCloneException   when the message cannot be cloned or an entry cannot be transferred; nothing is
     *                              sent and nothing detached then.
     * @throws NullPointerException for a null list or entry.
     */
    void postMessage(Object message, List<? extends Transferable> transfer);

    /**
     * Enables the port message queue: waiting messages are dispatched, in order. Idempotent.
     */
    void start();

    /**
     * Disentangles the port: the peer sees {@code close}; nothing more is dispatched here. Idempotent.
     */
    @Override
    void close();

    /**
     * Like setting {@code onmessage}: replaces the handler and, when non-null, starts the port.
     *
     * @param l the handler, or null to remove it.
     */
    void onMessage(MessageListener l);

    /**
     * Like setting {@code onmessageerror}: called when a received message cannot be deserialized.
     *
     * @param l the handler, or null to remove it.
     */
    void onMessageError(MessageListener l);

    /**
     * Like setting {@code onclose}: called once, on the event loop, when the entangled port goes away.
     *
     * @param l the handler, or null to remove it.
     */
    void onClose(Runnable l);

    /**
     * Like {@code addEventListener("message")}: does not start the port.
     *
     * @param l the listener.
     */
    void addMessageListener(MessageListener l);

    /**
     * Like {@code removeEventListener("message")}.
     *
     * @param l the listener.
     */
    void removeMessageListener(MessageListener l);

    /**
     * Takes the next waiting message now, on the calling thread, without starting the port and without dispatching
     * it to listeners. On a started port it takes the message away from the listeners, as Node's
     * {@code receiveMessageOnPort} does.
     *
     * @return the message, or empty when none waits.
     */
    Optional<MessageEvent> receiveMessage();

    /**
     * Waits up to {@code timeout} for the next message, on the calling thread, without busy-spinning (virtual threads
     * may use it). Like {@link #receiveMessage()} it takes the message away from any listener.
     *
     * @param timeout how long to wait at most.
     * @return the message; empty when the timeout passed, on a closed or transferred port, once the peer has closed
     * and nothing waits, or when interrupted (the interrupt flag is then set).
     * @throws IllegalStateException on the event loop thread of the port's context, which it would block.
     */
    Optional<MessageEvent> receiveMessage(java.time.Duration timeout);

    /** {@link #receiveBytes} found no message waiting. */
    int NO_MESSAGE = -1;

    /** {@link #receiveBytes} left the next message where it was: it is not one that method takes. */
    int NOT_BYTES = -2;

    /**
     * Takes the next waiting message now, on the calling thread, when it is a {@code byte[]} that carried nothing
     * transferred: its bytes are copied into {@code destination} from {@code offset}, with no event and no new array
     * (in steady state nothing is allocated). Like {@link #receiveMessage()} it does not start the port and takes the
     * message away from any listener. Any other message stays first, for {@link #receiveMessage()}: a {@code String},
     * a record or any other kind; a {@code byte[]} that carried ports or buffers, is over {@code maxMessageSize} or
     * would not fit in {@code destination}'s capacity from {@code offset}; one that cannot be read (its
     * {@code messageerror} comes through {@code receiveMessage()}). The peer's close is handled as that method
     * handles it. When the destination throws while the bytes are copied into it, the message stays first.
     *
     * @param destination where the bytes go; it is not grown.
     * @param offset where in {@code destination} the first byte goes.
     * @return the message's length (0 for an empty array); {@link #NO_MESSAGE} when none waits;
     * {@link #NOT_BYTES} when the next message is not one this method takes.
     * @throws IndexOutOfBoundsException when {@code offset} is outside {@code destination}.
     */
    int receiveBytes(MutableDirectBuffer destination, int offset);

    /**
     * Sets the port's bytes handler: the messages that are a {@code byte[]} and carried nothing transferred (within
     * {@code maxMessageSize}) go to it instead of the message listeners, as a view of a buffer the port reuses, with
     * no event and, up to 1 MiB, no new array; every other message goes to the message listeners as before, in order
     * with them. A thread in {@link #receiveMessage()} still takes whatever comes next, arrays as events. Like
     * setting {@code onmessage}, a handler starts the port and keeps it alive while entangled.
     *
     * @param l the handler, or null to remove it (bytes messages then go to the message listeners again).
     */
    void onBytes(BytesListener l);

    /**
     * @return the bytes of messages posted on this port (in this direction) that the entangled port has not read
     * yet, counted from any process, exact to within one message; 0 on a closed or transferred port.
     */
    long bufferedAmount();

    /**
     * Posts unless the message would take {@link #bufferedAmount()} over the context's {@code maxBufferedAmount}.
     *
     * @param message a structured-cloneable value.
     * @return false when refused: nothing was sent.
     * @throws DataCloneException when the message cannot be cloned.
     */
    boolean offerMessage(Object message);

    /**
     * Posts and transfers, unless the message would take {@link #bufferedAmount()} over the limit.
     *
     * @param message  a structured-cloneable value.
     * @param transfer what moves with it.
     * @return false when refused: nothing was sent and nothing detached.
     * @throws DataCloneException   when the message cannot be cloned or an entry cannot be transferred.
     * @throws NullPointerException for a null list or entry.
     */
    boolean offerMessage(Object message, List<? extends Transferable> transfer);

    /**
     * @param bytes the threshold {@link #onBufferedAmountLow} watches; default 0.
     */
    void bufferedAmountLowThreshold(long bytes);

    /**
     * @return the threshold {@link #onBufferedAmountLow} watches.
     */
    long bufferedAmountLowThreshold();

    /**
     * @param l runs on the port's event loop each time {@link #bufferedAmount()} drops from above the threshold to
     *          at or below it; null removes it.
     */
    void onBufferedAmountLow(Runnable l);
}
