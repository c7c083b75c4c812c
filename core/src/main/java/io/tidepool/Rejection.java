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

import io.tidepool.internal.worker.Overflow;
import io.tidepool.internal.worker.Pool;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The built-in {@link RejectionHandler}s, and the adapter that plugs a handler into the worker
 * layer's {@link Overflow} seam.
 */
final class Rejection {
    /** {@link RejectionHandler#abort()}. */
    static final RejectionHandler ABORT = new RejectionHandler() {
        @Override
        public void rejected(Runnable task, ThreadPool pool) {
            throw pool.fullRejection(task);
        }

        @Override
        public String toString() {
            return "RejectionHandler.abort()";
        }
    };

    /** {@link RejectionHandler#callerRuns()}. */
    static final RejectionHandler CALLER_RUNS = new RejectionHandler() {
        @Override
        public void rejected(Runnable task, ThreadPool pool) {
            task.run();
        }

        @Override
        public String toString() {
            return "RejectionHandler.callerRuns()";
        }
    };

    /** First pause between two checks for room: 1 us. */
    static final long MIN_BACKOFF_NANOS = 1_000L;
    /** Longest pause between two checks for room: 1 ms. */
    static final long MAX_BACKOFF_NANOS = 1_000_000L;

    private Rejection() {}

    /**
     * The {@link Overflow} of a pool with {@code handler}: {@link BlockFor} retries through the
     * seam's retry, every other handler gets the task and the public pool.
     *
     * @param handler the user's handler
     * @return the seam's implementation
     */
    static Overflow overflow(RejectionHandler handler) {
        return (pool, task, retry) -> {
            final ThreadPool facade = (ThreadPool) pool.lvFacade();
            if (handler instanceof BlockFor b) {
                b.await(facade, task, retry);
            } else {
                handler.rejected(task, facade);
            }
        };
    }

    /** {@link RejectionHandler#blockFor(Duration)}. */
    static final class BlockFor implements RejectionHandler {
        private final Duration timeout;
        private final long timeoutNanos;

        BlockFor(Duration timeout) {
            this.timeout = timeout;
            long n;
            try {
                n = timeout.toNanos();
            } catch (ArithmeticException tooLong) {
                n = Long.MAX_VALUE;
            }
            this.timeoutNanos = n;
        }

        /** Called directly only by a user who holds this handler: no retry, so it waits in vain. */
        @Override
        public void rejected(Runnable task, ThreadPool pool) {
            await(pool, task, () -> false);
        }

        /**
         * Retries until the task is queued, the timeout passes, the thread is interrupted, or
         * the pool stops accepting (the retry throws).
         */
        void await(ThreadPool pool, Runnable task, BooleanSupplier retry) {
            final long start = System.nanoTime();
            long pause = MIN_BACKOFF_NANOS;
            while (true) {
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    final RejectedExecutionException e = pool.fullRejection(task);
                    e.initCause(new InterruptedException("interrupted while waiting for room"));
                    throw e;
                }
                if (retry.getAsBoolean()) {
                    return;
                }
                final long left = timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    final RejectedExecutionException e = pool.fullRejection(task);
                    throw new RejectedExecutionException(e.getMessage() + " after waiting " + timeout);
                }
                LockSupport.parkNanos(this, Math.min(pause, left));
                pause = Math.min(pause * 2, MAX_BACKOFF_NANOS);
            }
        }

        @Override
        public String toString() {
            return "RejectionHandler.blockFor(" + timeout + ")";
        }
    }
}
