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

import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.util.Optional;

/**
 * A worker of a {@link ThreadPool}: an identity with its own queues, run by one thread at a
 * time. A blocking section hands the worker to another thread, so the thread and the worker are
 * different things: {@link #current()} answers for the calling thread at the moment of the call.
 */
public final class Worker {
    private final ThreadPool pool;
    private final WorkerId id;

    Worker(ThreadPool pool, WorkerId id) {
        this.pool = pool;
        this.id = id;
    }

    /**
     * The worker the calling thread is running, if any. Empty on threads that are not pool
     * workers, and on a worker thread that has handed its worker away (inside a blocking
     * section).
     *
     * @return the calling thread's worker, or empty
     */
    public static Optional<Worker> current() {
        final WorkerCore core = WorkerThread.currentCore();
        return core == null ? Optional.empty() : Optional.of((Worker) core.lvHandle());
    }

    /** {@return the worker's id, index {@code 0..poolSize-1}} */
    public WorkerId id() {
        return id;
    }

    /** {@return the pool this worker belongs to} */
    public ThreadPool pool() {
        return pool;
    }

    @Override
    public String toString() {
        return "Worker[" + id.index() + " of " + pool.name() + "]";
    }
}
