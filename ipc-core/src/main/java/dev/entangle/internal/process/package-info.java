/**
 * Whether a process recorded by pid and start time still runs, checked once per process rather than once per port.
 * Internal; not API.
 */
package dev.entangle.internal.process;
