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
 * One measured latency cell ({@link Shape#BURST_AFTER_IDLE} on one executor), in microseconds,
 * from JMH's {@code SampleTime} histogram.
 *
 * @param row the row label, e.g. {@code burst_after_idle gap=500us chain=1}
 * @param executor the executor's parameter name
 * @param mean the mean sample
 * @param error half-width of JMH's 99.9% confidence interval of the mean, NaN when none
 * @param p50 the median sample
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param samples how many bursts were sampled
 */
record Latency(String row, String executor, double mean, double error, double p50, double p99, double p999,
        long samples) {
}
