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

package io.tidepool.micrometer;

import io.tidepool.Histogram;
import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One {@link ThreadPool#metrics()} snapshot shared by every meter read within {@code maxAgeNanos}
 * of it, so that one scrape of a registry (which reads the meters one after the other in a tight
 * loop) costs one pass over the workers instead of one per meter, and its figures come from one
 * snapshot.
 *
 * <p>Thread-safe: the last {@link Reading} is immutable and published through a volatile field.
 * Two threads that find it stale at the same moment both take a snapshot and the later store
 * wins; each reader uses the reading it took or found, so a meter never sees half of one.
 */
final class SnapshotCache {
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    /** The newest reading; volatile: its store publishes the immutable reading to other readers. */
    private volatile Reading last;

    /**
     * @param maxAgeNanos how long a reading is reused; 0 takes a new snapshot on every read
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass
     *     their own)
     */
    SnapshotCache(long maxAgeNanos, LongSupplier nanoClock) {
        this.maxAgeNanos = maxAgeNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * The figures of {@code pool}: the last reading if it is younger than the maximum age,
     * otherwise a new one.
     *
     * @param pool the pool the meters observe (the cache holds no reference to it)
     * @return a reading of {@code pool}
     */
    Reading read(ThreadPool pool) {
        final long now = nanoClock.getAsLong();
        final Reading r = last;
        // r.takenAt may be after now (another reader stored a newer one): the difference is
        // negative, and a newer reading is as good
        if (r != null && now - r.takenAt < maxAgeNanos) {
            return r;
        }
        final Reading fresh = new Reading(now, pool.metrics());
        last = fresh;
        return fresh;
    }

    /** A snapshot and the figures derived from it once for all meters. */
    static final class Reading {
        final long takenAt;
        final PoolMetrics metrics;
        /** Running totals of the pool-wide poll-time buckets, or null without the histogram. */
        private final long[] pollTimesBelow;
        /** Running totals of the schedule-latency buckets, or null without the histogram. */
        private final long[] scheduleLatenciesBelow;
        /** Running totals of the timer-lateness buckets. */
        private final long[] latenessBelow;

        Reading(long takenAt, PoolMetrics metrics) {
            this.takenAt = takenAt;
            this.metrics = metrics;
            this.pollTimesBelow = runningTotals(metrics.pollTimeHistogram());
            this.scheduleLatenciesBelow = runningTotals(metrics.scheduleLatencyHistogram());
            this.latenessBelow = runningTotals(Optional.of(metrics.timerLatenessHistogram()));
        }

        /** {@return the timers that expired less than bucket {@code index}'s bound late} */
        long latenessBelow(int index) {
            return latenessBelow[index];
        }

        /**
         * {@return the polls that took less than the upper bound of bucket {@code index}} 0 if
         * the pool keeps no poll-time histogram.
         */
        long pollTimesBelow(int index) {
            return pollTimesBelow == null ? 0 : pollTimesBelow[index];
        }

        /**
         * {@return the tasks whose schedule latency was under the upper bound of bucket
         * {@code index}} 0 if the pool keeps no schedule-latency histogram.
         */
        long scheduleLatenciesBelow(int index) {
            return scheduleLatenciesBelow == null ? 0 : scheduleLatenciesBelow[index];
        }

        private static long[] runningTotals(Optional<Histogram> histogram) {
            if (histogram.isEmpty()) {
                return null;
            }
            final long[] totals = histogram.get().counts();
            for (int i = 1; i < totals.length; i++) {
                totals[i] += totals[i - 1];
            }
            return totals;
        }
    }
}
