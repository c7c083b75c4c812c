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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable count-down signal: the benchmark thread arms it with the number of tasks in one
 * operation, each task counts down once, and the last one unparks the benchmark thread.
 *
 * <p>It costs one atomic decrement per task and one unpark per operation, the same price as
 * tokio's {@code rem.fetch_sub} + channel send, and allocates nothing. {@link #await} gives up
 * with an exception after a timeout ({@link #TIMEOUT_SECONDS} unless the benchmark sets another)
 * so that a lost or starved task fails the benchmark instead of hanging the fork.
 */
public final class Completion {
    /** How long {@link #await} waits, by default, before declaring a task lost. */
    public static final long TIMEOUT_SECONDS = 120;

    /** The start of the message of the exception thrown by {@link #await} on timeout. */
    public static final String TIMEOUT_MESSAGE = "operation did not complete within ";

    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Thread waiter;
    private long timeoutSeconds = TIMEOUT_SECONDS;

    /** Sets how long {@link #await} waits; call before the measurement starts. */
    public void timeoutSeconds(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be >= 1: " + seconds);
        }
        timeoutSeconds = seconds;
    }

    /** Arms the signal for {@code count} count-downs; the caller becomes the waiter. */
    public void arm(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be > 0: " + count);
        }
        waiter = Thread.currentThread();
        // volatile store: the tasks that count down are submitted after this, so they see it
        remaining.set(count);
    }

    /** Counts one task down; the last one wakes the waiter. Any thread. */
    public void countDown() {
        if (remaining.decrementAndGet() == 0) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Waits until every armed count-down has happened.
     *
     * @throws IllegalStateException if that takes longer than the timeout
     */
    public void await() {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (remaining.get() != 0) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(TIMEOUT_MESSAGE + timeoutSeconds
                        + " s: remaining=" + remaining.get());
            }
            LockSupport.parkNanos(this, left);
        }
    }
}
