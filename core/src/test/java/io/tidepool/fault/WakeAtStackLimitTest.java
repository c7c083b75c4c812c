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
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Waker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * A wake of an idle async task that overflows the waker's stack (a deeply recursive waker
 * waking near its limit) must not strand the task: either the wake queued it, or the next wake,
 * at a normal depth, does. Found by the fault soak: a pool that never terminated, with async
 * tasks alive and nothing queued.
 *
 * <p>The dive recurses until the stack overflows, then wakes one task per frame on the way
 * back, so successive wakes start with one frame more of stack and the overflow lands in every
 * step of the wake path in turn.
 */
class WakeAtStackLimitTest {
    private static final int TASKS = 4_000;

    /** Dives at most this often: a dive whose wakes all fit shows nothing, and is repeated. */
    private static final int ATTEMPTS = 5;

    @Test
    void shouldPollEveryTaskAgainAfterItsWakeOverflowed() throws Exception {
        int overflows = 0;
        for (int attempt = 0; attempt < ATTEMPTS && overflows == 0; attempt++) {
            overflows += diveAndWakeAgain();
        }
        // a dive in which every wake fit happened once in a full build (why is not known);
        // it is repeated rather than counted as a pass
        assertTrue(overflows > 0, "no wake overflowed in " + ATTEMPTS + " dives; the test shows nothing");
    }

    /** One dive over fresh tasks, then a wake of each at a normal depth; returns the overflows. */
    private static int diveAndWakeAgain() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        try {
            final AtomicReferenceArray<Waker> wakers = new AtomicReferenceArray<>(TASKS);
            final CountDownLatch firstPolls = new CountDownLatch(TASKS);
            final CountDownLatch secondPolls = new CountDownLatch(TASKS);
            final List<TaskHandle<Object>> handles = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                final int index = i;
                handles.add(pool.spawn(cx -> {
                    if (wakers.getAndSet(index, cx.waker()) == null) {
                        // first poll: pending, its waker kept for the dive
                        firstPolls.countDown();
                        return Poll.pending();
                    }
                    secondPolls.countDown();
                    return Poll.ready(null);
                }));
            }
            assertTrue(firstPolls.await(WAIT_SECONDS, TimeUnit.SECONDS), "every task's first poll");
            final Dive dive = new Dive(wakers);
            final Thread waker = new Thread(null, dive::dive, "dive", 1 << 18);
            waker.start();
            waker.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(waker.isAlive(), "the dive hung");
            for (int i = 0; i < TASKS; i++) {
                // a wake that overflowed before it queued the task: this one must queue it
                wakers.get(i).wake();
            }
            if (!secondPolls.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                final StringBuilder stuck = new StringBuilder();
                int n = 0;
                for (TaskHandle<Object> h : handles) {
                    if (!h.isDone()) {
                        n++;
                        if (stuck.length() < 400) {
                            stuck.append(h).append(' ');
                        }
                    }
                }
                throw new AssertionError(n + " of " + TASKS + " tasks woken and never polled again ("
                        + dive.overflows + " wakes overflowed): " + stuck + pool);
            }
            return dive.overflows;
        } finally {
            shutdownAndAwait(pool);
        }
    }

    /** Recurses to the stack limit, then wakes the next task once per frame while unwinding. */
    private static final class Dive {
        private final AtomicReferenceArray<Waker> wakers;
        private int next;
        int overflows;

        Dive(AtomicReferenceArray<Waker> wakers) {
            this.wakers = wakers;
        }

        void dive() {
            try {
                dive();
            } catch (StackOverflowError expected) {
                // the bottom of the dive; unwind and wake
            }
            if (next < wakers.length()) {
                final Waker w = wakers.get(next);
                try {
                    next++;
                    w.wake();
                } catch (StackOverflowError expected) {
                    overflows++;
                }
            }
        }
    }
}
