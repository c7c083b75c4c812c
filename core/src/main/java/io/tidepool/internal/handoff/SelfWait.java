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


package io.tidepool.internal.handoff;

import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerThread;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker that waits on its own pool's work (issue 15, item 7): {@code Future.get()} of a task
 * of the same pool, a nested {@code invokeAll} or {@code invokeAny}, called from inside a task.
 * Such a wait blocks the worker while the awaited task may sit in that very worker's queues, so
 * a pool whose workers all wait this way would never finish. The wait runs as a blocking section
 * instead, exactly as if the caller had wrapped it in {@code Blocking.blocking}: a wait that ends
 * within the grace period costs a marker; a longer one has its worker (queues included) handed
 * to a backup thread by the monitor, which goes on running the queued tasks, the awaited one
 * among them. ForkJoinPool answers the same problem by running the awaited task or compensating
 * with a spare thread; a section keeps the task decorator, the context propagator, the metrics
 * and the order of the queues as they are (the awaited task still runs as a task of its own).
 *
 * <p>Limits: at most {@code maxBlocking} such waits are handed off at once (the permits of all
 * sections); past that, or with {@code maxBlocking(0)}, a wait blocks its worker as before.
 */
public final class SelfWait {
    private static final int NONE = 0;
    private static final int SECTION = 1;
    private static final int HANDED_OFF = 2;

    private SelfWait() {}

    /**
     * Begins a section for a wait on {@code pool}'s work when the calling thread is a worker of
     * that pool in a task; else nothing.
     *
     * @param pool the pool whose work the caller is about to wait for
     * @return what {@link #end} must end
     */
    public static int begin(Pool pool) {
        if (!(Thread.currentThread() instanceof WorkerThread w) || w.pool() != pool
                || w.lvCore() == null) {
            // not a worker of this pool, or already without one (in a section): a plain wait
            return NONE;
        }
        final HandOffs h = HandOffs.of(pool);
        if (h.sections().begin(w)) {
            return SECTION;
        }
        // a pool that cannot defer (pinned-core mode) hands off at once
        return h.tryHandOff(w) ? HANDED_OFF : NONE;
    }

    /**
     * Ends what {@link #begin} began, on the same thread, when the wait is over.
     *
     * @param how what {@code begin} returned
     */
    public static void end(int how) {
        if (how == SECTION) {
            BlockingSpi.endSection();
        } else if (how == HANDED_OFF) {
            BlockingSpi.endHandOff();
        }
    }

    /**
     * The future of a task submitted with {@code submit} or {@code invokeAll}: its
     * {@code get} called from a task on a worker of the same pool waits in a blocking section.
     *
     * @param <V> the result type
     */
    public static final class Task<V> extends FutureTask<V> {
        private final Pool pool;

        /**
         * A future of {@code pool} for {@code callable}.
         *
         * @param pool the pool that will run it
         * @param callable the task
         */
        public Task(Pool pool, Callable<V> callable) {
            super(callable);
            this.pool = pool;
        }

        /**
         * A future of {@code pool} for {@code runnable}, completing with {@code result}.
         *
         * @param pool the pool that will run it
         * @param runnable the task
         * @param result the result to complete with
         */
        public Task(Pool pool, Runnable runnable, V result) {
            super(runnable, result);
            this.pool = pool;
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            if (isDone()) {
                return super.get();
            }
            final int how = begin(pool);
            try {
                return super.get();
            } finally {
                end(how);
            }
        }

        @Override
        public V get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            if (isDone()) {
                return super.get(timeout, unit);
            }
            final int how = begin(pool);
            try {
                return super.get(timeout, unit);
            } finally {
                end(how);
            }
        }
    }
}
