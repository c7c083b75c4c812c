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

package io.tidepool.blocking;

import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.internal.handoff.BlockingSpi;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/**
 * Blocking sections: run code that blocks (JDBC, file I/O, locks, long computations) from a
 * tidepool task without stalling the tasks queued behind it. tokio-threadpool's
 * {@code blocking}.
 *
 * <h2>What a section does</h2>
 * Called on a worker of a {@link io.tidepool.ThreadPool}, {@link #blocking(Callable)} runs the body
 * on the calling thread, so the body sees the caller's thread-locals, locks and interrupt status,
 * and its result or exception reaches the caller unchanged. The worker is not handed off at
 * once: a section that ends within a short grace period (about 0.1 ms) costs no thread switch,
 * only a marker stored at entry and cleared at exit. If the section is still running after the
 * grace period, the pool's monitor thread hands the worker (its queued tasks, its inbox, its
 * {@link io.tidepool.WorkerId}) to a backup thread, an idle one or a new one, which carries on
 * running the worker's queued tasks; the section goes on undisturbed on the calling thread.
 * Once two sections in a row of a pool have outlasted the grace period, the next ones hand the
 * worker off at entry instead (no grace period for the tasks queued behind them), until one
 * ends within the grace period.
 * Nothing is stranded meanwhile: other awake workers steal from a busy worker's queues at any
 * time. Until the hand-off {@link io.tidepool.Worker#current()} still names the worker on the
 * calling thread; after it, it is empty there, and tasks the thread submits go to the pool's
 * inboxes and are accepted after {@code shutdown()} like spawns from a worker. When the body
 * returns, a section that was handed off gives its permit back and takes a worker back if one
 * is idle (its thread parked for want of work; that thread becomes the idle backup): the
 * calling thread waits the few microseconds that thread needs to wake and hand the worker
 * over, so when {@code blocking} returns the task runs on a worker again ({@code Worker.current()}
 * names it, spawns go to its queue), on the same thread. If no worker is idle, the thread
 * finishes the task it was running without a worker, then waits as an idle backup thread for a
 * later hand-off and exits after the pool's {@code keepAlive}. (tokio-threadpool never gave
 * the worker back.) {@link #inBlockingSection()} is true during the whole section,
 * before and after the hand-off. (The poll-based {@link #pollBlocking} hands off at once: it
 * must know whether a permit is free before it runs the body.)
 *
 * <h2>Limits, and when the body runs inline</h2>
 * At most {@code maxBlocking} sections (builder setting) are handed off at once. The body runs
 * inline, on the calling thread and never handed off, when:
 * <ul>
 *   <li>the caller is not a tidepool thread (as {@link ForkJoinPool#managedBlock} does on a
 *       thread outside a ForkJoinPool);</li>
 *   <li>the caller is a pool thread outside a task: the {@code afterStart}/{@code beforeStop}
 *       hooks and the {@code aroundWorker} wrapper;</li>
 *   <li>the caller is already in a blocking section (nested sections), or holds no worker: a
 *       later section of a task whose earlier section ended while no worker was idle to take
 *       back (the thread finishes that task without a worker). A later section of a task that
 *       did take a worker back is a section like the first: it may hand off again;</li>
 *   <li>every permit is taken when the grace period ends (the section is then not tried
 *       again), or {@code maxBlocking} is 0. The worker then blocks with its
 *       queues; the tasks queued behind it are not stranded: other workers steal them from its
 *       deque and inbox as they would from any busy worker (so with one worker, they wait for
 *       the body);</li>
 *   <li>the pool is stopping ({@code shutdownNow}).</li>
 * </ul>
 * Threads are bounded: at most {@code poolSize} threads run workers, at most {@code maxBlocking}
 * run sections that were handed off, and the rest finish a task whose section has ended or wait
 * as idle backups, which exit after {@code keepAlive}. A pool with {@code maxBlocking > 0} also
 * has one monitor thread ({@code <pool>-detector}), asleep while no section is in progress.
 *
 * <h2>Related: spawnBlocking and automatic detection</h2>
 * {@link io.tidepool.ThreadPool#spawnBlocking(Callable)} runs blocking code on the pool's
 * separate, bounded blocking threads and returns a future: use it from outside a task, or when
 * a future is what the caller wants (it costs a thread switch; a section does not). A pool
 * built with {@link io.tidepool.ThreadPoolBuilder#detectBlocking(java.time.Duration)} notices
 * tasks that block <em>without</em> a section past a threshold, reports each once, and hands
 * their worker to a backup thread as a section would (taking one of the same
 * {@code maxBlocking} permits): a safety net for code nobody annotated, not a replacement for
 * this class (detection acts only after the threshold, and costs a report per task).
 *
 * <h2>Shutdown</h2>
 * {@code shutdown()} lets sections finish (termination waits for the tasks that handed off);
 * {@code shutdownNow()} interrupts them; in both cases backup threads exit and the pool's
 * termination future completes only when every thread, backups included, has exited.
 *
 * <p>All methods are thread-safe and may be called from any thread.
 */
public final class Blocking {
    private Blocking() {}

    /**
     * Runs {@code body} in a blocking section and returns its result.
     *
     * @param body the blocking code
     * @param <T> the result type
     * @return what {@code body} returned
     * @throws Exception whatever {@code body} throws, unchanged
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> T blocking(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        final boolean inSection = BlockingSpi.beginSection();
        // a pool that cannot defer (pinned-core mode) still hands off at entry
        final boolean handedOff = !inSection && BlockingSpi.tryHandOff();
        try {
            return body.call();
        } finally {
            end(inSection, handedOff);
        }
    }

    /**
     * Runs {@code body} in a blocking section, as {@link #blocking(Callable)}, for code without
     * a result: {@code Blocking.run(() -> Thread.sleep(100))} throws only
     * {@code InterruptedException}.
     *
     * @param body the blocking code
     * @param <E> the checked exception {@code body} may throw
     * @throws E whatever {@code body} throws, unchanged
     * @throws NullPointerException if {@code body} is null
     */
    public static <E extends Exception> void run(BlockingRunnable<E> body) throws E {
        Objects.requireNonNull(body, "body");
        final boolean inSection = BlockingSpi.beginSection();
        final boolean handedOff = !inSection && BlockingSpi.tryHandOff();
        try {
            body.run();
        } finally {
            end(inSection, handedOff);
        }
    }

    /**
     * The poll-based form for an {@link io.tidepool.AsyncTask}: runs {@code body} in a blocking
     * section and returns {@code Poll.ready(result)}, or, when every permit is taken, returns
     * {@link Poll#pending()} without running it and wakes the task when a permit is released
     * (tokio-threadpool's {@code poll_blocking}). The task should then call this method again
     * from its next poll. In every inline case listed in the class documentation except
     * exhausted permits, the body runs inline and the result is ready.
     *
     * <p>Within one poll, pending is answered only before any section of that poll ran: once
     * a {@code pollBlocking} (or a {@link #blocking} section) of the poll has run its body, a
     * later {@code pollBlocking} in the same poll never returns pending (a pending would make
     * the task poll again from the start and run the earlier body again). If no permit is free
     * then, its body runs inline on the worker, as tokio-threadpool keeps a task's blocking
     * capacity for the rest of its poll.
     *
     * <p>A woken task may find the permit taken again by a faster caller; it then waits again.
     * Permits are released to waiters in arrival order; a release wakes as many waiters as there
     * are free permits (normally one).
     *
     * @param cx the context of the calling poll
     * @param body the blocking code
     * @param <T> the result type
     * @return ready with the body's result, or pending
     * @throws Exception whatever {@code body} throws, unchanged
     * @throws NullPointerException if {@code cx} or {@code body} is null
     */
    public static <T> Poll<T> pollBlocking(TaskContext cx, Callable<T> body) throws Exception {
        Objects.requireNonNull(cx, "cx");
        Objects.requireNonNull(body, "body");
        final int r = BlockingSpi.tryHandOffOrWait(cx.waker());
        if (r == BlockingSpi.WAIT) {
            return Poll.pending();
        }
        try {
            return Poll.ready(body.call());
        } finally {
            if (r == BlockingSpi.HANDED_OFF) {
                BlockingSpi.endHandOff();
            }
        }
    }

    /**
     * Runs a {@link ForkJoinPool.ManagedBlocker} in a blocking section, for code written for
     * {@link ForkJoinPool#managedBlock}: on a tidepool thread, if the blocker is not already
     * releasable, hands off as {@link #blocking(Callable)} does and calls
     * {@link ForkJoinPool.ManagedBlocker#block()} until it or
     * {@link ForkJoinPool.ManagedBlocker#isReleasable()} returns true. On any other thread it
     * delegates to {@link ForkJoinPool#managedBlock}, so the same code also compensates inside a
     * {@code ForkJoinPool}.
     *
     * @param blocker the blocker
     * @throws InterruptedException if {@code blocker.block()} was interrupted
     * @throws NullPointerException if {@code blocker} is null
     */
    public static void managedBlock(ForkJoinPool.ManagedBlocker blocker) throws InterruptedException {
        Objects.requireNonNull(blocker, "blocker");
        if (!BlockingSpi.onPoolThread()) {
            ForkJoinPool.managedBlock(blocker);
            return;
        }
        if (blocker.isReleasable()) {
            return;
        }
        final boolean inSection = BlockingSpi.beginSection();
        final boolean handedOff = !inSection && BlockingSpi.tryHandOff();
        try {
            while (!blocker.isReleasable() && !blocker.block()) {
                // block() returned false: it wants to be called again
            }
        } finally {
            end(inSection, handedOff);
        }
    }

    /** Ends what the section began: a deferred section, an eager hand-off, or nothing. */
    private static void end(boolean inSection, boolean handedOff) {
        if (inSection) {
            BlockingSpi.endSection();
        } else if (handedOff) {
            BlockingSpi.endHandOff();
        }
    }

    /**
     * Whether the calling thread is inside a blocking section of a tidepool pool (handed off
     * yet or not), or is a tidepool thread without a worker: finishing the task of a section
     * that has ended, or running a task whose worker the stuck-worker detector retook. A
     * section there runs inline.
     *
     * @return {@code true} inside a section or on a pool thread that holds no worker,
     *     {@code false} on a worker thread outside a section or any non-tidepool thread
     */
    public static boolean inBlockingSection() {
        return BlockingSpi.inBlockingSection();
    }
}
