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
import java.util.function.Consumer;

/**
 * The default mode: a spawn from a worker goes to its own deque, any other submission to a
 * worker's inbox (the one about to be woken, or the submitting thread's own, see
 * {@link #firstInbox}), and every worker runs the {@link WorkerLoop} (searching, stealing,
 * parking in the idle set).
 */
final class WorkStealingMode implements PoolMode {
    /** 2^32 divided by the golden ratio, odd: the multiplier of {@link #slot}'s hash. */
    private static final int GOLDEN = 0x9E37_79B9;
    /** Bits of a {@link #slot} that pick the lane: {@code Inbox.LANES} is {@code 1 << LANE_BITS}. */
    static final int LANE_BITS = Integer.numberOfTrailingZeros(Inbox.LANES);

    private final Pool pool;

    WorkStealingMode(Pool pool) {
        this.pool = pool;
    }

    @Override
    public boolean submit(Runnable task) {
        // one read of the current thread, one type test per class: WorkerThread is final, so
        // its test is a compare of the class word, and submitRemote's PoolThread test reuses
        // the class word loaded here
        final Thread thread = Thread.currentThread();
        final WorkerCore local = thread instanceof WorkerThread w && w.pool() == pool ? w.lvCore() : null;
        return local != null ? pushLocal(local, task) : submitRemote(thread, task);
    }

    /**
     * A submission from {@code thread}, the calling thread, which holds no core of this pool.
     * Out of line so that {@link #submit}, inlined into every spawning task, stays small
     * (HotSpot does not inline an already-compiled callee above {@code InlineSmallCode}; the
     * split once put a call into every spawn).
     */
    private boolean submitRemote(Thread thread, Runnable task) {
        // a pool thread without a core (a blocking section) spawns from inside the pool:
        // accepted after shutdown() like a spawn from a worker, and never bounded (the test
        // Pool.isWorkerThread makes, on the thread already read)
        return thread instanceof PoolThread p && p.pool() == pool
                ? pushRemote(pool, task, true) : pushNew(pool, thread, task);
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
     * <p><b>In a deferred blocking section</b> ({@link WorkerCore#inSection}) every push wakes,
     * whatever the deque looked like. The rule above leans on the owner coming back to its
     * deque; a section's thread may block until the task it pushed has run. And the empty test
     * can be stale: the push reads {@code top} before it stores {@code bottom}, so a thief can
     * take the last task between the two, search once more, find nothing (the new bottom not
     * yet stored) and park, while the push, having seen a task, wakes nobody. Outside a
     * section the owner runs that task itself after its current one. A section's thread
     * instead waits, and if the monitor retook the core meanwhile (the push read the core
     * just before the take) the deque is an orphan that only searchers visit: with every
     * worker parked, nobody would ever run the task (seen as a hang of a one-worker pool
     * whose section waited for a child it submitted). The fence and the notification after
     * every push in a section close it by the same Dekker argument as an empty push's. The
     * test costs the non-empty path one plain load of an owner-only field.
     *
     * <p><b>Before a section that runs inline</b> (no permit free, or {@code maxBlocking(0)})
     * the owner also blocks, and the pushes it made before the section, outside one, may have
     * lost their wake to the stale test above; it therefore wakes for whatever its queues hold
     * before its body runs ({@link Pool#notifyIfQueued}). Seen as a hang of a two-worker pool
     * with {@code maxBlocking(0)}: a task pushed 16 children, then waited in a section for
     * them, while the other worker slept. A task that simply runs long, outside any section,
     * is not covered: the children that lost their wake wait for it, which is what a fence
     * on every push would cost to avoid.
     *
     * <p>A spawn that passes the STOP check while {@code shutdownNow} sweeps may land after the
     * sweep; the worker runs it before exiting ({@link WorkerLoop}), so it is not lost: it has
     * started, and it is not in the returned list.
     */
    boolean pushLocal(WorkerCore core, Runnable task) {
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            return false;
        }
        final boolean wasEmpty = core.deque.push(task);
        // the LIFO rule's mark and the local-schedule count in one owner-only increment
        core.spawns++;
        // plain: inPark and inSection are the owner's, and this is the owner (a section's
        // thread keeps owning its old deque after a retake)
        if (wasEmpty ? !core.inPark : core.inSection) {
            // orders the push (a release store of bottom) before the read of the idle state:
            // Dekker with a worker going to sleep (it decrements, then re-checks every queue)
            VarHandle.fullFence();
            pool.notifyParked();
        }
        return true;
    }

    /**
     * Offers to the inbox {@link #firstInbox} picks, then wakes a worker if the idle protocol
     * says so. Also the resubmission path of a thread without a core ({@code Pool.resubmit}) in
     * either mode.
     */
    static boolean pushRemote(Pool pool, Runnable task, boolean resubmission) {
        if (!resubmission && pool.lvLifecycle() != Lifecycle.RUNNING) {
            return false;
        }
        final WorkerCore[] cores = pool.cores();
        final int n = cores.length;
        final int id = Inbox.home(Thread.currentThread());
        final int slot = n == 1 ? id : slot(id, n);
        final WorkerCore target = cores[n == 1 ? 0 : firstInbox(pool, slot)];
        if (!target.inbox.offer(task, resubmission, slot)) {
            return false;
        }
        // offer() ends with a volatile store (the lane unlock) after the queue's stores, and the
        // volatile read of the idle state in notifyParked() cannot pass it: no extra fence
        pool.notifyParked();
        return true;
    }

    /**
     * The slot of a thread with home value {@code id} ({@link Inbox#home}, the thread id) among
     * {@code n} inboxes of {@link Inbox#LANES} lanes each: its inbox is {@code slot >>> }{@link
     * #LANE_BITS} and its home lane there the low bits. One hash of the id, the same for every
     * submission of the thread: a Fibonacci hash (the id times 2^32 over the golden ratio)
     * scaled to [0, n * LANES) by a multiply and a shift (Lemire). ForkJoinPool's external
     * submissions are sticky the same way (the thread's probe picks its queue).
     *
     * <p>Why this hash: thread ids come in sequence, and the multiples of the golden ratio
     * spread over [0, 1) as evenly as any sequence can (the three-distance theorem), so threads
     * started together spread over the inboxes (among any 2n consecutive ids every inbox is
     * someone's; 4 submitters on 2 inboxes split 2:2 or 3:1) and 8 consecutive ids never share a
     * slot when {@code n >= 2} (the smallest gap between 8 such points, 0.09, is wider than a
     * slot, at most 1/16). Taking inbox and lane from one hash matters: the lane from the id's
     * low bits and the inbox from the hash would put ids 8 apart, which share a lane, into the
     * same inbox 9 times in 10 with {@code n = 2}, where they would contend for one lock.
     * {@code WorkStealingModeSlotTest} checks these properties.
     *
     * <p>Sticky, not random per task: a multiply in place of a step of the thread's random
     * generator (a load and store of its seed and a 64-bit mix, some 30 instructions compiled).
     * What it gives up is spreading one thread's burst over every inbox while all workers are
     * awake; the other workers then steal from the submitter's inbox, up to half of it at a
     * time ({@code WorkerLoop.takeInbox}), and a worker that sleeps gets the next task in its
     * own inbox ({@link #firstInbox}).
     *
     * @param id the thread's home value
     * @param n the number of inboxes, {@code >= 2}
     * @return the slot, {@code 0 <= slot < n * LANES}
     */
    static int slot(int id, int n) {
        final long hash = (id * GOLDEN) & 0xFFFF_FFFFL;
        return (int) ((hash * (n << LANE_BITS)) >>> 32);
    }

    /**
     * The inbox an outside task tries first. Out of idle, the inbox of the worker about to be
     * woken: it finds the task in its own queues instead of searching the others'. While
     * nobody sleeps, the submitting thread's own, that of its {@code slot}.
     */
    private static int firstInbox(Pool pool, int slot) {
        final int wakee = pool.idle().likelyWakee();
        return wakee >= 0 ? wakee : slot >>> LANE_BITS;
    }

    /**
     * Offers a new task from outside the pool: to the inbox {@link #firstInbox} picks, within
     * its lane quotas ({@code Inbox}, "Bound on new tasks"), and when every lane there holds its
     * quota, to the next inboxes in turn ({@link NewTaskOffer}, out of line). One path for
     * bounded and unbounded pools: an unbounded inbox skips the room check (a test of a final
     * field), and a bound costs a compare more while there is room. False when every inbox was full or the pool shut (the caller tells the two
     * apart by the run state: an inbox is shut only after the state left RUNNING). Wakes as
     * {@link #pushRemote} does.
     */
    static boolean pushNew(Pool pool, Thread thread, Runnable task) {
        if (pool.lvLifecycle() != Lifecycle.RUNNING) {
            return false;
        }
        final WorkerCore[] cores = pool.cores();
        final int n = cores.length;
        final int id = Inbox.home(thread);
        // one worker: the id is the home value (consecutive ids, distinct lanes)
        final int slot = n == 1 ? id : slot(id, n);
        final int first = n == 1 ? 0 : firstInbox(pool, slot);
        final int outcome = cores[first].inbox.offerNew(task, slot);
        if (outcome != Inbox.ACCEPTED
                && (outcome == Inbox.REFUSED || NewTaskOffer.offerAfter(cores, first, task) < 0)) {
            return false;
        }
        // as in pushRemote: the offer's volatile unlock comes before the idle-state read
        pool.notifyParked();
        return true;
    }
}
