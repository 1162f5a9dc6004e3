/**
 * Contexts on other hosts, as seen from one directory: the routes file that a host's bridge publishes, naming the
 * hosts it reaches, the names routed to each and the inbox of the bridge that carries them, and the address form
 * {@code name@host}. Internal; not API.
 */
package dev.entangle.internal.federation;
