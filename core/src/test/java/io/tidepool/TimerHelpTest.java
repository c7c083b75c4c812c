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

package io.tidepool;

import static io.tidepool.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker running a long task takes no timer turn until the task ends; its timers must not
 * wait for it while another worker is idle (a {@code ScheduledThreadPoolExecutor} with two
 * threads fires on the free one). On a virtual clock, so the deadlines are exact and the test
 * waits for nothing but latches: a timer held back by the busy worker never fires within the
 * wait, however fast the machine.
 */
@Timeout(60)
class TimerHelpTest {
    /** The timers' delay; the clock moves this plus a millisecond, past the helpers' grace. */
    private static final Duration DELAY = Duration.ofMillis(5);
    private static final Duration PAST_GRACE = DELAY.plusMillis(1);

    private final TestPools pools = new TestPools();

    @AfterEach
    void stopPools() throws InterruptedException {
        pools.stopAll();
    }

    @Test
    void timersFromOutsideShouldFireWhileOneWorkerRunsALongTask() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool pool = pools.build(ThreadPool.builder().poolSize(2).virtualClock(clock));
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            runLong(release, ended);
        });
        await(started, "the long task");
        awaitUnparked(pool, 1);
        // before the fix half of them, on average, went to the busy worker's wheel and waited
        // for the task's end: the chance that none did is 2^-16
        final int timers = 16;
        final CountDownLatch fired = new CountDownLatch(timers);
        for (int i = 0; i < timers; i++) {
            pool.schedule(fired::countDown, DELAY.toNanos(), TimeUnit.NANOSECONDS);
        }
        clock.advance(PAST_GRACE);
        try {
            await(fired, "the timers, while a worker runs a long task");
            assertEquals(1, ended.getCount(), "the long task ended before the timers fired");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTimerSetByATaskThatThenRunsLongShouldFireOnAWorkerThatParkedAfterIt() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool pool = pools.build(ThreadPool.builder().poolSize(2).virtualClock(clock));
        final CountDownLatch armed = new CountDownLatch(1);
        final CountDownLatch fired = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        pool.execute(() -> {
            // set from a task: the timer stays on this worker, which then runs long
            pool.schedule(fired::countDown, DELAY.toNanos(), TimeUnit.NANOSECONDS);
            armed.countDown();
            runLong(release, ended);
        });
        try {
            await(armed, "the timer set by the long task");
            // the other worker runs a task and parks again, after the timer was set
            final CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            await(ran, "a short task beside the long one");
            awaitUnparked(pool, 1);
            clock.advance(PAST_GRACE);
            await(fired, "the timer of the busy worker");
            assertEquals(1, ended.getCount(), "the long task ended before its timer fired");
        } finally {
            release.countDown();
        }
        assertTrue(pool.metrics().timersFiredCount() >= 1, pool.metrics()::toString);
    }

    /**
     * The long task: runs until released, or for twice the tests' longest wait, so that it
     * outlasts any wait of the test for a timer it holds back.
     */
    private static void runLong(CountDownLatch release, CountDownLatch ended) {
        try {
            release.await(2 * TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** Waits, with a deadline, until exactly {@code n} workers of {@code pool} are unparked. */
    private static void awaitUnparked(ThreadPool pool, int n) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestSupport.WAIT_SECONDS);
        while (pool.metrics().numUnparkedWorkers() != n) {
            if (System.nanoTime() - deadline > 0) {
                fail("not " + n + " unparked workers: " + pool.metrics());
            }
            Thread.onSpinWait();
        }
    }
}
