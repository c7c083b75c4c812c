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

import io.tidepool.internal.metrics.BlockingSample;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * What the worker layer asks of the blocking hand-off layer above it (one implementation, in
 * {@code internal.handoff}): where a thread goes when its core left it, the take-back answered
 * by a parked worker, the books that keep termination from passing a handed-off task, and the
 * {@code spawnBlocking} threads. None of it is on the task path: {@code TaskRunner.run} calls in only
 * when the task's core left its thread, and the worker loop only around a park.
 */
public interface HandOffHooks {
    /**
     * Called by {@code Pool.start} before the workers start: registers them as live threads and
     * starts the monitor thread if the pool has one (counting it with
     * {@link Pool#threadStarting()}).
     *
     * @param workers the pool's worker threads, not started yet
     */
    void start(WorkerThread[] workers);

    /**
     * After a failed start, once the pool was stopped: joins the threads this layer started (the
     * monitor), going on through interrupts.
     *
     * @return whether the caller was interrupted meanwhile
     */
    boolean joinStarted();

    /** {@return whether a core may be taken from its thread while it runs (a deferred section or detection)} */
    boolean retakes();

    /**
     * On a worker's holder, right after its park returned and before it touches its core again:
     * answers a take-back asked for this worker by a thread whose section ended.
     *
     * @param thread the holder
     * @param core its core
     * @return whether the core was handed over (the holder's loop must end)
     */
    boolean answerTakeBack(WorkerThread thread, WorkerCore core);

    /**
     * On a thread whose task returned while its core had left it (the task's blocking section
     * handed it off, or the monitor retook it): settles the books of a self hand-off.
     *
     * @param thread the calling thread
     */
    void taskEndedWithoutCore(WorkerThread thread);

    /**
     * On a thread whose task returned, when the layer asked for it during the task
     * ({@link WorkerThread#wantTaskEnd()}): forgets what it kept for the rest of that task.
     *
     * @param thread the calling thread
     */
    void taskEnded(WorkerThread thread);

    /**
     * After the loop on {@code started} returned: null when the pool is done (the thread still
     * holds its core), else the next core for the thread (taken back at a section's end, adopted
     * after a retake, or waited for as an idle backup); null also when the idle wait expired.
     *
     * @param thread the calling thread
     * @param started the core its loop started with
     * @return the next core to run, or null to exit
     */
    WorkerCore nextCore(WorkerThread thread, WorkerCore started);

    /**
     * The calling thread exits (counted out by the pool afterwards).
     *
     * @param thread the exiting thread
     */
    void exited(WorkerThread thread);

    /**
     * {@return whether a handed-off task is still running or a {@code spawnBlocking} job is in
     * flight} Read first by the quiescence check (volatile loads): such a task or job publishes
     * its work before its count drops.
     */
    boolean busy();

    /**
     * Runs {@code body} on a {@code spawnBlocking} thread.
     *
     * @param <T> the result type
     * @param body the blocking code
     * @param fromInside whether the caller is a thread of the pool
     * @return the body's future
     */
    <T> CompletableFuture<T> spawnBlocking(Callable<T> body, boolean fromInside);

    /** {@code shutdownNow()}, after the sweep: interrupt every live thread, stop the blocking jobs. */
    void stopping();

    /** {@code shutdownNow()}, at its end: wake idle backups and the monitor so they see STOP. */
    void stopped();

    /** The pool reached TIDYING: wake idle backups and the monitor, close the blocking executor. */
    void tidying();

    /** {@return the blocking figures of a metrics snapshot} Any thread. */
    BlockingSample sample();
}
