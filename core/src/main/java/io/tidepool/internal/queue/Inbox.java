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

package io.tidepool.internal.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A worker's external inbox: {@value #LANES} lanes, each a single-producer single-consumer
 * {@code LaneQueue} behind a producer
 * lock, with shutdown flags (so shutdown can close it without losing a task that is being
 * offered) and a consumer claim (so another worker or the shutdown sweep may drain it when the
 * owner is busy).
 *
 * <h2>Lanes</h2>
 * Each submitting thread has a home lane (its thread id modulo {@value #LANES}). An offer locks a
 * lane with one compare-and-set of the lane's lock word (0 to 1), reads the flags, offers to the
 * lane's queue unless refused, and unlocks. If the CAS fails (another producer is inside that
 * lane), the offer tries the next lane, wrapping around, and after a full round without a lock
 * spins once and goes round again. A lock is held only for a flag read and one queue offer, no
 * user code. The lock makes each lane's queue single-producer: its plain producer fields pass
 * from one holder to the next through the unlock (a volatile store, released) and the next
 * lock's CAS (acquired). ForkJoinPool does the same with its per-thread external queues and
 * their lock word; compared with the single MPSC queue and striped gate counters this replaced,
 * an uncontended offer does one CAS on a line of its own lane instead of three atomic
 * read-modify-writes, one of them (the MPSC producer index) shared by every submitter.
 * <pre>
 *   flags                 CLOSED (bit 31) | NEW_SHUT (bit 30)        written by shut()/close()
 *   state[CLAIM]          consumer claim, 0 free / 1 held            tryClaim()/release()
 *   state[CURSOR, STREAK] consumer's next lane, takes left there     claim holder only
 *   lanes[k].lock         lane k's producer lock, 0 free / 1 held    offer()
 * </pre>
 * The flags are a field of the inbox object, beside the final fields every producer reads
 * anyway and written only by {@code shut}/{@code close}; the claim group sits on a 64-byte line
 * of its own (written by consumers), and each lock (written by its lane's producers) is padded
 * in its {@link Lane}, so no line a producer reads is written on every take or offer.
 *
 * <h2>Faults inside an offer</h2>
 * The unlock is a store to a volatile field, one bytecode and no method call, so it cannot
 * itself overflow the stack: an offer whose queue growth throws ({@code OutOfMemoryError}) or
 * whose caller is at its stack limit ({@code StackOverflowError}) always leaves its lane
 * unlocked (a lane left locked would make {@link #shut} and {@link #close} spin forever). The
 * lock is one compare-and-set, which either happened or did not. The lane's queue is left as it
 * was or with the task in it: a {@code LaneQueue} offer publishes with its last action. (A
 * JCTools SPSC queue, the lanes' queue before, could be left with a task its consumer takes
 * while its producer index did not count it, and then lost the lane's next task.)
 *
 * <h2>Order</h2>
 * FIFO holds per lane, so per submitting thread as long as it offers on its home lane; a thread
 * that finds its home lane locked offers on another, and that task may then be taken before the
 * thread's earlier ones. The move is not remembered: the thread's next offer starts at its home
 * lane again (ForkJoinPool instead re-hashes the thread's probe; an inbox keeps no per-thread
 * state). Tasks of different threads have no order. The consumer takes from the
 * lanes in rotation: up to {@value #STREAK} tasks from one lane, then the next, and an empty lane
 * passes the turn at once; the rotation position belongs to the claim holder and passes with the
 * claim, so no lane starves whoever consumes.
 *
 * <h2>Shutdown flags (Dekker)</h2>
 * {@link #shut} and {@link #close} set their flag with a volatile read-modify-write and then
 * read every lane lock with volatile loads, waiting while it reads 1. A producer locks its lane
 * with a volatile CAS and then reads the flags with a volatile load. Volatile accesses are
 * totally ordered, so one of the two comes second: if the producer's flag read comes after the
 * closer's flag write, the producer sees the flag and refuses (or, shut, accepts only a
 * resubmission); otherwise the closer's read of that lane's lock comes after the producer's
 * CAS, and it reads 1 until it reads the 0 of an unlock that came after the producer's offer (only
 * a holder writes 0, and any later holder locked after our producer unlocked). The unlock is a
 * volatile store, so the offer happens-before the closer's return. Either way, once {@code shut}
 * or {@code close} returns, every task that was or will be accepted against the new flags is in a
 * queue where a drain that starts afterwards finds it. The wait is bounded by one flag read and
 * one queue offer per lane.
 *
 * <h2>Offer then wake (Dekker with a sleeping worker)</h2>
 * A submitter that offers and then reads an idle state with a volatile load ({@code
 * Pool.notifyParked}, {@code ReactorWake.wakeAfterPublish}) needs its queue stores ordered
 * before that load. The queue publishes an element with release stores (the element, then the
 * producer index); the unlock that ends {@link #offer} is a volatile store, after them in program
 * order, and a later volatile load cannot be ordered before a volatile store. So callers need no
 * extra fence after {@code offer}, as with the gate's volatile {@code getAndAdd} exit before.
 * (A release store would not do: a load may pass it. The planted bug {@code
 * BrokenLaneInboxStress} in the stress tests shows the lost wake-up.) The sleeping side does a
 * volatile read-modify-write on the idle state and then reads {@link #isEmpty}, whose volatile
 * loads of each lane's producer index see the element.
 *
 * <h2>Used lanes</h2>
 * An inbox remembers which lanes were ever offered a task, one bit per lane set by the first
 * offer to it (under the lane's lock, before the task goes in) and never cleared. {@link
 * #isEmpty} and the consumer's rotation look only at those lanes: a pool with one submitting
 * thread (an event loop, a single client) then reads one lane per inbox instead of {@value
 * #LANES}, and a worker's looks at every queue on its way out of idle and into its park (the
 * end of a search, the re-check before it sleeps) read two lines per inbox instead of sixteen.
 * Once every lane has been used the look costs one load more than before. The Dekker pair
 * above still holds: the bit is set by a volatile read-modify-write before the task's release
 * stores, so a sleeper whose volatile read of the bits comes after the submitter's read of
 * the idle state sees the bit, then the lane's producer index. A consumer that reads the bits
 * before a first offer to a lane lands misses that task as it would miss it by a stale
 * producer index: the submitter's wake comes after the bit and is acquired by the woken
 * worker before it looks.
 *
 * <h2>Bound on new tasks</h2>
 * An inbox built with lane quotas ({@link #Inbox(int[])}) refuses a new task from outside the
 * pool ({@link #offerNew}) when the lane it locked holds its quota: the offer then tries the
 * other lanes and answers {@link #FULL} once it has seen every lane full. A lane's occupancy is
 * its queue's producer index minus its consumer index; the producer reads the consumer index (a
 * volatile load, written by whoever holds the claim) only when its cached view says the lane is
 * full, so an offer with room touches no line the consumer writes. The cached view is a plain
 * field of the lane, handed between producers by the lane lock like the queue's producer
 * fields. A stale consumer index only makes the lane look fuller than it is, and only the
 * lock holder adds to the lane, so <b>a lane never holds more new tasks than its quota</b>:
 * the sum of the quotas is an exact bound on what waits in the inboxes, with no shared
 * counter. It is a bound on room, not on a sum read at one moment: an offer may answer
 * {@code FULL} while a consumer takes from a lane the offer already passed. Resubmissions and
 * tasks from inside the pool ({@link #offer}) are never refused for room; they take room while
 * they wait.
 * <p>Cost: an offer with room does what {@link #offer} does, with one compare in place of the
 * queue's own test for the end of its chunk: the lane's {@code limit} is the smaller of the
 * producer index at which the lane is full (by the cached consumer index) and the index of the
 * queue's next chunk link, so a plain load of the producer index (which the offer reuses), a load
 * of the limit (beside the lock word, on a line only the lane's producers write) and a compare
 * decide both. No line the consumer writes, no atomic beyond the lock's CAS and the unlock,
 * nothing out of line under the lock. Everything else is one out-of-line call after the unlock
 * ({@code offerNewPast}): the same lane locked again, its consumer index re-read if the lane
 * looked full, a new chunk linked if one is due, the limit moved on; then the other lanes. The
 * search past a locked home lane ({@code lockOtherLane}) is out of line too. An inbox built
 * without quotas has a fullness index of {@code Long.MAX_VALUE}, so its limit is only the chunk
 * link. Why one compare for both: the JIT compiles a branch its profile has never seen taken as a
 * deoptimization trap, and one taken now and then as real code. With the room tested on its own,
 * the unbounded inbox never took the room branch and the bounded one did (once per quota's worth
 * of offers), so a bound compiled a different loop around every offer (a call site under the
 * lock, an outcome merged after it; JDK 17, C2, {@code BoundOfferCost}). With one compare, both
 * inboxes take that branch at least once per chunk, and the JIT makes the same decisions for both
 * (the same inlining and call sites, JDK 17).
 *
 * <h2>Consumer claim</h2>
 * A lane queue allows one consumer at a time. {@link #tryClaim} / {@link #release} make
 * that consumer a role any thread can hold: the CAS in {@code tryClaim} acquires what the last
 * holder's release store in {@code release} published (the queues' plain consumer fields and
 * the rotation position).
 */
public final class Inbox {
    /**
     * Lanes per inbox; a power of two. Eight, not four: with four, eight threads submitting to a
     * two-worker pool put two threads on every home lane, and remote_spawn_contention with 8
     * submitters measured 17.8 M tasks/s against 22.9 M with eight (JDK 25, 3 forks, one session;
     * docs/benchmarks.md). Each lane starts with one chunk of {@link #CHUNK_SIZE} slots.
     */
    public static final int LANES = 8;
    /** Most tasks the consumer takes from one lane before it moves to the next. */
    static final int STREAK = 16;

    /** {@link #offerNew}: the task is in the inbox. */
    public static final int ACCEPTED = 0;
    /** {@link #offerNew}: every lane held its quota; the task is not in the inbox. */
    public static final int FULL = 1;
    /** {@link #offerNew}: the inbox is shut or closed; the task is not in the inbox. */
    public static final int REFUSED = 2;
    /** Within {@link #offerNew}: the first lane's fast path did not apply; go on out of line. */
    private static final int SLOW = -1;

    private static final int CLOSED = 1 << 31;
    private static final int NEW_SHUT = 1 << 30;
    /** {@code int}s per 64-byte cache line: the distance between two groups of the state. */
    private static final int LINE = 16;
    /** Slots of {@link #state}; a line of padding comes first and last. */
    private static final int CLAIM = LINE;
    private static final int CURSOR = CLAIM + 1;
    private static final int STREAK_LEFT = CLAIM + 2;
    /** Length of {@link #state}: padding, claim and rotation, padding; a line each. */
    private static final int SLOTS = 3 * LINE;

    /** Chunk size of each lane's unbounded queue. */
    static final int CHUNK_SIZE = 1024;

    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle FLAGS;
    private static final VarHandle USED;

    static {
        try {
            FLAGS = MethodHandles.lookup().findVarHandle(Inbox.class, "flags", int.class);
            USED = MethodHandles.lookup().findVarHandle(Inbox.class, "usedLanes", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Lane[] lanes;
    /**
     * CLOSED and NEW_SHUT. A field of this object, which every offer reads anyway (for {@link
     * #lanes}) and nothing writes but {@link #shut} and {@link #close}, so the flag read costs
     * no line of its own and no array bounds check.
     */
    @SuppressWarnings("unused") // through FLAGS
    private volatile int flags;
    /**
     * One bit per lane that was ever offered a task (see "Used lanes" in the class doc). Beside
     * {@link #flags}, on the line every offer reads anyway, and written once per lane for the
     * inbox's life.
     */
    @SuppressWarnings("unused") // through USED
    private volatile int usedLanes;
    /** Claim and rotation, on a line of their own (layout above). */
    private final int[] state = new int[SLOTS];

    /** An empty inbox without a bound, open to offers and unclaimed. */
    public Inbox() {
        this(null);
    }

    /**
     * An empty inbox whose lane {@code k} holds at most {@code quotas[k]} new tasks (see the
     * class doc), open to offers and unclaimed.
     *
     * @param quotas {@value #LANES} quotas, each {@code >= 0}; null for no bound
     */
    public Inbox(int[] quotas) {
        this(quotas, CHUNK_SIZE);
    }

    /**
     * {@link #Inbox(int[])} with lane queues of {@code chunkSize}-slot chunks: for tests, whose
     * few tasks then cross chunk links.
     *
     * @param quotas as in {@link #Inbox(int[])}
     * @param chunkSize slots per chunk, a power of two {@code >= 2}
     */
    Inbox(int[] quotas, int chunkSize) {
        if (quotas != null && quotas.length != LANES) {
            throw new IllegalArgumentException("quotas must have " + LANES + " entries: " + quotas.length);
        }
        lanes = new Lane[LANES];
        for (int k = 0; k < LANES; k++) {
            lanes[k] = new Lane(k, new LaneQueue(chunkSize),
                    quotas == null ? Long.MAX_VALUE : quotas[k]);
        }
        state[STREAK_LEFT] = STREAK;
    }

    /**
     * The quotas of lane group {@code group} of {@code groups} when {@code bound} new tasks are
     * shared over all their lanes: each lane gets the floor of the share, and the remainder goes
     * one each to the first lanes counted across groups (lane {@code k} of group {@code g} is
     * lane number {@code k * groups + g}), so that a small bound spreads over every group.
     *
     * @param bound the total, {@code >= 0}
     * @param group this inbox's number, {@code 0 <= group < groups}
     * @param groups how many inboxes share the bound
     * @return {@value #LANES} quotas that sum, over all groups, to {@code bound}
     */
    public static int[] quotas(int bound, int group, int groups) {
        final int lanes = LANES * groups;
        final int[] q = new int[LANES];
        for (int k = 0; k < LANES; k++) {
            final int number = k * groups + group;
            q[k] = bound / lanes + (number < bound % lanes ? 1 : 0);
        }
        return q;
    }

    /**
     * Offers a task unless the inbox is closed to it. Any thread. Ends with a volatile store: a
     * volatile load after it in the caller sees nothing older than the offered task.
     *
     * @param task the task, not null
     * @param resubmission whether the task was already accepted by the pool (a re-scheduled async
     *     task); resubmissions pass an inbox that is shut to new tasks, but not a closed one
     * @return whether the task is now in the inbox
     */
    public boolean offer(Runnable task, boolean resubmission) {
        return offer(task, resubmission, home(Thread.currentThread()));
    }

    /**
     * {@link #offer(Runnable, boolean)} starting at the lane of {@code home}, a value of the
     * submitting thread's own ({@link #home}) that the caller already has.
     *
     * @param task the task, not null
     * @param resubmission as in {@link #offer(Runnable, boolean)}
     * @param home the submitter's home value; its low bits pick the first lane
     * @return whether the task is now in the inbox
     */
    public boolean offer(Runnable task, boolean resubmission, int home) {
        Objects.requireNonNull(task, "task");
        final LaneLock lane = lockLane(home & (LANES - 1));
        final boolean refused;
        try {
            // volatile read after the volatile CAS that locked the lane: Dekker with shut()/close()
            final int flags = lvFlags();
            refused = (flags & CLOSED) != 0 || (!resubmission && (flags & NEW_SHUT) != 0);
            if (!refused) {
                markUsed(lane);
                lane.queue.offer(task);
            }
        } finally {
            // volatile store: releases the lane's producer fields to the next holder's CAS in
            // lockLane() and to awaitProducers(); volatile, not release, so the caller's next
            // volatile load (the idle state) cannot come before the queue's stores (class doc);
            // in finally and with no call, so neither an OutOfMemoryError growing the queue nor
            // a StackOverflowError leaves the lane locked
            lane.lock = 0;
        }
        return !refused;
    }

    /**
     * Offers a new task from outside the pool, within the lane quotas: the home lane first,
     * then every other lane, until one has room. Any thread. Ends with a volatile store (as
     * {@link #offer}).
     *
     * @param task the task, not null
     * @return {@link #ACCEPTED}, {@link #FULL} (every lane held its quota when the offer locked
     *     it) or {@link #REFUSED} (shut or closed)
     */
    public int offerNew(Runnable task) {
        return offerNew(task, home(Thread.currentThread()));
    }

    /**
     * {@link #offerNew(Runnable)} starting at the lane of {@code home}, a value of the
     * submitting thread's own ({@link #home}) that the caller already has. The common case,
     * a first locked lane below its limit (room, and no chunk to link), is all this method
     * does; anything else goes on in {@link #offerNewPast}, out of line and after the unlock,
     * so that the compiled offer holds one call and is the same with and without a bound (class
     * doc). The work-stealing mode offers every new task through this method.
     *
     * @param task the task, not null
     * @param home the submitter's home value; its low bits pick the first lane
     * @return as {@link #offerNew(Runnable)}
     */
    public int offerNew(Runnable task, int home) {
        Objects.requireNonNull(task, "task");
        final LaneLock lane = lockLane(home & (LANES - 1));
        final int outcome;
        try {
            // volatile read after the volatile CAS: Dekker with shut()/close()
            if ((lvFlags() & NEW_SHUT) != 0) {
                outcome = REFUSED;
            } else {
                // plain, as the lane's limit: this thread holds the lock
                final long p = lane.queue.lpProducerIndex();
                if (p < lane.limit) {
                    // room by the cached consumer index, and a slot left in the current chunk
                    markUsed(lane);
                    lane.queue.offerInChunk(p, task);
                    outcome = ACCEPTED;
                } else {
                    // nothing out of line under the lock: the rest is offerNewPast's, after
                    // the unlock
                    outcome = SLOW;
                }
            }
        } finally {
            // volatile store, as in offer(): no call, so no fault leaves the lane locked
            lane.lock = 0;
        }
        return outcome != SLOW ? outcome : offerNewPast(task, lane.index);
    }

    /**
     * {@link #offerNew} after lane {@code first} was at its limit (full by the cached consumer
     * index, or due a new chunk): that lane again ({@link LaneLock#offerSlow}), then every other
     * lane in turn until one has room; a lane found locked is passed and comes round again. The
     * one slow path of {@code offerNew}, so that its compiled fast path holds a single call,
     * after the unlock.
     */
    private int offerNewPast(Runnable task, int first) {
        // lanes seen full, one bit each
        int seen = 0;
        int lane = first;
        int tried = 0;
        while (seen != (1 << LANES) - 1) {
            final Lane l = lanes[lane];
            if ((seen & (1 << lane)) == 0 && l.casLock()) {
                final int outcome;
                try {
                    if ((lvFlags() & NEW_SHUT) != 0) {
                        outcome = REFUSED;
                    } else {
                        markUsed(l);
                        outcome = l.offerSlow(task) ? ACCEPTED : FULL;
                    }
                } finally {
                    l.lock = 0;
                }
                if (outcome != FULL) {
                    return outcome;
                }
                seen |= 1 << lane;
            }
            lane = (lane + 1) & (LANES - 1);
            if (++tried == LANES) {
                // the lanes not yet seen full were all locked: wait a moment, go round again
                tried = 0;
                Thread.onSpinWait();
            }
        }
        return FULL;
    }

    /**
     * Refuses new tasks from now on (resubmissions still enter); returns when no offer is in
     * flight.
     */
    public void shut() {
        orFlags(NEW_SHUT);
        awaitProducers();
    }

    /** Refuses every task from now on; returns when no offer is in flight. */
    public void close() {
        orFlags(CLOSED | NEW_SHUT);
        awaitProducers();
    }

    /**
     * Tries to become the consumer. Any thread; pair every success with {@link #release}.
     *
     * @return whether the caller now holds the claim; {@code false} if another thread holds it
     */
    public boolean tryClaim() {
        // plain first read: a stale value only makes the CAS fail or be tried in vain
        return lpState(CLAIM) == 0 && casState(CLAIM, 0, 1);
    }

    /** Gives up the consumer role. */
    public void release() {
        // release: publishes the consumer's progress (queues, rotation); pairs with the CAS in
        // tryClaim()
        soState(CLAIM, 0);
    }

    /**
     * Moves up to {@code limit} tasks to {@code sink}, FIFO per lane. The caller holds the claim.
     *
     * @param sink receives each task taken, on the calling thread
     * @param limit the most tasks to move
     * @return how many tasks were moved
     */
    public int drain(Consumer<Runnable> sink, int limit) {
        int n = 0;
        Runnable task;
        while (n < limit && (task = relaxedPoll()) != null) {
            sink.accept(task);
            n++;
        }
        return n;
    }

    /**
     * Takes one task, or {@code null} if every lane is empty: from the lane where the last take
     * stopped, moving on after {@value #STREAK} tasks or at an empty lane. The caller holds the
     * claim.
     *
     * @return the oldest task of the current lane, or {@code null}
     */
    public Runnable relaxedPoll() {
        // plain: the rotation belongs to the claim holder (handed over by the claim)
        int lane = state[CURSOR];
        int left = state[STREAK_LEFT];
        final int used = lvUsedLanes();
        for (int tried = 0; tried < LANES; tried++) {
            // a lane never offered a task is not looked at (class doc, used lanes)
            final Runnable task = (used & (1 << lane)) != 0
                    ? (Runnable) lanes[lane].queue.relaxedPoll() : null;
            if (task != null) {
                if (--left == 0) {
                    lane = (lane + 1) & (LANES - 1);
                    left = STREAK;
                }
                state[CURSOR] = lane;
                state[STREAK_LEFT] = left;
                return task;
            }
            lane = (lane + 1) & (LANES - 1);
            left = STREAK;
        }
        return null;
    }

    /**
     * {@return whether every lane looked empty} Any thread. Reads only the lanes ever offered a
     * task (class doc, used lanes).
     */
    public boolean isEmpty() {
        // volatile: after a sleeper's read-modify-write of the idle state (class doc)
        for (int used = lvUsedLanes(); used != 0; used &= used - 1) {
            if (!lanes[Integer.numberOfTrailingZeros(used)].queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** {@return an estimate of the number of queued tasks} Any thread. */
    public int size() {
        int n = 0;
        for (Lane lane : lanes) {
            n += lane.queue.size();
        }
        return n;
    }

    /** {@return lane {@code lane}'s lock and queue} For tests, which lock a lane by hand. */
    LaneLock lane(int lane) {
        return lanes[lane];
    }

    /** {@return an estimate of the number of tasks in lane {@code lane}} For tests. */
    int laneSize(int lane) {
        return lanes[lane].queue.size();
    }

    /**
     * Locks a lane, {@code home} first, then the next ones in turn; returns the lane locked (the
     * object, so that the offer does not look it up again after the CAS). The common case, a
     * free home lane, is one CAS; the search is out of line, so that an inlined offer stays
     * small.
     */
    private LaneLock lockLane(int home) {
        final LaneLock lane = lanes[home];
        return lane.casLock() ? lane : lockOtherLane(home);
    }

    /** {@link #lockLane} after the home lane was found locked: the next ones, round and round. */
    private LaneLock lockOtherLane(int home) {
        int lane = home;
        int tried = 1;
        while (true) {
            lane = (lane + 1) & (LANES - 1);
            final LaneLock l = lanes[lane];
            if (l.casLock()) {
                return l;
            }
            if (++tried == LANES) {
                // every lane is held by a producer inside its offer: wait a moment, go round again
                tried = 0;
                Thread.onSpinWait();
            }
        }
    }

    /** Waits until every lane lock has read 0 once after the flags changed (class doc). */
    private void awaitProducers() {
        for (Lane lane : lanes) {
            // volatile loads of the lock (class doc, shutdown flags)
            while (lane.lock != 0) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * The home value of {@code thread}, the same for every offer of one thread: its id, whose low
     * bits pick its home lane. Thread ids are handed out in sequence, so threads started
     * together spread over the lanes evenly; a final field read, cheaper than the identity hash.
     * A submitter that also needs the value for something else (the work-stealing mode's choice
     * of inbox) reads it once and passes it to {@link #offerNew(Runnable, int)}. ({@code getId}
     * is deprecated since JDK 19 for {@code threadId}, which Java 17 does not have.)
     *
     * @param thread the submitting thread
     * @return its home value
     */
    @SuppressWarnings("deprecation")
    public static int home(Thread thread) {
        return (int) thread.getId();
    }

    private int lvFlags() {
        return (int) FLAGS.getVolatile(this);
    }

    private int lvUsedLanes() {
        return (int) USED.getVolatile(this);
    }

    /**
     * Marks {@code lane} used before its first task goes in (class doc, used lanes). Under the
     * lane's lock; after the first offer, one plain load and a branch, of a line the offer has
     * just read for the flags. A stale 0 only repeats the read-modify-write, which is idempotent.
     */
    private void markUsed(LaneLock lane) {
        final int bit = 1 << lane.index;
        if (((int) USED.get(this) & bit) == 0) {
            USED.getAndBitwiseOr(this, bit);
        }
    }

    private int lpState(int index) {
        return (int) STATE.get(state, index);
    }

    private int lvState(int index) {
        return (int) STATE.getVolatile(state, index);
    }

    private void soState(int index, int value) {
        STATE.setRelease(state, index, value);
    }

    private boolean casState(int index, int expected, int value) {
        return STATE.compareAndSet(state, index, expected, value);
    }

    private void orFlags(int bits) {
        FLAGS.getAndBitwiseOr(this, bits);
    }
}
