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

import io.tidepool.internal.queue.Inbox;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The default mode: a spawn from a worker goes to its own deque, any other submission to a
 * random worker's inbox, and every worker runs the {@link WorkerLoop} (searching, stealing,
 * parking in the idle set).
 */
final class WorkStealingMode implements PoolMode {
    private final Pool pool;

    WorkStealingMode(Pool pool) {
        this.pool = pool;
    }

    @Override
    public boolean submit(Runnable task) {
        final WorkerCore local = WorkerThread.currentCore(pool);
        return local != null ? pushLocal(local, task) : submitRemote(task);
    }

    /**
     * A submission from a thread without a core. Out of line so that {@link #submit}, inlined
     * into every spawning task, stays small (HotSpot does not inline an already-compiled callee
     * above {@code InlineSmallCode}; the split once put a call into every spawn).
     */
    private boolean submitRemote(Runnable task) {
        // a pool thread without a core (a blocking section) spawns from inside the pool:
        // accepted after shutdown() like a spawn from a worker, and never bounded
        return pool.isWorkerThread() ? pushRemote(pool, task, true) : pushNew(pool, task);
    }

    @Override
    public boolean reschedule(Runnable task) {
        final WorkerCore local = WorkerThread.currentCore(pool);
        return local != null ? pushLocal(local, task) : pushRemote(pool, task, true);
    }

    @Override
    public Consumer<WorkerCore> newLoop(WorkerThread thread) {
        return new WorkerLoop(pool, thread)::run;
    }

    /**
     * Pushes on the calling worker's own deque. Spawns from inside the pool are accepted until
     * STOP, so accepted work can finish after {@code shutdown()}.
     *
     * <p>Only a push onto an empty deque asks the idle set to wake someone (ForkJoinPool's
     * rule too): when the deque was already non-empty, the push that made it so did ask, a
     * worker that went to sleep since re-checked every queue and saw it, and a thief that
     * emptied it meanwhile is awake and searches again before it sleeps. A searcher that finds
     * work wakes the next, so one wake per empty-to-non-empty transition is enough to bring in
     * every idle worker while there is work to steal.
     *
     * <p>A push from inside the owner's own park (a reactor's park waking the tasks whose
     * readiness it found) notifies nobody, as tokio's {@code schedule_local} does while its
     * worker has no park: such wakes come in batches, and the owner runs its deque as soon as
     * the park returns. A notification at a batch's first push woke a second worker (for a
     * reactor, one {@code Selector.wakeup()}: a write, a read, and often a contended monitor
     * for the selector's interrupt lock) that then mostly found the batch already run. Unlike
     * tokio, the owner does not wake another worker after the park when it left more than one
     * task: counted on the echo benchmark, that cost more parks and context switches than it
     * saved. The price: a batch of long tasks that one select woke is not offered to a parked
     * worker (a worker that is awake and searching still steals from it), and the pool's rule
     * that every non-empty deque had a wake sent for it holds only for pushes outside a park.
     * The worker loop looks at its own deque after every park and takes itself off the sleeper
     * stack when the park left work there; that look is also what the rule above needs, since
     * a push in the park may read a stale non-empty deque while a thief empties it, and the
     * thief's last look may come before the new bottom is stored.
     *
     * <p>A spawn that passes the STOP check while {@code shutdownNow} sweeps may land after the
     * sweep; the worker runs it before exiting ({@link WorkerLoop}), so it is not lost: it has
     * started, and it is not in the returned list.
     */
    private boolean pushLocal(WorkerCore core, Runnable task) {
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            return false;
        }
        final boolean wasEmpty = core.deque.push(task);
        // the LIFO rule's mark and the local-schedule count in one owner-only increment
        core.spawns++;
        // plain: inPark is the owner's, and this is the owner
        if (wasEmpty && !core.inPark) {
            // orders the push (a release store of bottom) before the read of the idle state:
            // Dekker with a worker going to sleep (it decrements, then re-checks every queue)
            VarHandle.fullFence();
            pool.notifyParked();
        }
        return true;
    }

    /**
     * Offers to a random worker's inbox, then wakes a worker if the idle protocol says so. Also
     * the resubmission path of a thread without a core ({@code Pool.resubmit}) in either mode.
     */
    static boolean pushRemote(Pool pool, Runnable task, boolean resubmission) {
        if (!resubmission && pool.lvLifecycle() != Lifecycle.RUNNING) {
            return false;
        }
        final WorkerCore[] cores = pool.cores();
        final WorkerCore target = cores[firstInbox(pool, cores.length)];
        if (!target.inbox.offer(task, resubmission)) {
            return false;
        }
        // offer() ends with a volatile store (the lane unlock) after the queue's stores, and the
        // volatile read of the idle state in notifyParked() cannot pass it: no extra fence
        pool.notifyParked();
        return true;
    }

    /**
     * The inbox an outside task tries first. Out of idle, the inbox of the worker about to be
     * woken: it finds the task in its own queues instead of searching the others'. While
     * nobody sleeps, a random one.
     */
    private static int firstInbox(Pool pool, int n) {
        if (n == 1) {
            return 0;
        }
        final int wakee = pool.idle().likelyWakee();
        if (wakee >= 0) {
            return wakee;
        }
        // a random 32-bit value scaled to [0, n) by a multiply and a shift (Lemire): one step
        // of the thread's generator, without nextInt(n)'s rejection loop and its checks (the
        // bias, at most n / 2^32, does not matter for spreading tasks)
        final long r = ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL;
        return (int) ((r * n) >>> 32);
    }

    /**
     * Offers a new task from outside the pool: to the inbox {@link #firstInbox} picks, within
     * its lane quotas ({@code Inbox}, "Bound on new tasks"), and when every lane there holds its
     * quota, to the next inboxes in turn ({@link NewTaskOffer}, out of line). One path for
     * bounded and unbounded pools: an unbounded pool's quotas are {@code Long.MAX_VALUE}, so
     * its room check is a compare that always passes, and a bound costs nothing more while
     * there is room. False when every inbox was full or the pool shut (the caller tells the two
     * apart by the run state: an inbox is shut only after the state left RUNNING). Wakes as
     * {@link #pushRemote} does.
     */
    static boolean pushNew(Pool pool, Runnable task) {
        if (pool.lvLifecycle() != Lifecycle.RUNNING) {
            return false;
        }
        final WorkerCore[] cores = pool.cores();
        final int first = firstInbox(pool, cores.length);
        final int outcome = cores[first].inbox.offerNew(task);
        if (outcome != Inbox.ACCEPTED
                && (outcome == Inbox.REFUSED || NewTaskOffer.offerAfter(cores, first, task) < 0)) {
            return false;
        }
        // as in pushRemote: the offer's volatile unlock comes before the idle-state read
        pool.notifyParked();
        return true;
    }
}
