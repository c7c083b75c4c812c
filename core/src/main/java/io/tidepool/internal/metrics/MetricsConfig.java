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

package io.tidepool.internal.metrics;

/**
 * The metrics options of a pool, as the public builder hands them to the internals. Counters are
 * always on; these switch on the parts that need a clock read around every poll.
 *
 * @param pollTimeHistogram whether each worker keeps a histogram of poll times
 * @param scheduleLatencyHistogram whether each worker keeps a histogram of schedule latencies
 *     (submission or wake to the start of the run); submissions are then timestamped
 * @param longPollThresholdNanos polls at least this long are counted and reported to JFR;
 *     {@link Long#MAX_VALUE} when off
 * @param jmx whether the pool registers an MBean while it runs
 */
public record MetricsConfig(boolean pollTimeHistogram, boolean scheduleLatencyHistogram,
        long longPollThresholdNanos, boolean jmx) {
    /** Counters only: no per-poll clock, no MBean. */
    public static final MetricsConfig DEFAULT = new MetricsConfig(false, false, Long.MAX_VALUE, false);

    /**
     * {@return whether every poll is timed} True with a poll-time histogram, a schedule-latency
     * histogram (the start of each poll ends its latency) or a long-poll threshold; then each
     * task costs a {@code System.nanoTime()} call on its worker.
     */
    public boolean timesEveryPoll() {
        return pollTimeHistogram || scheduleLatencyHistogram || longPollThresholdNanos != Long.MAX_VALUE;
    }
}
