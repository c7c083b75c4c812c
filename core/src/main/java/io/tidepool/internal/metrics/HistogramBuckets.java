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
 * Bucket layout of the poll-time histogram: powers of two of nanoseconds, so the bucket of a
 * value is one {@code numberOfLeadingZeros} away.
 *
 * <pre>
 *   bucket 0:        [0, 1024) ns            (under about 1 us)
 *   bucket i, 0&lt;i&lt;23: [2^(9+i), 2^(10+i)) ns
 *   bucket 23:       [2^32 ns, infinity)     (over about 4.3 s)
 * </pre>
 */
public final class HistogramBuckets {
    /** Number of buckets. */
    public static final int COUNT = 24;
    /** Bit length of the values that land in bucket 0 or below: values under {@code 2^10}. */
    private static final int FIRST_BITS = 10;

    private HistogramBuckets() {}

    /**
     * The bucket of a duration in nanoseconds (negative durations go to bucket 0).
     *
     * @param nanos the duration in nanoseconds
     * @return the bucket index, {@code 0..COUNT-1}
     */
    public static int indexOf(long nanos) {
        final int bits = 64 - Long.numberOfLeadingZeros(Math.max(0L, nanos));
        final int i = bits - FIRST_BITS;
        return i <= 0 ? 0 : Math.min(i, COUNT - 1);
    }

    /**
     * Smallest value of bucket {@code i}, in nanoseconds.
     *
     * @param i the bucket index, {@code 0..COUNT-1} (not checked)
     * @return the inclusive lower bound of bucket {@code i} in nanoseconds
     */
    public static long lowerBoundNanos(int i) {
        return i == 0 ? 0L : 1L << (FIRST_BITS - 1 + i);
    }

    /**
     * First value past bucket {@code i}, in nanoseconds; {@link Long#MAX_VALUE} for the last.
     *
     * @param i the bucket index, {@code 0..COUNT-1} (not checked)
     * @return the exclusive upper bound of bucket {@code i} in nanoseconds
     */
    public static long upperBoundNanos(int i) {
        return i == COUNT - 1 ? Long.MAX_VALUE : 1L << (FIRST_BITS + i);
    }
}
