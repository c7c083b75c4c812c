/**
 * JMH benchmarks of tidepool.
 *
 * <ul>
 *   <li>{@link io.tidepool.bench.scheduler}: ports of tokio's scheduler benchmarks, each run
 *       against tidepool and the JDK executors (the executor is a {@code @Param});
 *   <li>{@link io.tidepool.bench.queue}: the micro-benchmark that chose the worker inbox queue;
 *   <li>{@link io.tidepool.bench.report}: the runner that executes a comparison through the JMH
 *       API and writes its report and chart under {@code target/benchmarks/} (with
 *       {@code --publish}: {@code docs/benchmarks.md}, one section per JDK);
 *   <li>{@link io.tidepool.bench.examples}: small programs that use the pool as an application
 *       does (not benchmarks).
 * </ul>
 */
package io.tidepool.bench;
