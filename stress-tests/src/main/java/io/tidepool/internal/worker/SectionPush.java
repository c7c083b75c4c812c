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

import io.tidepool.internal.handoff.HandOffs;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.timer.TimerConfig;

/**
 * The state of {@link SectionPushStress}: a real but unstarted two-worker {@link Pool} whose
 * worker 0 is in a deferred blocking section with task X in its deque, and the real
 * {@code WorkStealingMode.pushLocal}. The section's thread pushes task T (a task it will then
 * wait for) while worker 1 steals X, runs it, looks once more and goes to sleep, its steps
 * written out as {@link WorkerLoop} takes them (an unpark is modelled by the sleep state alone:
 * a worker is awake once it is no longer {@link IdleSet#PARKED}).
 *
 * <p>T must end with a worker other than the section's thread that will run it: in the thief's
 * hands, or queued with the thief awake. The section's thread does not count: it is blocked.
 * The push may read {@code top} before the steal and so see the deque non-empty; the rule for
 * a push in a section must wake the sleeper anyway.
 */
class SectionPush {
    static final int SECTION = 0;
    static final int THIEF = 1;
    /** T was stolen and run by the thief. */
    static final int RUN_BY_THIEF = 0;
    /** T is still queued and the thief is awake (or woken) to run it. */
    static final int QUEUED_WITH_THIEF_AWAKE = 1;
    /** T is still queued and the thief sleeps: nobody will run it while the section waits. */
    static final int STRANDED = 2;

    private static final Runnable X = () -> { };
    private static final Runnable T = () -> { };

    final Pool pool = new Pool(new PoolConfig(2, "section-push-stress", 0, true, null, null, null,
            null, i -> new ThreadPark(), 1, 1_000_000_000L, 1, 0, 1_000_000L),
            MetricsConfig.DEFAULT, TimerConfig.DEFAULT, null, HandOffs::new);
    final WorkStealingMode mode = (WorkStealingMode) pool.mode();
    final WorkerCore section = pool.cores()[SECTION];
    private boolean thiefRanT;

    /**
     * @param inSection whether the section's core is marked as in a section (false: the push
     *     follows the rule outside sections, which this race breaks)
     */
    SectionPush(boolean inSection) {
        section.deque.push(X);
        section.spInSection(inSection);
    }

    /** The section's thread: a spawn from inside the section. */
    boolean push() {
        final boolean wasEmpty = section.deque.isEmpty();
        mode.pushLocal(section, T);
        return wasEmpty;
    }

    /** The thief: steals X, runs it, looks again, then goes to sleep (WorkerLoop.park). */
    void stealThenSleep() {
        if (section.deque.steal() != X) {
            throw new IllegalStateException("the thief must steal X first");
        }
        if (section.deque.steal() == T) {
            thiefRanT = true;
            return;
        }
        pool.idle().transitionToParked(THIEF, false);
        if (pool.anyQueueLooksNonEmpty()) {
            pool.notifyParked();
        }
    }

    /** {@return where T ended} Called once both sides are done. */
    int fateOfT() {
        if (thiefRanT) {
            return RUN_BY_THIEF;
        }
        if (section.deque.isEmpty()) {
            throw new IllegalStateException("T left the deque without being run");
        }
        return pool.idle().sleepState(THIEF) != IdleSet.PARKED ? QUEUED_WITH_THIEF_AWAKE : STRANDED;
    }
}
