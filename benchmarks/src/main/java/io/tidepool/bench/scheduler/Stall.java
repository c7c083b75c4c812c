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

package io.tidepool.bench.scheduler;

/**
 * A busy-wait of a fixed length, tokio's {@code stall()} in its busy-runtime benchmarks.
 *
 * <p>tokio spins on {@code thread::yield_now}; here the spin uses {@link Thread#onSpinWait} so
 * that the stall means the same thing in a platform thread and in a virtual thread (where
 * {@link Thread#yield} would unmount the virtual thread instead).
 */
final class Stall {
    /** Length of one stall: 10 microseconds, as in tokio. */
    static final long NANOS = 10_000;

    private Stall() {
    }

    /** Spins for {@link #NANOS}. */
    static void stall() {
        final long end = System.nanoTime() + NANOS;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
