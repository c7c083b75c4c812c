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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 1: a {@link StackOverflowError} thrown from inside {@code execute()} (a deeply
 * recursive caller that submits near its stack limit) must leave the pool in a state that still
 * wakes a worker: later tasks run and the pool terminates.
 *
 * <p>Each storm recurses until the stack overflows, then submits once per frame on the way
 * back, so successive submissions start with one frame more of stack: the overflow lands in
 * every call of the submit and wake path in turn (the inbox lane lock, the idle-set lock, the
 * idle-set transition, the unpark). A wedged pool blocks {@code execute} or {@code shutdown}
 * forever, so every test body runs on a thread of its own and the test fails when it hangs.
 */
class StackOverflowWakeTest {
    private static final int STORMS = 30;

    @Test
    void shouldStillWakeWorkersAfterOverflowsInExternalSubmissions() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        bounded(pool, () -> {
            for (int i = 0; i < STORMS; i++) {
                final Thread caller = new Thread(null, () -> new Storm(pool).dive(), "storm", 1 << 18);
                caller.start();
                caller.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                assertFalse(caller.isAlive(), "storm " + i + " hung: " + stackOf(caller));
            }
            assertStillRuns(pool);
        });
    }

    @Test
    void shouldStillWakeWorkersAfterOverflowsInSpawnsFromAWorker() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).stackSize(1 << 18).build();
        bounded(pool, () -> {
            for (int i = 0; i < STORMS; i++) {
                final CountDownLatch done = new CountDownLatch(1);
                pool.execute(() -> {
                    new Storm(pool).dive();
                    done.countDown();
                });
                await(done, "storm " + i);
            }
            assertStillRuns(pool);
        });
    }

    /** Tasks submitted from outside after the storms all run, and the pool terminates. */
    private static void assertStillRuns(ThreadPool pool) throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            final CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            await(ran, "a task submitted after the overflows (round " + round + ", " + pool + ")");
        }
        shutdownAndAwait(pool);
        assertTrue(pool.isTerminated());
    }

    /** A test body that may block on a wedged pool. */
    private interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} on a daemon thread and fails if it does not end in time; a wedged pool
     * is then stopped from another daemon thread, since {@code shutdownNow} may block too.
     */
    private static void bounded(ThreadPool pool, Body body) throws InterruptedException {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final Thread runner = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
            ended.countDown();
        }, "bounded-test-body");
        runner.setDaemon(true);
        runner.start();
        final boolean inTime = ended.await(4 * WAIT_SECONDS, TimeUnit.SECONDS);
        if (!inTime || failure.get() != null) {
            final Thread stopper = new Thread(pool::shutdownNow, "stopper");
            stopper.setDaemon(true);
            stopper.start();
        }
        assertTrue(inTime, "the pool is wedged: " + pool + "; test body at " + stackOf(runner));
        if (failure.get() != null) {
            throw new AssertionError("the pool is wedged: " + pool, failure.get());
        }
    }

    private static String stackOf(Thread t) {
        return Arrays.toString(t.getStackTrace());
    }

    /** Recurses to the stack limit, then submits once per frame while unwinding. */
    private static final class Storm {
        private final ThreadPool pool;
        private final AtomicInteger ran = new AtomicInteger();
        /**
         * Created here, at a shallow depth: a method reference first evaluated at the bottom of
         * the dive links its call site there, and the lambda factory's own overflow surfaces as
         * an InternalError that would end the storm before it unwinds.
         */
        private final Runnable count = ran::incrementAndGet;

        Storm(ThreadPool pool) {
            this.pool = pool;
        }

        void dive() {
            try {
                dive();
            } catch (StackOverflowError expected) {
                // the bottom of the dive; unwind and submit
            }
            try {
                pool.execute(count);
            } catch (StackOverflowError expected) {
                // overflowed inside execute: the pool must stay usable, which the test checks
            }
        }
    }
}
