package dev.entangle;

import java.util.List;

/**
 * Addresses a context by name, like a window handle: messages go to that context's inbox.
 */
public interface WindowProxy
{
    /**
     * @return the name of the addressed context.
     */
    String name();

    /**
     * Posts with {@code targetOrigin} {@code "/"}: delivered only when the target has the sender's origin.
     *
     * @param message a structured-cloneable value.
     */
    void postMessage(Object message);

    /**
     * @param message      a structured-cloneable value.
     * @param targetOrigin {@code "*"}, {@code "/"}, or an absolute URL whose origin must match the target's.
     * @throws IllegalArgumentException when targetOrigin is none of those.
     */
    void postMessage(Object message, String targetOrigin);

    /**
     * @param message      a structured-cloneable value.
     * @param targetOrigin {@code "*"}, {@code "/"}, or an absolute URL whose origin must match the target's.
     * @param transfer     ports to move to the target.
     * @throws IllegalArgumentException when targetOrigin is none of those.
     * @throws DataCloneException       as for {@link MessagePort#postMessage(Object, List)}.
     */
    void postMessage(Object message, String targetOrigin, List<? extends Transferable> transfer);
}
