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

package io.tidepool.fault;

import static io.tidepool.fault.FaultSupport.WAIT_SECONDS;
import static io.tidepool.fault.FaultSupport.await;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cancel of an async task that overflows the caller's stack (a deeply recursive caller
 * cancelling near its limit) must leave the handle consistent: either the cancel took effect
 * and the handle is done, or nothing changed and a later cancel still works. Found by the fault
 * soak: a cancel that won the state change and then overflowed while completing the handle left
 * a task "CANCELLED" whose handle never completed.
 *
 * <p>The dive recurses until the stack overflows, then cancels one handle per frame on the way
 * back, so successive cancels start with one frame more of stack and the overflow lands in every
 * step of the cancel path in turn.
 */
class CancelAtStackLimitTest {
    private static final int HANDLES = 4_000;

    @Test
    void shouldLeaveEveryHandleCancelledOrStillCancellable() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        try {
            final List<TaskHandle<Object>> handles = new ArrayList<>(HANDLES);
            final CountDownLatch polled = new CountDownLatch(HANDLES);
            for (int i = 0; i < HANDLES; i++) {
                // polled once, then idle: pending with no wake registered
                handles.add(pool.spawn(cx -> {
                    polled.countDown();
                    return Poll.pending();
                }));
            }
            await(polled, "every task's first poll");
            final Dive dive = new Dive(handles);
            final Thread caller = new Thread(null, dive::dive, "dive", 1 << 18);
            caller.start();
            caller.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertTrue(dive.overflows > 0, "no cancel overflowed; the test shows nothing");
            int stuck = 0;
            for (TaskHandle<Object> h : handles) {
                // a handle whose cancel overflowed before anything changed is cancelled now
                h.cancel(false);
                if (!h.isDone()) {
                    stuck++;
                }
            }
            assertEquals(0, stuck, "handles left cancelled but never completed, of " + HANDLES
                    + " (" + dive.overflows + " cancels overflowed)");
        } finally {
            shutdownAndAwait(pool);
        }
    }

    /** Recurses to the stack limit, then cancels the next handle once per frame while unwinding. */
    private static final class Dive {
        private final List<TaskHandle<Object>> handles;
        private int next;
        int overflows;

        Dive(List<TaskHandle<Object>> handles) {
            this.handles = handles;
        }

        void dive() {
            try {
                dive();
            } catch (StackOverflowError expected) {
                // the bottom of the dive; unwind and cancel
            }
            if (next < handles.size()) {
                final TaskHandle<Object> h = handles.get(next);
                try {
                    next++;
                    h.cancel(false);
                } catch (StackOverflowError expected) {
                    overflows++;
                }
            }
        }
    }
}
