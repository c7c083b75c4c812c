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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ThreadPool as a {@link java.util.concurrent.ScheduledExecutorService}, with the semantics the
 * JSR-166 TCK's {@code ScheduledExecutorTest} checks of {@code ScheduledThreadPoolExecutor}:
 * delays never cut short, callables' results, cancellation, shutdown policies and the
 * {@code shutdownNow} list. Real-time tests use short delays and only lower bounds; the
 * ordering of periodic runs is checked on a virtual clock, where it is exact.
 */
@Timeout(60)
class ScheduledExecutorContractTest {
    private final List<ThreadPool> pools = new ArrayList<>();

    private ThreadPool pool(ThreadPoolBuilder b) {
        final ThreadPool p = b.build();
        pools.add(p);
        return p;
    }

    private ThreadPool pool() {
        return pool(ThreadPool.builder().poolSize(2));
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        for (ThreadPool p : pools) {
            p.shutdownNow();
            assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
        }
    }

    @Test
    void shouldRunACallableNoEarlierThanItsDelay() throws Exception {
        final ThreadPool p = pool();
        final long start = System.nanoTime();
        final ScheduledFuture<String> f = p.schedule(() -> "done", 50, TimeUnit.MILLISECONDS);
        assertEquals("done", f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        assertTrue(f.isDone());
        assertFalse(f.isCancelled());
        assertTrue(f.getDelay(TimeUnit.NANOSECONDS) <= 0);
    }

    @Test
    void shouldRunARunnableNoEarlierThanItsDelayAndGiveNull() throws Exception {
        final ThreadPool p = pool();
        final AtomicInteger ran = new AtomicInteger();
        final long start = System.nanoTime();
        final ScheduledFuture<?> f = p.schedule(() -> {
            ran.incrementAndGet();
        }, 30, TimeUnit.MILLISECONDS);
        assertNull(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        final long waited = System.nanoTime() - start;
        assertEquals(1, ran.get());
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(30), "ran after " + waited + " ns");
    }

    @Test
    void shouldRunZeroAndNegativeDelaysAtOnce() throws Exception {
        final ThreadPool p = pool();
        assertEquals(1, p.schedule(() -> 1, 0, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, p.schedule(() -> 2, -5, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldCompleteWithTheExceptionOfACallable() throws Exception {
        final ThreadPool p = pool();
        final IllegalStateException boom = new IllegalStateException("boom");
        final ScheduledFuture<Object> f = p.schedule(() -> {
            throw boom;
        }, 1, TimeUnit.MILLISECONDS);
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        assertTrue(f.isDone());
    }

    @Test
    void shouldTimeOutAGetOfAFarTask() throws Exception {
        final ThreadPool p = pool();
        final ScheduledFuture<?> f = p.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertThrows(TimeoutException.class, () -> f.get(10, TimeUnit.MILLISECONDS));
        assertFalse(f.isDone());
    }

    @Test
    void shouldNeverRunATaskCancelledBeforeItsDeadline() throws Exception {
        final ThreadPool p = pool();
        final CountDownLatch ran = new CountDownLatch(1);
        final ScheduledFuture<?> f = p.schedule(ran::countDown, 50, TimeUnit.MILLISECONDS);
        assertTrue(f.cancel(false));
        assertTrue(f.isCancelled());
        assertTrue(f.isDone());
        assertFalse(f.cancel(false), "a second cancel reports nothing done");
        assertThrows(CancellationException.class, f::get);
        // a later task on the same wheels runs: the cancelled one, due first, did not
        p.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, ran.getCount());
    }

    @Test
    void shouldRemoveACancelledTimerSoThatShutdownDoesNotWaitForIt() throws Exception {
        final ThreadPool p = pool();
        final ScheduledFuture<?> f = p.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertTrue(f.cancel(false));
        p.shutdown();
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
    }

    @Test
    void shouldInterruptARunningTaskOnCancelTrue() throws Exception {
        final ThreadPool p = pool();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final ScheduledFuture<?> f = p.schedule(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, 1, TimeUnit.MILLISECONDS);
        await(started, "the task to start");
        assertTrue(f.cancel(true));
        await(interrupted, "the interrupt");
        assertTrue(f.isCancelled());
        assertThrows(CancellationException.class, () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldRepeatAFixedRateTaskUntilCancelled() throws Exception {
        final ThreadPool p = pool();
        final CountDownLatch three = new CountDownLatch(3);
        final ScheduledFuture<?> f = p.scheduleAtFixedRate(three::countDown, 1, 5, TimeUnit.MILLISECONDS);
        await(three, "three runs");
        assertTrue(assertInstanceOf(RunnableScheduledFuture.class, f).isPeriodic());
        assertFalse(f.isDone());
        assertTrue(f.cancel(false));
        assertThrows(CancellationException.class, () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldSpaceFixedDelayRunsByAtLeastTheDelay() throws Exception {
        final ThreadPool p = pool();
        final long delay = TimeUnit.MILLISECONDS.toNanos(10);
        final long[] starts = new long[5];
        final long[] ends = new long[5];
        final AtomicInteger run = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        final ScheduledFuture<?> f = p.scheduleWithFixedDelay(() -> {
            final int i = run.getAndIncrement();
            if (i < starts.length) {
                starts[i] = System.nanoTime();
                ends[i] = System.nanoTime();
                if (i == starts.length - 1) {
                    done.countDown();
                }
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        await(done, "five runs");
        f.cancel(false);
        for (int i = 1; i < starts.length; i++) {
            assertTrue(starts[i] - ends[i - 1] >= delay,
                    "run " + i + " started " + (starts[i] - ends[i - 1]) + " ns after the last ended");
        }
    }

    @Test
    void shouldEndAPeriodicTaskThatThrowsAndCompleteItsFutureWithTheException() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).periodicTasksAfterShutdown(true));
        final AtomicInteger runs = new AtomicInteger();
        final RuntimeException boom = new RuntimeException("third run");
        final ScheduledFuture<?> f = p.scheduleAtFixedRate(() -> {
            if (runs.incrementAndGet() == 3) {
                throw boom;
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        assertTrue(f.isDone());
        assertFalse(f.isCancelled());
        assertEquals(3, runs.get());
        // periodic tasks would keep this pool alive after shutdown: it terminates, so the
        // failed task was not armed again
        TestSupport.shutdownAndAwait(p);
        assertEquals(3, runs.get());
    }

    @Test
    void shouldOrderDelaysByGetDelayAndCompareTo() {
        final ThreadPool p = pool();
        final ScheduledFuture<?> soon = p.schedule(() -> { }, 1, TimeUnit.HOURS);
        final ScheduledFuture<?> late = p.schedule(() -> { }, 2, TimeUnit.HOURS);
        assertTrue(soon.getDelay(TimeUnit.MINUTES) <= 60 && soon.getDelay(TimeUnit.MINUTES) >= 59);
        assertTrue(soon.getDelay(TimeUnit.NANOSECONDS) < late.getDelay(TimeUnit.NANOSECONDS));
        assertTrue(soon.compareTo(late) < 0);
        assertTrue(late.compareTo(soon) > 0);
        assertEquals(0, soon.compareTo(soon));
        soon.cancel(false);
        late.cancel(false);
    }

    @Test
    void shouldRunDelayedTasksButCancelPeriodicOnesAfterShutdownByDefault() throws Exception {
        final ThreadPool p = pool();
        final CountDownLatch ran = new CountDownLatch(1);
        final ScheduledFuture<?> delayed = p.schedule(ran::countDown, 30, TimeUnit.MILLISECONDS);
        final ScheduledFuture<?> rate = p.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        final ScheduledFuture<?> delay = p.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS);
        p.shutdown();
        assertTrue(rate.isCancelled());
        assertTrue(delay.isCancelled());
        assertFalse(delayed.isDone());
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
        assertEquals(0, ran.getCount());
        assertTrue(delayed.isDone() && !delayed.isCancelled());
    }

    @Test
    void shouldCancelDelayedTasksAtShutdownWhenThePolicySaysSo() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).delayedTasksAfterShutdown(false));
        final ScheduledFuture<?> delayed = p.schedule(() -> { }, 1, TimeUnit.HOURS);
        p.shutdown();
        assertTrue(delayed.isCancelled());
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
    }

    @Test
    void shouldKeepPeriodicTasksAfterShutdownWhenThePolicySaysSo() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).periodicTasksAfterShutdown(true));
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch twoAfterShutdown = new CountDownLatch(2);
        final CountDownLatch shut = new CountDownLatch(1);
        final ScheduledFuture<?> f = p.scheduleAtFixedRate(() -> {
            runs.incrementAndGet();
            if (shut.getCount() == 0) {
                twoAfterShutdown.countDown();
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        p.shutdown();
        shut.countDown();
        await(twoAfterShutdown, "two runs after shutdown");
        assertFalse(p.isTerminated());
        assertTrue(f.cancel(false));
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
    }

    @Test
    void shouldHandBackEveryTimerThatNeverFiredOnShutdownNow() throws Exception {
        final ThreadPool p = pool();
        final List<ScheduledFuture<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(p.schedule(() -> { }, 9, TimeUnit.SECONDS));
            tasks.add(p.scheduleAtFixedRate(() -> { }, 9, 9, TimeUnit.SECONDS));
            tasks.add(p.scheduleWithFixedDelay(() -> { }, 9, 9, TimeUnit.SECONDS));
        }
        final List<Runnable> queued = p.shutdownNow();
        assertTrue(p.isShutdown());
        assertEquals(tasks.size(), queued.size());
        assertEquals(new HashSet<Object>(tasks), new HashSet<Object>(queued));
        for (ScheduledFuture<?> t : tasks) {
            assertFalse(t.isDone());
            assertFalse(t.isCancelled());
        }
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
    }

    @Test
    void shouldRejectEveryKindOfScheduleAfterShutdown() {
        final ThreadPool p = pool();
        p.shutdown();
        assertThrows(RejectedExecutionException.class, () -> p.schedule(() -> { }, 1, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> p.schedule(() -> 1, 1, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class,
                () -> p.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class,
                () -> p.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.SECONDS));
    }

    @Test
    void shouldRefuseNullsAndNonPositivePeriods() {
        final ThreadPool p = pool();
        assertThrows(NullPointerException.class, () -> p.schedule((Runnable) null, 1, TimeUnit.SECONDS));
        assertThrows(NullPointerException.class, () -> p.schedule(() -> 1, 1, null));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.scheduleAtFixedRate(() -> { }, 1, 0, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("period=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> p.scheduleWithFixedDelay(() -> { }, 1, -1, TimeUnit.SECONDS));
    }

    @Test
    void shouldFireManyTimersExactlyOnceAndNeverEarly() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(3));
        final int n = 5_000;
        final AtomicInteger early = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch all = new CountDownLatch(n);
        final java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < n; i++) {
            final long delay = random.nextInt(50_000_000);
            final long due = System.nanoTime() + delay;
            p.schedule(() -> {
                if (System.nanoTime() < due) {
                    early.incrementAndGet();
                }
                runs.incrementAndGet();
                all.countDown();
            }, delay, TimeUnit.NANOSECONDS);
        }
        await(all, "every timer");
        assertEquals(0, early.get());
        TestSupport.shutdownAndAwait(p);
        assertEquals(n, runs.get());
    }

    @Test
    void shouldScheduleFromInsideTheirOwnTasks() throws Exception {
        final ThreadPool p = pool();
        final CountDownLatch chain = new CountDownLatch(10);
        final Runnable[] step = new Runnable[1];
        step[0] = () -> {
            chain.countDown();
            if (chain.getCount() > 0) {
                p.schedule(step[0], 1, TimeUnit.MILLISECONDS);
            }
        };
        p.schedule(step[0], 1, TimeUnit.MILLISECONDS);
        await(chain, "ten chained timers");
    }
}
