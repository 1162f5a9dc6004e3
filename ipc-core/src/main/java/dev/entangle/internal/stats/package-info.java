/**
 * What an operator can read from outside a live (or dead) process: each context's counters and distinct error log in
 * mapped files beside its record, and JFR events for posting, dispatching, transfers and closes. Internal; not API.
 */
package dev.entangle.internal.stats;
