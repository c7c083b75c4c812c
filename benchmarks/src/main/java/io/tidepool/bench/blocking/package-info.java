/**
 * Benchmarks of blocking sections (issue 5): tokio-threadpool's {@code blocking.rs}
 * {@code cpu_bound} ({@link io.tidepool.bench.blocking.CpuBound}) and the latency of short tasks
 * while other tasks block ({@link io.tidepool.bench.blocking.BlockingLatency}).
 *
 * <p>The executor is a JMH parameter: {@code tidepool} marks a section with
 * {@link io.tidepool.blocking.Blocking}, {@code forkjoin} with
 * {@link java.util.concurrent.ForkJoinPool#managedBlock}, and {@code threadpool}, which has no
 * notion of a blocking section, runs the body inline ({@link io.tidepool.bench.blocking.Section}).
 */
package io.tidepool.bench.blocking;
