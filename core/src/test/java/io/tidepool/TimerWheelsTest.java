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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.internal.park.ThreadPark;
import io.tidepool.pinned.CpuSet;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where timers live and how workers wait for them: the park SPI's timed park, pinned-core
 * reactors, and the virtual clock (on which the ordering of periodic runs is exact).
 */
@Timeout(60)
class TimerWheelsTest {
    private final TestPools pools = new TestPools();

    private ThreadPool pool(ThreadPoolBuilder b) {
        return pools.build(b);
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        pools.stopAll();
    }

    /** A park that records the timeouts it is asked to wait. */
    static final class RecordingPark implements Park {
        final ThreadPark delegate = new ThreadPark();
        final ConcurrentLinkedQueue<Duration> timeouts = new ConcurrentLinkedQueue<>();

        @Override
        public void park() {
            delegate.park();
        }

        @Override
        public void park(Duration timeout) {
            timeouts.add(timeout);
            delegate.park(timeout);
        }

        @Override
        public Unpark unparker() {
            return delegate;
        }
    }

    @Test
    void aCustomParkShouldBeAskedToWaitUntilTheNextDeadline() throws Exception {
        final RecordingPark park = new RecordingPark();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(1).customPark(id -> park));
        final long start = System.nanoTime();
        final ScheduledFuture<?> f = p.schedule(() -> { }, 200, TimeUnit.MILLISECONDS);
        f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
        // the one worker slept towards the deadline with a timed park, never past it
        assertFalse(park.timeouts.isEmpty(), "no timed park");
        for (Duration d : park.timeouts) {
            assertTrue(d.compareTo(Duration.ofMillis(201)) <= 0 && !d.isNegative(), d.toString());
        }
        assertTrue(park.timeouts.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(100)) > 0),
                () -> "no park long enough to be the wait for the deadline: " + park.timeouts);
    }

    @Test
    void timersFromOutsideShouldFireOnTimeAmidChurnOfFarTimeouts() throws Exception {
        final RecordingPark park = new RecordingPark();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(1).customPark(id -> park));
        // request timeouts: armed seconds out and cancelled at once; they wake nobody, so the
        // worker sleeps a bounded while after them instead of being woken by each
        for (int i = 0; i < 20_000; i++) {
            assertTrue(p.schedule(() -> { }, 5, TimeUnit.SECONDS).cancel(false));
        }
        final long start = System.nanoTime();
        final AtomicLong nearRan = new AtomicLong();
        final AtomicLong farRan = new AtomicLong();
        // one due within the worker's bounded sleep (it must wake the worker), one after it
        final ScheduledFuture<?> near = p.schedule(() -> nearRan.set(System.nanoTime()), 5, TimeUnit.MILLISECONDS);
        final ScheduledFuture<?> far = p.schedule(() -> farRan.set(System.nanoTime()), 150, TimeUnit.MILLISECONDS);
        near.get(WAIT_SECONDS, TimeUnit.SECONDS);
        far.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(nearRan.get() - start >= TimeUnit.MILLISECONDS.toNanos(5), "near timer early");
        assertTrue(farRan.get() - start >= TimeUnit.MILLISECONDS.toNanos(150), "far timer early");
        assertTrue(park.timeouts.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(40)) <= 0),
                () -> "no sleep bounded by the horizon after the churn: " + park.timeouts);
        // the cancelled timeouts hold neither the wheel nor a shut-down pool
        p.shutdown();
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
        assertEquals(0, p.metrics().timersArmed(), p.metrics().toString());
    }

    @Test
    void reactorsShouldFireTimersSetFromOutsideAndFromTheirCore() throws Exception {
        final CpuSet cpus = CpuSet.of(CpuSet.allowed().cpu(0));
        final ThreadPool p = pool(ThreadPool.builder().pinnedCores(cpus));
        final long start = System.nanoTime();
        assertEquals("outside", p.schedule(() -> "outside", 20, TimeUnit.MILLISECONDS)
                .get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20));
        final CountDownLatch ranOnCore = new CountDownLatch(1);
        final AtomicLong thread = new AtomicLong();
        final AtomicLong firedOn = new AtomicLong(-1);
        p.core(cpus.cpu(0)).execute(() -> {
            thread.set(Thread.currentThread().getId());
            p.schedule(() -> {
                firedOn.set(Thread.currentThread().getId());
                ranOnCore.countDown();
            }, 10, TimeUnit.MILLISECONDS);
        });
        await(ranOnCore, "the core's timer");
        assertEquals(thread.get(), firedOn.get(), "a reactor's timer fires on its own thread");
        final CountDownLatch three = new CountDownLatch(3);
        final ScheduledFuture<?> rate = p.scheduleAtFixedRate(three::countDown, 0, 2, TimeUnit.MILLISECONDS);
        await(three, "three periodic runs on the reactor");
        rate.cancel(false);
    }

    @Test
    void aPeriodicTaskShouldBeArmedAgainWithoutAllocating() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(1));
        final int runs = 200;
        final AtomicReference<CountDownLatch> window = new AtomicReference<>(new CountDownLatch(runs));
        final AtomicReference<Thread> worker = new AtomicReference<>();
        final ScheduledFuture<?> f = p.scheduleAtFixedRate(() -> {
            worker.compareAndSet(null, Thread.currentThread());
            window.get().countDown();
        }, 1, 1, TimeUnit.MILLISECONDS);
        // the first window warms up: classes load and call sites link on first use
        assertTrue(window.get().await(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
        final long id = worker.get().getId();
        // each run: fire, run, re-arm on the worker's wheel, and a timed park until the next
        // run (the default park takes nanoseconds, no Duration). A path first taken late (a
        // late turn under load) may still link a call site once, so one window of several
        // must show exactly nothing; an allocation per re-arm or per park shows in every one.
        final List<Long> bytes = new ArrayList<>();
        while (bytes.size() < 5 && !bytes.contains(0L)) {
            final CountDownLatch next = new CountDownLatch(runs);
            final long before = allocatedBytes(id);
            window.set(next);
            assertTrue(next.await(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
            bytes.add(allocatedBytes(id) - before);
        }
        f.cancel(false);
        assertTrue(bytes.contains(0L), "bytes the worker allocated in windows of " + runs
                + " runs and re-arms of a periodic task: " + bytes);
    }

    /**
     * The bytes a thread allocated so far, through the platform's threading MBean (the typed
     * {@code com.sun.management} interface is in a module the pool does not read).
     */
    private static long allocatedBytes(long threadId) throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME), "getThreadAllocatedBytes",
                new Object[] {threadId}, new String[] {long.class.getName()});
    }

    @Test
    void aReactorShouldRunItsDelayedTasksAfterShutdownBeforeTerminating() throws Exception {
        final CpuSet cpus = CpuSet.of(CpuSet.allowed().cpu(0));
        final ThreadPool p = pool(ThreadPool.builder().pinnedCores(cpus));
        final CountDownLatch ran = new CountDownLatch(2);
        p.schedule(ran::countDown, 30, TimeUnit.MILLISECONDS);
        // set from the core during shutdown: kept by the default policy
        p.core(cpus.cpu(0)).execute(() -> p.schedule(ran::countDown, 40, TimeUnit.MILLISECONDS));
        p.shutdown();
        assertTrue(p.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
        assertEquals(0, ran.getCount());
    }

    @Test
    void aVirtualClockShouldFireOnlyWhenAdvancedToTheDeadline() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).virtualClock(clock));
        final ScheduledFuture<String> f = p.schedule(() -> "fired", 10, TimeUnit.SECONDS);
        assertEquals(10, f.getDelay(TimeUnit.SECONDS));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(6, f.getDelay(TimeUnit.SECONDS));
        assertFalse(f.isDone());
        clock.advance(Duration.ofSeconds(6));
        assertEquals("fired", f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Duration.ofSeconds(10), clock.elapsed());
    }

    @Test
    void aFixedRateTaskShouldCatchUpOnMissedRunsOneAtATime() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).virtualClock(clock));
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger overlap = new AtomicInteger();
        final CountDownLatch five = new CountDownLatch(5);
        final ScheduledFuture<?> f = p.scheduleAtFixedRate(() -> {
            if (concurrent.incrementAndGet() > 1) {
                overlap.incrementAndGet();
            }
            runs.incrementAndGet();
            concurrent.decrementAndGet();
            five.countDown();
        }, 10, 10, TimeUnit.MILLISECONDS);
        // deadlines 10, 20, 30, 40, 50 ms have all passed at 55 ms: five runs back to back
        clock.advance(Duration.ofMillis(55));
        await(five, "five catch-up runs");
        // the fifth run re-arms after its body: the sixth is due at 60 ms, 5 ms from now
        while (f.getDelay(TimeUnit.NANOSECONDS) != TimeUnit.MILLISECONDS.toNanos(5)) {
            assertTrue(f.getDelay(TimeUnit.NANOSECONDS) <= 0 && !f.isDone(), f.toString());
            Thread.onSpinWait();
        }
        // the period holds: no sixth run before 60 ms
        assertEquals(5, runs.get());
        assertEquals(0, overlap.get());
        f.cancel(false);
    }

    @Test
    void aFixedDelayTaskShouldRunOnceAfterAJumpAndThenKeepItsDelay() throws Exception {
        final VirtualClock clock = new VirtualClock();
        final ThreadPool p = pool(ThreadPool.builder().poolSize(2).virtualClock(clock));
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch one = new CountDownLatch(1);
        final ScheduledFuture<?> f = p.scheduleWithFixedDelay(() -> {
            runs.incrementAndGet();
            one.countDown();
        }, 10, 10, TimeUnit.MILLISECONDS);
        clock.advance(Duration.ofMillis(55));
        await(one, "the first run");
        // armed again 10 ms after the run's end (at 55 ms): due at 65, whatever the jump
        while (f.getDelay(TimeUnit.MILLISECONDS) != 10) {
            // the re-arm follows the run on the worker; a volatile read of the state per look
            assertTrue(!f.isDone(), f.toString());
            Thread.onSpinWait();
        }
        assertEquals(1, runs.get());
        f.cancel(false);
    }

    @Test
    void metricsShouldCountArmedFiredAndCancelledTimersAndTheirLateness() throws Exception {
        final ThreadPool p = pool(ThreadPool.builder().poolSize(1));
        final ScheduledFuture<?> a = p.schedule(() -> { }, 1, TimeUnit.HOURS);
        final ScheduledFuture<?> b = p.schedule(() -> { }, 2, TimeUnit.HOURS);
        assertTrue(a.cancel(false) && b.cancel(false));
        // an earlier deadline wakes the one worker, whose turn applies the two removals first
        p.schedule(() -> { }, 1, TimeUnit.MILLISECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
        final PoolMetrics m = p.metrics();
        assertEquals(0, m.timersArmed(), m.toString());
        assertEquals(2, m.timersCancelledCount(), m.toString());
        assertEquals(1, m.timersFiredCount(), m.toString());
        // the cancelled two reached the wheel or not, depending on when the worker drained
        assertTrue(m.timersArmedCount() >= 1 && m.timersArmedCount() <= 3, m.toString());
        assertEquals(1, m.timerLatenessHistogram().totalCount());
        assertTrue(m.toString().contains("timers armed = 0, fired = 1, cancelled = 2"), m.toString());
    }

    @Test
    void aVirtualClockShouldServeOnePool() {
        final VirtualClock clock = new VirtualClock();
        pool(ThreadPool.builder().poolSize(1).virtualClock(clock));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool(ThreadPool.builder().poolSize(1).virtualClock(clock)));
        assertTrue(e.getMessage().contains("already serves a pool"), e.getMessage());
    }
}
