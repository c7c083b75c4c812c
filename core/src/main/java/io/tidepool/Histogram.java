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

package io.tidepool;

import io.tidepool.internal.metrics.HistogramBuckets;
import java.time.Duration;
import java.util.Arrays;

/**
 * An immutable histogram of durations with power-of-two buckets: bucket 0 holds values under
 * 1024 ns, bucket {@code i} holds {@code [2^(9+i), 2^(10+i))} ns, the last bucket everything from
 * about 4.3 s up. Obtained from {@link PoolMetrics#pollTimeHistogram()},
 * {@link PoolMetrics#scheduleLatencyHistogram()} and their per-worker counterparts in
 * {@link WorkerMetrics}. Thread-safe (immutable).
 */
public final class Histogram {
    private final long[] counts;

    Histogram(long[] counts) {
        this.counts = counts;
    }

    /** Sums histograms of the same layout; null entries are skipped. */
    static Histogram sum(Iterable<Histogram> parts) {
        final long[] total = new long[HistogramBuckets.COUNT];
        for (Histogram h : parts) {
            if (h != null) {
                for (int i = 0; i < total.length; i++) {
                    total[i] += h.counts[i];
                }
            }
        }
        return new Histogram(total);
    }

    /** {@return the number of buckets} */
    public int bucketCount() {
        return counts.length;
    }

    /**
     * Values counted in bucket {@code index}.
     *
     * @param index the bucket, {@code 0..bucketCount()-1}
     * @return how many values fell in that bucket
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < bucketCount()}
     */
    public long count(int index) {
        return counts[index];
    }

    /**
     * Smallest value of bucket {@code index}.
     *
     * @param index the bucket, {@code 0..bucketCount()-1}
     * @return the inclusive lower bound of that bucket
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < bucketCount()}
     */
    public Duration lowerBound(int index) {
        return Duration.ofNanos(HistogramBuckets.lowerBoundNanos(checkIndex(index)));
    }

    /**
     * First value past bucket {@code index}; {@code Long.MAX_VALUE} ns for the last bucket.
     *
     * @param index the bucket, {@code 0..bucketCount()-1}
     * @return the exclusive upper bound of that bucket (the next bucket's lower bound)
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < bucketCount()}
     */
    public Duration upperBound(int index) {
        return Duration.ofNanos(HistogramBuckets.upperBoundNanos(checkIndex(index)));
    }

    /** {@return the values counted in all buckets} */
    public long totalCount() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * An upper bound of the {@code quantile} (say 0.99): the upper bound of the first bucket at
     * which the running count reaches {@code quantile} of the total; zero when empty.
     *
     * @param quantile the fraction of values, from 0 to 1 inclusive
     * @return the upper bound of the bucket holding that quantile, or zero if no value was counted
     * @throws IllegalArgumentException unless {@code 0 <= quantile <= 1}
     */
    public Duration quantileUpperBound(double quantile) {
        if (!(quantile >= 0.0 && quantile <= 1.0)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + quantile);
        }
        final long total = totalCount();
        if (total == 0) {
            return Duration.ZERO;
        }
        final double target = quantile * total;
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            if (running >= target && running > 0) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length - 1);
    }

    /** {@return the bucket counts, a fresh copy indexed like {@link #count(int)}} */
    public long[] counts() {
        return counts.clone();
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= counts.length) {
            throw new IndexOutOfBoundsException("bucket index must be in 0.." + (counts.length - 1)
                    + ": " + index);
        }
        return index;
    }

    @Override
    public String toString() {
        return "Histogram" + Arrays.toString(counts);
    }
}
