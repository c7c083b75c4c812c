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

import static io.tidepool.TestSupport.WAIT_SECONDS;
import static io.tidepool.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Async time for AsyncTasks: sleeps and handle timeouts on the pool's timer wheels. */
@Timeout(60)
class AsyncTimersTest {
    private final TestPools pools = new TestPools();

    private ThreadPool pool(ThreadPoolBuilder b) {
        return pools.build(b);
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        pools.stopAll();
    }

    @Test
    void aSleepShouldWakeItsTaskAtTheDeadlineAndNotBefore() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).virtualClock(clock));
        final Sleep sleep = p.sleep(Duration.ofSeconds(10));
        final AtomicInteger polls = new AtomicInteger();
        final CountDownLatch firstPoll = new CountDownLatch(1);
        final TaskHandle<String> h = p.spawn(cx -> {
            polls.incrementAndGet();
            final Poll<String> result = sleep.poll(cx).isReady() ? Poll.ready("woke") : Poll.pending();
            // after the sleep registered the waker: the clock must not pass the deadline before
            firstPoll.countDown();
            return result;
        });
        await(firstPoll, "the first poll");
        clock.advance(Duration.ofSeconds(9));
        assertFalse(sleep.isElapsed());
        assertEquals(Duration.ofSeconds(1), sleep.remaining());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("woke", h.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, polls.get(), "polled once pending, once woken");
    }

    @Test
    void aSleepShouldLastAtLeastItsDurationOnTheRealClock() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2));
        final long start = System.nanoTime();
        final Sleep sleep = p.sleep(Duration.ofMillis(30));
        final TaskHandle<Long> h = p.spawn(cx -> sleep.poll(cx).isReady()
                ? Poll.ready(System.nanoTime() - start) : Poll.pending());
        assertTrue(h.get(WAIT_SECONDS, TimeUnit.SECONDS) >= TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void aCancelledSleepShouldNeverWakeItsTask() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(1).virtualClock(clock));
        final Sleep sleep = p.sleep(Duration.ofSeconds(5));
        final Sleep later = p.sleep(Duration.ofSeconds(6));
        final AtomicInteger polls = new AtomicInteger();
        final CountDownLatch armed = new CountDownLatch(1);
        final TaskHandle<Integer> h = p.spawn(cx -> {
            final int n = polls.incrementAndGet();
            if (n == 1) {
                sleep.poll(cx);
                assertTrue(sleep.cancel());
                // the only wake-up left is the later sleep's
                later.poll(cx);
                armed.countDown();
                return Poll.pending();
            }
            return Poll.ready(n);
        });
        await(armed, "the sleeps armed");
        clock.advance(Duration.ofSeconds(6));
        // woken once, by the later sleep: the cancelled one never woke it
        assertEquals(2, h.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(sleep.cancel(), "nothing left to disarm");
    }

    @Test
    void aHandleShouldTimeOutAndStopItsTask() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).virtualClock(clock));
        final AtomicInteger polls = new AtomicInteger();
        final CountDownLatch polled = new CountDownLatch(1);
        final TaskHandle<String> h = p.spawn((AsyncTask<String>) cx -> {
            polls.incrementAndGet();
            polled.countDown();
            return Poll.pending();
        }).orTimeout(Duration.ofSeconds(5));
        await(polled, "the first poll");
        clock.advance(Duration.ofSeconds(4));
        assertFalse(h.isDone());
        clock.advance(Duration.ofSeconds(1));
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> h.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(h.isDone());
        assertFalse(h.isCancelled());
        assertEquals(1, polls.get());
        // stopped: the pool has no live task left, so it terminates
        TestSupport.shutdownAndAwait(p);
        assertEquals(1, polls.get());
    }

    @Test
    void aTaskThatCompletesFirstShouldDisarmItsTimeout() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2));
        final TaskHandle<String> h = p.spawn((AsyncTask<String>) cx -> Poll.ready("fast"))
                .orTimeout(Duration.ofHours(1));
        assertEquals("fast", h.get(WAIT_SECONDS, TimeUnit.SECONDS));
        // the hour-long timer left its wheel: shutdown does not wait for it
        TestSupport.shutdownAndAwait(p);
        assertEquals(0, p.metrics().timersArmed(), p.metrics().toString());
    }

    @Test
    void aTimeoutWhoseDependentStopsThePoolShouldNotHangIt() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(1));
        final TaskHandle<String> h = p.spawn((AsyncTask<String>) cx -> Poll.pending())
                .orTimeout(Duration.ofMillis(5));
        // the dependent runs where the handle completes: a worker, after the timer fired
        h.toCompletableFuture().whenComplete((v, e) -> p.shutdownNow());
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
        assertInstanceOf(TimeoutException.class,
                assertThrows(ExecutionException.class, h::get).getCause());
    }

    @Test
    void anAlreadyExpiredTimeoutShouldTimeOutAtOnce() {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(1));
        final TaskHandle<String> h = p.spawn((AsyncTask<String>) cx -> Poll.pending())
                .orTimeout(Duration.ZERO);
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> h.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
    }
}
