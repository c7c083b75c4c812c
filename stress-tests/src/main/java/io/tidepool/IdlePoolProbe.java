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

import io.tidepool.internal.park.ThreadPark;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds a one-worker {@link ThreadPool} for a shutdown stress test and waits (bounded) until
 * its worker has registered as idle and is about to park, so the race under test meets the
 * pool in its common state: asleep, waiting for work.
 */
final class IdlePoolProbe implements Park {
    /** Longest wait for the worker to go to sleep; past it the race runs anyway. */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ThreadPark delegate = new ThreadPark();
    private volatile boolean parked;

    private IdlePoolProbe() {}

    /** A new one-worker pool whose worker has gone to sleep at least once. */
    static ThreadPool newIdlePool() {
        final IdlePoolProbe probe = new IdlePoolProbe();
        final ThreadPool pool = ThreadPool.builder()
                .poolSize(1)
                .namePrefix("stress")
                .customPark(id -> probe)
                .build();
        final long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (!probe.parked && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        return pool;
    }

    @Override
    public void park() {
        parked = true;
        delegate.park();
    }

    @Override
    public void park(Duration timeout) {
        parked = true;
        delegate.park(timeout);
    }

    @Override
    public Unpark unparker() {
        return delegate;
    }

    /** Waits up to {@code seconds} for {@code pool} to terminate. */
    static boolean awaitTermination(ThreadPool pool, long seconds) {
        try {
            return pool.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
