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

package io.tidepool.internal.park;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.internal.queue.WorkStealingDeque;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The race {@link WakeWatch} exists for: a spawner that leaves its wake to a watcher against
 * the last watcher stopping. The spawner pushes onto its empty deque, fences, and reads the
 * watch count (1: it defers its wake, 0: it wakes as before); the watcher decrements the count
 * and then looks at the deque (1: it saw the task). A deferred wake that the leaving watcher
 * did not see would strand the task behind a spawner that keeps running.
 */
public final class WakeWatchStress {
    private static final Runnable TASK = () -> { };

    private WakeWatchStress() {}

    /** The spawner's side, as {@code WorkStealingMode.pushLocal}: 1 if it defers its wake. */
    static int pushAndAsk(WorkStealingDeque<Runnable> deque, WakeWatch watch) {
        deque.push(TASK);
        VarHandle.fullFence();
        return watch.watched() ? 1 : 0;
    }

    /** The leaving watcher's side, as {@code Watcher.stopAfterWake}: 1 if it sees the task. */
    static int leaveAndLook(WorkStealingDeque<Runnable> deque, WakeWatch watch) {
        watch.leave();
        return deque.isEmpty() ? 0 : 1;
    }

    /** One watcher, leaving while the owner of a deque pushes its first task. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "deferred; the leaving watcher sees the task")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "no watcher left: the spawner wakes; the watcher sees the task too")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "no watcher left: the spawner wakes a worker itself")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "stranded: the spawner deferred to a watcher that missed the task")
    @State
    public static class DeferVsLeave {
        private final WorkStealingDeque<Runnable> deque = new WorkStealingDeque<>();
        private final WakeWatch watch = new WakeWatch();

        /** A watcher is counted before the actors start. */
        public DeferVsLeave() {
            watch.enter();
        }

        /** The deque's owner, spawning. */
        @Actor
        public void spawner(II_Result r) {
            r.r1 = pushAndAsk(deque, watch);
        }

        /** The watcher, stopping. */
        @Actor
        public void watcher(II_Result r) {
            r.r2 = leaveAndLook(deque, watch);
        }
    }
}
