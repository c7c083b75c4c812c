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
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Builder hooks: thread start/stop, names, daemon flag, custom park. */
@Timeout(30)
class ThreadPoolHooksTest {
    @Test
    void shouldRunAfterStartAndBeforeStopOncePerWorkerThread() throws Exception {
        final int n = 3;
        final Map<Thread, AtomicInteger> starts = new ConcurrentHashMap<>();
        final Map<Thread, AtomicInteger> stops = new ConcurrentHashMap<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(n)
                .afterStart(() -> starts.computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger())
                        .incrementAndGet())
                .beforeStop(() -> stops.computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger())
                        .incrementAndGet())
                .build();
        final CountDownLatch done = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            pool.execute(done::countDown);
        }
        await(done, "tasks");
        shutdownAndAwait(pool);
        assertEquals(n, starts.size(), "threads that ran afterStart");
        assertEquals(starts.keySet(), stops.keySet(), "beforeStop ran on other threads");
        for (Thread t : starts.keySet()) {
            assertEquals(1, starts.get(t).get(), "afterStart runs on " + t);
            assertEquals(1, stops.get(t).get(), "beforeStop runs on " + t);
        }
    }

    @Test
    void shouldNameWorkerThreadsAfterThePrefix() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("my-pool").build();
        final CompletableFuture<String> name = new CompletableFuture<>();
        pool.execute(() -> name.complete(Thread.currentThread().getName()));
        final String threadName = name.get(20, TimeUnit.SECONDS);
        assertTrue(threadName.startsWith("my-pool"), threadName);
        assertEquals("my-pool", pool.name());
        shutdownAndAwait(pool);
    }

    @Test
    void shouldHonourTheDaemonFlag() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).daemon(false).build();
        final CompletableFuture<Boolean> daemon = new CompletableFuture<>();
        pool.execute(() -> daemon.complete(Thread.currentThread().isDaemon()));
        assertFalse(daemon.get(20, TimeUnit.SECONDS), "worker thread is a daemon");
        shutdownAndAwait(pool);
    }

    /** A park that counts its calls and wakes with LockSupport. */
    private static final class CountingPark implements Park, Unpark {
        final WorkerId id;
        final AtomicInteger parks = new AtomicInteger();
        final AtomicInteger unparks = new AtomicInteger();
        private final AtomicBoolean permit = new AtomicBoolean();
        private volatile Thread waiter;
        private volatile CountDownLatch parkedSignal = new CountDownLatch(1);

        CountingPark(WorkerId id) {
            this.id = id;
        }

        /** A latch that opens at the next park() of this worker. */
        CountDownLatch nextPark() {
            final CountDownLatch l = new CountDownLatch(1);
            parkedSignal = l;
            return l;
        }

        @Override
        public void park() {
            parks.incrementAndGet();
            waiter = Thread.currentThread();
            parkedSignal.countDown();
            if (!permit.getAndSet(false)) {
                LockSupport.park(this);
                permit.set(false);
            }
            waiter = null;
        }

        @Override
        public void park(Duration timeout) {
            parks.incrementAndGet();
            waiter = Thread.currentThread();
            parkedSignal.countDown();
            if (!permit.getAndSet(false) && !timeout.isNegative() && !timeout.isZero()) {
                LockSupport.parkNanos(this, timeout.toNanos());
                permit.set(false);
            }
            waiter = null;
        }

        @Override
        public void unpark() {
            unparks.incrementAndGet();
            permit.set(true);
            final Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        @Override
        public Unpark unparker() {
            return this;
        }
    }

    @Test
    void shouldParkIdleWorkersThroughTheCustomParkAndWakeThemWithItsUnpark() throws Exception {
        final Map<Integer, CountingPark> parks = new ConcurrentHashMap<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(2)
                .customPark(id -> parks.computeIfAbsent(id.index(), i -> new CountingPark(id)))
                .build();
        assertEquals(Set.of(0, 1), parks.keySet(), "one park per worker, by worker id");
        for (CountingPark p : parks.values()) {
            await(p.parkedSignal, "idle worker " + p.id + " to park");
        }
        final CountDownLatch[] parkedAgain = new CountDownLatch[2];
        for (int i = 0; i < 2; i++) {
            parkedAgain[i] = parks.get(i).nextPark();
        }
        final int[] unparksBefore = {parks.get(0).unparks.get(), parks.get(1).unparks.get()};
        final CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        await(ran, "a task submitted to a parked pool");
        int woken = 0;
        for (int i = 0; i < 2; i++) {
            // one task wakes one worker (the last searcher wakes another only if work is
            // still queued); every worker woken through the custom park parks again through it
            if (parks.get(i).unparks.get() > unparksBefore[i]) {
                woken++;
                await(parkedAgain[i], "worker " + i + " to park again");
            }
        }
        assertTrue(woken > 0, "no worker was unparked through the custom park");
        shutdownAndAwait(pool);
    }
}
