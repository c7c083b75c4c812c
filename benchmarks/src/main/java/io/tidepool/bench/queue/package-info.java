/**
 * Micro-benchmarks of the data structures inside the pool; today the choice of the JCTools MPSC
 * queue behind a worker's inbox ({@code io.tidepool.internal.queue.Inbox}).
 */
package io.tidepool.bench.queue;
