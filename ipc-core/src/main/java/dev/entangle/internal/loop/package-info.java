/**
 * A context's event loop: the duty cycle that runs tasks and polls the sources its doorbell names, on a thread of its
 * own or on the caller's. Internal; not API.
 */
package dev.entangle.internal.loop;
