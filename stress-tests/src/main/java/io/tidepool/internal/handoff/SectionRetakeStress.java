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

import io.tidepool.internal.queue.WorkStealingDeque;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress race of a deferred blocking section's end against the monitor's hand-off of that
 * section ({@link Retake#takeSection}, {@link Sections#begin}, {@link Sections#end},
 * the real code) on a real but unstarted one-worker {@link Pool} with one permit.
 *
 * <p>The section's thread is a {@link WorkerThread} object that never starts; an actor plays it:
 * inside the section it spawns task 3 (onto its core's deque if it still sees its core, else to
 * the inbox), ends the section, and ends its task as {@code TaskRunner.run} and the loop do (with
 * the core gone, {@link Retake#afterRetake}). The other actor is the monitor, then the new holder
 * of the worker (steals one task from the orphans and pops it). Tasks 1 and 2 were queued on the
 * old deque before the race.
 *
 * <p>Result: {@code r1} is 0 if the core was not taken, 1 if it was and the permit went back at
 * the task's end (the section had ended before the monitor marked it), 2 if it was and the
 * permit went back at the section's end. {@code r2} is the number of times tasks 1, 2 and 3 were
 * taken (three digits), then a digit that is 1 when the books balance afterwards: the one permit
 * back exactly once, no orphan, no handed-off task counted, the section word out of its section
 * with no retake mark, the permit flag cleared, and the slot right. Every other outcome is
 * FORBIDDEN: a lost or doubly-run task, a permit lost or returned twice.
 */
public final class SectionRetakeStress {
    private SectionRetakeStress() {
    }

    /**
     * The section's end against its hand-off.
     */
    @JCStressTest
    @Outcome(id = "0, 1111", expect = ACCEPTABLE, desc = "the section and its task ended before the take: not taken; each task once; books balance")
    @Outcome(id = "1, 1111", expect = ACCEPTABLE, desc = "taken after the section ended: permit back at the task's end; each task once; books balance")
    @Outcome(id = "2, 1111", expect = ACCEPTABLE, desc = "taken during the section: permit back at the section's end; each task once; books balance")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice, or a permit lost or returned twice, or an orphan or count left over")
    @State
    public static class SectionEndVsHandOff extends RetakeStress.Stage {
        private final long word;
        private Runnable holderTook;
        private boolean permitAtSectionEnd;

        /** The thread holds the core, runs a task, and is inside a deferred section. */
        public SectionEndVsHandOff() {
            if (!HandOffs.of(pool).sections().begin(stuck)) {
                throw new IllegalStateException("the section did not begin");
            }
            word = HandOffState.of(stuck).loSection();
        }

        /** The section's thread: spawns task 3, ends the section, then its task. */
        @Actor
        public void sectionThread() {
            final WorkerCore c = stuck.lvCore();
            if (c != null) {
                c.deque.push(new RetakeStress.Task(3));
            } else {
                pool.resubmit(new RetakeStress.Task(3));
            }
            HandOffs.of(pool).sections().end(stuck);
            permitAtSectionEnd = HandOffState.of(stuck).sectionPermitReturned;
            endStuckTask();
        }

        /** The monitor's hand-off, then the new holder of the worker. */
        @Actor
        public void monitor() {
            if (HandOffs.of(pool).permits().tryAcquire()) {
                fresh = Retake.takeSection(pool, stuck, old, word);
            }
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

        /** Drains every queue and checks conservation and the books. */
        @Arbiter
        public void arbiter(II_Result r) {
            taken.add(holderTook);
            settle(r, 3);
            final boolean wordOut = (HandOffState.of(stuck).loSection() & (HandOffState.SECTION_IN
                    | HandOffState.SECTION_RETAKEN)) == 0;
            if (!wordOut || HandOffState.of(stuck).sectionPermitReturned
                    || (permitAtSectionEnd && fresh == null)) {
                r.r2 = r.r2 / 10 * 10;
            }
            r.r1 = fresh == null ? 0 : permitAtSectionEnd ? 2 : 1;
        }
    }
}
