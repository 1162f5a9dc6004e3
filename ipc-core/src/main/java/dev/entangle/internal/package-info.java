/**
 * The machinery behind the public API in {@code dev.entangle}: shared files, the transport, the handshake records,
 * the event loop and the per-directory runtime. Nothing under {@code dev.entangle.internal} is API: it may change in
 * any release, and code outside the library must not use it. No class here refers to the public API package.
 */
package dev.entangle.internal;
