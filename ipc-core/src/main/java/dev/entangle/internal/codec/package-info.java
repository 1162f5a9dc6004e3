/**
 * The structured clone codec: the tagged binary form of a message, written by
 * {@link dev.entangle.internal.codec.StructuredCloneWriter} and read back by
 * {@link dev.entangle.internal.codec.StructuredCloneReader}.
 *
 * <p>This package is internal machinery of the library, not API: its classes are public only so that the API layer
 * in another package can use them. Programs must not use them; they may change or disappear in any release without
 * notice. The codec knows nothing of the API's classes: what only the API layer can make or read (ports, buffers,
 * the exception a receiver sees for a thrown {@code Throwable}) goes through the
 * {@link dev.entangle.internal.codec.HostObjectWriter} and {@link dev.entangle.internal.codec.HostObjectReader}
 * hooks, and refusals are reported as {@link dev.entangle.internal.codec.CloneRefusedException}, which the API layer
 * turns into its own exception.
 */
package dev.entangle.internal.codec;
