/**
 * The structured clone codec: the tagged binary form of a message, written by
 * {@link dev.entangle.internal.codec.StructuredCloneWriter} and read back by
 * {@link dev.entangle.internal.codec.StructuredCloneReader}.
 *
 * <p>This package is internal machinery of the library, not API: its classes are public only so that the API layer
 * in another package can use them. Programs must not use them; they may change or disappear in any release without
 * notice.
 */
package dev.entangle.internal.codec;
