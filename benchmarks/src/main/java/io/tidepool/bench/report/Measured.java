package io.tidepool.bench.report;

/**
 * One measured cell of the comparison: a shape (with its submitter count, if any) run on one
 * executor.
 *
 * @param row the row label, e.g. {@code spawn_many_remote} or {@code remote_spawn_contention/4}
 * @param shape the benchmark
 * @param executor the executor's parameter name
 * @param score throughput in {@link Shape#unit()}
 * @param error half-width of JMH's 99.9% confidence interval, NaN when JMH could not compute one
 * @param bytesPerTask allocation per task, NaN when the GC profiler gave none
 */
public record Measured(String row, Shape shape, String executor, double score, double error,
        double bytesPerTask) {
}
