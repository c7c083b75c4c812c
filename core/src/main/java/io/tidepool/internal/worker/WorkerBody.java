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

package io.tidepool.internal.worker;

import java.util.function.Consumer;

/**
 * The body of every thread of one pool, workers and backups alike: pinning (pinned-core mode),
 * the {@code afterStart}/{@code beforeStop} hooks, the worker loop in the optional
 * {@code aroundWorker} wrapper, and what a thread does when it loses its core (a blocking
 * section's hand-off or the monitor's retake): it waits as an idle backup for another core.
 * Every exit is accounted ({@code Pool.threadExited}), so termination sees every thread leave.
 */
final class WorkerBody {
    private final Pool pool;

    WorkerBody(Pool pool) {
        this.pool = pool;
    }

    /**
     * Body of every pool thread: hooks, then the loop (in the optional wrapper) on each core the
     * thread is given; always accounted. The loop returns still holding its core only when the
     * pool is done; a thread whose core was handed off waits as an idle backup for another.
     */
    void run(WorkerThread thread) {
        final PoolConfig config = pool.config();
        WorkerCore core = thread.lvCore();
        try {
            // pinned-core mode pins the thread once at start, before the hooks, so they run on
            // the core's CPU
            pool.mode().beforeCore(thread, core);
            if (config.afterStart() != null) {
                runHook(thread, config.afterStart());
            }
            final Consumer<WorkerCore> loop = pool.mode().newLoop(thread);
            boolean first = true;
            while (core != null) {
                if (!first) {
                    // pinned-core mode: a backup given a reactor's core moves to its CPU (no
                    // exec if already there)
                    pool.mode().beforeCore(thread, core);
                    // a thread dump names the role: this thread now runs this worker (a rename
                    // per core change, never per task)
                    final String name = config.workerThreadName(core.index);
                    if (!name.equals(thread.getName())) {
                        thread.setName(name);
                    }
                }
                first = false;
                if (config.aroundWorker() == null) {
                    thread.captureBaseline(pool.lvLifecycle() >= Lifecycle.STOP);
                    runLoop(thread, core, loop);
                } else {
                    runWrapped(thread, core, loop);
                }
                core = pool.handOffs().nextCore(thread, core);
            }
        } finally {
            try {
                if (config.beforeStop() != null) {
                    runHook(thread, config.beforeStop());
                }
            } finally {
                pool.handOffs().exited(thread);
                pool.threadExited();
            }
        }
    }

    /**
     * Runs the loop inside the user's wrapper. A wrapper that throws before running the loop, or
     * returns without running it, is reported and the loop runs anyway: a worker that never runs
     * would strand its queues and keep the pool from terminating.
     */
    private void runWrapped(WorkerThread thread, WorkerCore core, Consumer<WorkerCore> loop) {
        final boolean[] ran = new boolean[1];
        final Runnable body = () -> {
            if (ran[0]) {
                throw new IllegalStateException("aroundWorker ran the worker loop twice");
            }
            ran[0] = true;
            thread.captureBaseline(pool.lvLifecycle() >= Lifecycle.STOP);
            runLoop(thread, core, loop);
        };
        try {
            pool.config().aroundWorker().accept(core.lvHandle(), body);
        } catch (Throwable t) {
            pool.runner().reportUncaught(thread, t);
        }
        if (!ran[0]) {
            pool.runner().reportUncaught(thread, new IllegalStateException(
                    "aroundWorker returned without running the worker loop of " + thread.getName()));
            thread.captureBaseline(pool.lvLifecycle() >= Lifecycle.STOP);
            runLoop(thread, core, loop);
        }
    }

    /**
     * Runs the loop on {@code core} until it returns. A throw out of the loop itself, not out of
     * a task (those are caught around each task), is a fault of the pool's own code or an
     * {@code Error} such as {@code OutOfMemoryError} while a queue grew: the thread would die of
     * it, stranding the core's queues, and the pool would never terminate. Instead it is
     * reported to the pool's handler (the first of a run of throws, as for a throwing park) and,
     * while this thread still holds the core, the loop runs again after a backoff (2 us doubling
     * up to 10 ms), so a fault that repeats on every turn does not spin a core.
     */
    private void runLoop(WorkerThread thread, WorkerCore core, Consumer<WorkerCore> loop) {
        final ParkBackoff backoff = new ParkBackoff(pool.runner());
        while (true) {
            try {
                loop.accept(core);
                return;
            } catch (Throwable t) {
                if (thread.lvCore() != core) {
                    // a hand-off or retake moved the core on: the caller finds the next one
                    pool.runner().reportUncaught(thread, t);
                    return;
                }
                backoff.failed(thread, t);
            }
        }
    }

    private void runHook(WorkerThread thread, Runnable hook) {
        try {
            hook.run();
        } catch (Throwable t) {
            pool.runner().reportUncaught(thread, t);
        }
    }
}
