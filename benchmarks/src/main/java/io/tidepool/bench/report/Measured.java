/*
 * Copyright 2026 the tidepool authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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
