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
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Planted bug: {@link WakeWatchStress.DeferVsLeave} with a spawner that reads the watch count
 * without the fence after its push (the push is a release store, which a later load may pass).
 * Expected to FAIL with the FORBIDDEN outcome; the default run leaves out names with "Broken".
 */
public final class BrokenWakeWatchStress {
    private static final Runnable TASK = () -> { };

    private BrokenWakeWatchStress() {}

    /** {@link WakeWatchStress.DeferVsLeave} without the spawner's fence. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "deferred; the leaving watcher sees the task")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "no watcher left: the spawner wakes; the watcher sees the task too")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "no watcher left: the spawner wakes a worker itself")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "stranded (the planted bug): the load passed the push")
    @State
    public static class NoFenceDeferVsLeave {
        private final WorkStealingDeque<Runnable> deque = new WorkStealingDeque<>();
        private final WakeWatch watch = new WakeWatch();

        /** A watcher is counted before the actors start. */
        public NoFenceDeferVsLeave() {
            watch.enter();
        }

        /** The deque's owner, spawning without the fence. */
        @Actor
        public void spawner(II_Result r) {
            deque.push(TASK);
            r.r1 = watch.watched() ? 1 : 0;
        }

        /** The watcher, stopping as the real one does. */
        @Actor
        public void watcher(II_Result r) {
            r.r2 = WakeWatchStress.leaveAndLook(deque, watch);
        }
    }
}
