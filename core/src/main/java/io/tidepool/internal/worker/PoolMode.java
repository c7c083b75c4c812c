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

import java.util.List;
import java.util.function.Consumer;

/**
 * How a pool places and runs its tasks: the default work-stealing mode ({@link WorkStealingMode})
 * or pinned-core mode (the reactor layer above this one). The worker layer owns this seam and
 * never imports its implementations above it.
 *
 * <p><b>Cost.</b> {@link #submit} and {@link #reschedule} are on the submission path; a JVM
 * holds at most two implementations, so the call site stays bimorphic and is inlined (and in a
 * JVM that builds only default pools it is monomorphic). Every other method runs once per thread,
 * per core hand-over or per run-state change. The defaults are the work-stealing mode's.
 */
public interface PoolMode {
    /**
     * Queues a new task from {@code execute} or {@code spawn}.
     *
     * @param task the task as queued (possibly inside a submission timestamp)
     * @return false if the pool refused it (the caller throws)
     */
    boolean submit(Runnable task);

    /**
     * Queues a woken async task again; accepted until STOP.
     *
     * @param task the async task's cell
     * @return false if refused
     */
    boolean reschedule(Runnable task);

    /**
     * The loop a pool thread runs on each core it holds, until the core leaves it or the pool
     * is done.
     *
     * @param thread the thread that will run the loop
     * @return the loop, called with each core
     */
    Consumer<WorkerCore> newLoop(WorkerThread thread);

    /**
     * Called on {@code thread} before it runs {@code core}: once when a worker starts (before
     * its {@code afterStart} hook), and whenever a hand-off gives it another core.
     *
     * @param thread the calling thread
     * @param core the core it is about to run
     */
    default void beforeCore(WorkerThread thread, WorkerCore core) {}

    /** Called by {@code Pool.start} after every worker thread started. */
    default void started() {}

    /**
     * Called on a thread whose blocking section has just handed its core to another thread.
     *
     * @param thread the calling thread, now without a core
     */
    default void sectionHandedOff(WorkerThread thread) {}

    /**
     * Wraps the body of a {@code spawnBlocking} thread (pinned-core mode pins it off the
     * reactor CPUs).
     *
     * @param body the thread's body
     * @return the body to run
     */
    default Runnable blockingThreadBody(Runnable body) {
        return body;
    }

    /** {@return whether a blocking section may be deferred (begin on its worker, the monitor hands it off later)} */
    default boolean defersSections() {
        return true;
    }

    /** {@code shutdown()}, before the pool is sealed: shut the mode's own queues to outside offers. */
    default void shut() {}

    /** {@code shutdown()}, after the pool was sealed. */
    default void sealed() {}

    /**
     * {@code shutdownNow()}, before the worker queues are swept: close the mode's own queues and
     * move what never ran to {@code unstarted}.
     *
     * @param unstarted the tasks handed back to the caller
     */
    default void stopQueues(List<Runnable> unstarted) {}

    /** {@code shutdownNow()}, at its end. */
    default void stopped() {}

    /** The pool reached TIDYING. */
    default void tidying() {}

    /** {@return whether a queue of the mode's own (not a worker's deque or inbox) looks non-empty} */
    default boolean anyQueued() {
        return false;
    }

    /**
     * The depth of the mode's own queue of worker {@code index}, for metrics.
     *
     * @param index the worker index
     * @return the number of tasks queued there, a moment's count
     */
    default int queued(int index) {
        return 0;
    }
}
