/**
 * One runtime per shared directory and JVM: the directory's layout and checks, the JVM's name locks, the mapped
 * files its contexts share, the watch on peer processes, and the background agent that sweeps what dead processes
 * left. Internal; not API.
 */
package dev.entangle.internal.runtime;
