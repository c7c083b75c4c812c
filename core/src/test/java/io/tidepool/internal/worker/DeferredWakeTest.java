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

package io.tidepool.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Park;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running task's first spawn onto an empty deque leaves its wake to a watching parked worker
 * ({@code WakeWatch}); the watcher takes the task when the spawner keeps running, a second
 * spawn wakes at once, and a pool that goes idle stops watching. The workers park through a
 * custom park that counts unparks and reports timed parks (a watcher's park is the only timed
 * one here: no timers are armed).
 */
@Timeout(60)
class DeferredWakeTest {
    private static final long WAIT_SECONDS = 10;

    /** A park on a semaphore that counts unparks and reports timed and untimed parks. */
    private static final class RecordingPark implements Park, Unpark {
        private final Semaphore permits = new Semaphore(0);
        final AtomicInteger unparks = new AtomicInteger();
        volatile CountDownLatch timed = new CountDownLatch(0);
        volatile CountDownLatch untimed = new CountDownLatch(0);

        @Override
        public void park() {
            untimed.countDown();
            permits.acquireUninterruptibly();
            permits.drainPermits();
        }

        @Override
        public void park(Duration timeout) {
            timed.countDown();
            try {
                permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            permits.drainPermits();
        }

        @Override
        public Unpark unparker() {
            return this;
        }

        @Override
        public void unpark() {
            unparks.incrementAndGet();
            permits.release();
        }
    }

    /** What a task saw, handed back to the test thread. */
    private record Seen(boolean ran, Thread spawner, List<Thread> runners, int unparks) {}

    private final RecordingPark[] parks = {new RecordingPark(), new RecordingPark()};
    private ThreadPool pool;

    @BeforeEach
    void build() {
        pool = ThreadPool.builder().poolSize(2).customPark(id -> parks[id.index()]).build();
    }

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "the pool did not terminate");
    }

    /**
     * Runs on a worker: gets the other worker to park while this one runs (it runs two tasks
     * of this one's, then parks as a watcher), then spawns {@code children} tasks and blocks
     * until they ran, as a task that waits for its children on a plain latch does.
     *
     * @return what the spawner saw
     */
    private Seen spawnWhileOtherWatches(int children) throws InterruptedException {
        final WorkerThread self = (WorkerThread) Thread.currentThread();
        final RecordingPark other = parks[1 - self.lvCore().index];
        final CountDownLatch warm = new CountDownLatch(2);
        pool.execute(warm::countDown);
        pool.execute(warm::countDown);
        if (!warm.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the other worker did not run the warm-up tasks");
        }
        // the other worker parks with a timeout (watching) once it finds nothing more; a park
        // from before the latch was armed is followed by another at its timeout
        final CountDownLatch watching = new CountDownLatch(1);
        other.timed = watching;
        if (!watching.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the other worker never parked as a watcher");
        }
        final int before = other.unparks.get();
        final CountDownLatch ran = new CountDownLatch(children);
        final List<Thread> runners = new ArrayList<>();
        for (int i = 0; i < children; i++) {
            pool.execute(() -> {
                synchronized (runners) {
                    runners.add(Thread.currentThread());
                }
                ran.countDown();
            });
        }
        final boolean done = ran.await(WAIT_SECONDS, TimeUnit.SECONDS);
        synchronized (runners) {
            return new Seen(done, self, List.copyOf(runners), other.unparks.get() - before);
        }
    }

    private Seen runOnPool(int children) throws Exception {
        final AtomicReference<Seen> seen = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch finished = new CountDownLatch(1);
        pool.execute(() -> {
            try {
                seen.set(spawnWhileOtherWatches(children));
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                finished.countDown();
            }
        });
        assertTrue(finished.await(2 * WAIT_SECONDS + 10, TimeUnit.SECONDS), "the spawning task did not finish");
        if (failure.get() != null) {
            throw new AssertionError("the spawning task failed", failure.get());
        }
        return seen.get();
    }

    @Test
    void shouldLetTheWatcherTakeATaskWhoseSpawnerKeepsRunning() throws Exception {
        final Seen seen = runOnPool(1);

        assertTrue(seen.ran(), "the task spawned by a blocked spawner never ran");
        assertEquals(1, seen.runners().size());
        assertNotSame(seen.spawner(), seen.runners().get(0), "the child ran on the blocked spawner's thread");
        assertEquals(0, seen.unparks(), "the first spawn woke the watcher instead of leaving it to the watch");
    }

    @Test
    void shouldWakeAParkedWorkerAtASecondSpawn() throws Exception {
        final Seen seen = runOnPool(2);

        assertTrue(seen.ran(), "the tasks spawned by a blocked spawner never ran");
        assertTrue(seen.unparks() >= 1, "the second spawn did not wake the parked worker: " + seen.unparks());
    }

    @Test
    void shouldStopWatchingWhenEveryWorkerParks() throws Exception {
        final Seen seen = runOnPool(1);
        assertTrue(seen.ran(), "the task spawned by a blocked spawner never ran");
        // the spawner has returned: both workers go idle, and each parks without a timeout
        for (RecordingPark park : parks) {
            final CountDownLatch untimed = new CountDownLatch(1);
            park.untimed = untimed;
            // a worker that parked untimed before the latch was armed is woken once, so that
            // it parks again and reports it
            park.unpark();
            assertTrue(untimed.await(WAIT_SECONDS, TimeUnit.SECONDS),
                    "a worker of an idle pool kept parking with a timeout");
        }
    }
}
