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

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.queue.WorkStealingDeque;
import io.tidepool.internal.timer.TimerConfig;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolConfig;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress races of the stuck-worker retake ({@link Retake}, the real code) on a real but
 * unstarted one-worker {@link Pool}: the detector takes the worker from a thread that is still
 * inside its task and pushing onto its own deque, and a thief steals from the orphaned deque and
 * from whatever core it finds in the pool's slot.
 *
 * <p>The stuck thread is a {@link WorkerThread} object that never starts; an actor plays it,
 * doing exactly what its task and {@code TaskRunner.run} do around the race: a spawn reads the
 * thread's core field (volatile) and pushes onto that core's deque, or, with no core, resubmits
 * to the inbox; the task's end stores "no task" (opaque) and reads the core field; with the core
 * gone and no own hand-off, the thread runs {@link Retake#afterRetake}. If the end read still
 * saw the core (the take landed just after it), the real thread sees the change at its next
 * loop turn; the arbiter plays that turn.
 *
 * <p>Two actors per race (the machine has two CPUs; jcstress runs no more actors than CPUs).
 * Result: {@code r1} is 1 if the core was taken, else 0. {@code r2} is the number of times
 * tasks 1, 2 and 3 were taken (three digits; 1 and 2 were queued on the old deque before the
 * race), followed by a digit that is 1 when the pool's books balance afterwards: no orphan
 * left, no handed-off task counted, every permit back, the inbox claimable, and the pool's slot
 * holds the successor exactly when the core was taken. Every outcome not listed is FORBIDDEN.
 */
public final class RetakeStress {
    private RetakeStress() {
    }

    /** A task with an id, so the arbiter can count who took what. */
    static final class Task implements Runnable {
        final int id;

        Task(int id) {
            this.id = id;
        }

        @Override
        public void run() {
        }

        @Override
        public String toString() {
            return "Task" + id;
        }
    }

    static int id(Runnable r) {
        return r == null ? 0 : ((Task) r).id;
    }

    /** A one-worker pool whose threads never start: a stage for the retake's data. */
    static Pool newPool() {
        final PoolConfig config = new PoolConfig(1, "retake-stress", 0, true, null, null, null,
                null, i -> new ThreadPark(), 1, 1_000_000_000L, 1, 0, 1_000_000L);
        return new Pool(config, MetricsConfig.DEFAULT, TimerConfig.DEFAULT, null, HandOffs::new);
    }

    /** What every race shares: the pool, the stuck thread and its old core, and the books. */
    abstract static class Stage {
        final Pool pool = newPool();
        final WorkerCore old = pool.cores()[0];
        final WorkerThread stuck = new WorkerThread(pool, "retake-stress-worker-0", 0);
        final long seq;
        final List<Runnable> taken = new ArrayList<>();
        WorkerCore fresh;
        boolean cleanedUp;

        /** The stuck thread holds the core, runs a task, and had queued tasks 1 and 2. */
        Stage() {
            HandOffs.of(pool).backups().register(stuck);
            stuck.svCore(old);
            old.deque.push(new Task(1));
            old.deque.push(new Task(2));
            stuck.poNextTaskSeq();
            stuck.poCurrentTask(new Task(99));
            seq = stuck.loTaskSeq();
        }

        /** The detector's take, with a permit; sets {@link #fresh} if the core was taken. */
        void retake() {
            if (HandOffs.of(pool).permits().tryAcquire()) {
                fresh = Retake.take(pool, stuck, old, seq);
            }
        }

        /** The stuck task's end as TaskRunner.run and the loop see it; cleanup if the core is gone. */
        void endStuckTask() {
            stuck.poCurrentTask(null);
            if (stuck.lvCore() != old) {
                Retake.afterRetake(pool, stuck, old);
                cleanedUp = true;
            }
        }

        /**
         * The rest of the story: the stuck thread's next loop turn (if its end-of-task read
         * still saw the core), then a drain of every queue; returns the result.
         */
        void settle(II_Result r, int lastTask) {
            if (stuck.lvCore() != old && !cleanedUp) {
                Retake.afterRetake(pool, stuck, old);
            }
            Runnable t;
            while ((t = old.deque.steal()) != null) {
                taken.add(t);
            }
            if (fresh != null) {
                while ((t = fresh.deque.steal()) != null) {
                    taken.add(t);
                }
            }
            boolean claimed = old.inbox.tryClaim();
            if (claimed) {
                try {
                    old.inbox.drain(taken::add, Integer.MAX_VALUE);
                } finally {
                    old.inbox.release();
                }
            }
            final int[] counts = new int[lastTask + 1];
            int stray = 0;
            for (Runnable x : taken) {
                final int id = id(x);
                if (id >= 1 && id <= lastTask) {
                    counts[id]++;
                } else if (id != 0) {
                    stray++;
                }
            }
            final boolean slotRight = fresh != null ? pool.cores()[0] == fresh
                    : pool.cores()[0] == old;
            final boolean books = claimed && stray == 0 && pool.orphans().length == 0
                    && HandOffs.of(pool).lvHandedOffTasks() == 0
                    && HandOffs.of(pool).permits().active() == 0 && slotRight
                    && (fresh == null) == (stuck.lvCore() == old);
            int code = 0;
            for (int i = 1; i <= lastTask; i++) {
                code = code * 10 + counts[i];
            }
            r.r1 = fresh != null ? 1 : 0;
            r.r2 = code * 10 + (books ? 1 : 0);
        }
    }

    /**
     * The retake against the stuck thread, which spawns task 3 (onto its old deque if it still
     * sees its core, else to the inbox) and then ends its task. The detector, once it took the
     * core, plays the new holder: steals one task from the orphans into its own deque and pops
     * it.
     */
    @JCStressTest
    @Outcome(id = "1, 1111", expect = ACCEPTABLE, desc = "core retaken; tasks 1-3 each taken exactly once; books balance")
    @Outcome(id = "0, 1111", expect = ACCEPTABLE, desc = "the task ended before the take: nothing taken; each task once; books balance")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice, or an orphan, count or permit left over, or the slot wrong")
    @State
    public static class RetakeVsStuckThread extends Stage {
        private Runnable holderTook;

        /** The stuck thread: spawns task 3, then its task ends. */
        @Actor
        public void stuckThread() {
            final WorkerCore c = stuck.lvCore();
            if (c != null) {
                c.deque.push(new Task(3));
            } else {
                pool.resubmit(new Task(3));
            }
            endStuckTask();
        }

        /** The detector, then the new holder of the worker. */
        @Actor
        public void detector() {
            retake();
            final WorkerCore f = fresh;
            if (f == null) {
                return;
            }
            for (WorkStealingDeque<Runnable> orphan : pool.orphans()) {
                final Runnable t = orphan.steal();
                if (t != null) {
                    f.deque.push(t);
                    break;
                }
            }
            holderTook = f.deque.pop();
        }

        /** Drains and checks conservation and the books. */
        @Arbiter
        public void arbiter(II_Result r) {
            taken.add(holderTook);
            settle(r, 3);
        }
    }

    /**
     * The retake and the new holder's own work against a thief. The detector takes the core
     * (the stuck thread is still in its task) and, as the new holder, pushes task 3 onto its new
     * deque and pops; the thief steals from the orphans and then from whatever core the pool's
     * slot shows (the old one or the new one). The stuck task ends in the arbiter.
     */
    @JCStressTest
    @Outcome(id = "1, 1111", expect = ACCEPTABLE, desc = "core retaken; tasks 1-3 each taken exactly once; books balance")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice, the take failed, or an orphan, count or permit left over")
    @State
    public static class RetakeVsThief extends Stage {
        private Runnable holderTook;
        private final Runnable[] thiefTook = new Runnable[2];

        /** The detector, then the new holder: pushes task 3 and pops. */
        @Actor
        public void detector() {
            retake();
            final WorkerCore f = fresh;
            if (f == null) {
                return;
            }
            f.deque.push(new Task(3));
            holderTook = f.deque.pop();
        }

        /** Another worker: steals from the orphans, then from the core in the slot. */
        @Actor
        public void thief() {
            for (WorkStealingDeque<Runnable> orphan : pool.orphans()) {
                thiefTook[0] = orphan.steal();
                if (thiefTook[0] != null) {
                    break;
                }
            }
            thiefTook[1] = pool.cores()[0].deque.steal();
        }

        /** The stuck task ends, then everything is drained and checked. */
        @Arbiter
        public void arbiter(II_Result r) {
            if (fresh == null) {
                // a failed take would be a bug here (the thread is still in its task)
                r.r1 = 0;
                r.r2 = 0;
                return;
            }
            endStuckTask();
            taken.add(holderTook);
            taken.add(thiefTook[0]);
            taken.add(thiefTook[1]);
            settle(r, 3);
        }
    }
}
