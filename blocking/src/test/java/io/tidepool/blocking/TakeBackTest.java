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

package io.tidepool.blocking;

import static io.tidepool.blocking.PoolThreads.await;
import static io.tidepool.blocking.PoolThreads.awaitQuietly;
import static io.tidepool.blocking.PoolThreads.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The take-back: a section that was handed off gives its thread a worker again when it ends, if
 * a worker's thread is parked idle; otherwise the thread finishes its task without a worker and
 * waits as an idle backup, as before.
 */
class TakeBackTest {

    /** What the task saw after its section ended. */
    private static final class Seen {
        final AtomicReference<Thread> before = new AtomicReference<>();
        final AtomicReference<Thread> after = new AtomicReference<>();
        volatile boolean workerAfter;
        volatile boolean inSectionAfter = true;
    }

    @Test
    void shouldTakeAParkedWorkerBackWhenTheSectionEnds() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(2)
                .namePrefix("tb-back").build()) {
            final Seen seen = new Seen();
            final CountDownLatch handedOff = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final CountDownLatch childRan = new CountDownLatch(1);
            final CountDownLatch done = new CountDownLatch(1);
            pool.execute(() -> {
                seen.before.set(Thread.currentThread());
                Blocking.run(() -> {
                    PoolThreads.awaitHandedOff();
                    handedOff.countDown();
                    awaitQuietly(release);
                });
                seen.after.set(Thread.currentThread());
                seen.workerAfter = Worker.current().isPresent();
                seen.inSectionAfter = Blocking.inBlockingSection();
                pool.execute(childRan::countDown);
                done.countDown();
            });
            await(handedOff, "the hand-off");
            // the backup that received the worker and the other worker both go to sleep
            eventually(() -> pool.metrics().numUnparkedWorkers() == 0, "every worker parked");
            release.countDown();
            await(done, "the task");
            await(childRan, "the child");
            assertSame(seen.before.get(), seen.after.get(), "the task moved to another thread");
            assertTrue(seen.workerAfter, "no worker after the section");
            assertFalse(seen.inSectionAfter, "still in a section after it ended");
            // the only spawn from inside the pool; a worker publishes its local-schedule count
            // when its queues run dry (without the take-back it is a remote submission)
            eventually(() -> pool.metrics().localScheduleCount() == 1,
                    "the spawn went to the worker's deque");
            assertEquals(1, pool.metrics().blockingTakeBackCount(), pool::toString);
            assertTrue(pool.toString().contains("take-backs = 1"), pool::toString);
            assertEquals(0, pool.metrics().numActiveBlockingSections(), pool::toString);
            // the pool still works, and shuts down cleanly with the thread that took a worker
            assertEquals(7, pool.submit(() -> 7).get(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldTakeAWorkerBackAfterAPollBlockingSection() throws Exception {
        // pollBlocking hands off at entry (the eager path), not through the monitor
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(2)
                .namePrefix("tb-poll").build()) {
            final Seen seen = new Seen();
            final CountDownLatch inSection = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final TaskHandle<String> handle = pool.spawn(cx -> {
                seen.before.set(Thread.currentThread());
                final Poll<String> p = Blocking.pollBlocking(cx, () -> {
                    seen.inSectionAfter = Worker.current().isPresent();
                    inSection.countDown();
                    awaitQuietly(release);
                    return "done";
                });
                seen.after.set(Thread.currentThread());
                seen.workerAfter = Worker.current().isPresent();
                return p;
            });
            await(inSection, "the section");
            assertFalse(seen.inSectionAfter, "the worker was not handed off at entry");
            eventually(() -> pool.metrics().numUnparkedWorkers() == 0, "every worker parked");
            release.countDown();
            assertEquals("done", handle.get(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS));
            assertSame(seen.before.get(), seen.after.get());
            assertTrue(seen.workerAfter, "no worker after the section");
            assertEquals(1, pool.metrics().blockingTakeBackCount(), pool::toString);
            // the handed-off task was counted out once: shutdown terminates
            pool.shutdown();
            assertTrue(pool.awaitTermination(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS),
                    pool::toString);
        }
    }

    /**
     * One worker, three sections in one task: each is handed off (the monitor retakes the
     * worker into a successor core), and each end takes the only worker back from the backup
     * parked with it; the next section then hands off the core taken back.
     */
    @Test
    void shouldTakeTheOnlyWorkerBackAfterEverySectionOfATask() throws Exception {
        final int sections = 3;
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(1)
                .namePrefix("tb-one").build()) {
            final CountDownLatch[] handedOff = new CountDownLatch[sections];
            final CountDownLatch[] release = new CountDownLatch[sections];
            for (int k = 0; k < sections; k++) {
                handedOff[k] = new CountDownLatch(1);
                release[k] = new CountDownLatch(1);
            }
            final AtomicInteger workerAfter = new AtomicInteger();
            final AtomicInteger sameThread = new AtomicInteger();
            final CountDownLatch done = new CountDownLatch(1);
            pool.execute(() -> {
                final Thread self = Thread.currentThread();
                for (int k = 0; k < sections; k++) {
                    final int n = k;
                    Blocking.run(() -> {
                        PoolThreads.awaitHandedOff();
                        handedOff[n].countDown();
                        awaitQuietly(release[n]);
                    });
                    if (Worker.current().isPresent()) {
                        workerAfter.incrementAndGet();
                    }
                    if (Thread.currentThread() == self) {
                        sameThread.incrementAndGet();
                    }
                }
                done.countDown();
            });
            for (int k = 0; k < sections; k++) {
                await(handedOff[k], "hand-off " + k);
                // the monitor marks a deferred section retaken (the mark that makes its end take
                // a worker back) after the core left the thread, then counts the hand-off: a
                // release before the mark would end the section as a short one
                final long handOffs = k + 1;
                eventually(() -> pool.metrics().blockingHandOffCount() == handOffs,
                        "hand-off " + k + " counted");
                eventually(() -> pool.metrics().numUnparkedWorkers() == 0, "the worker parked");
                release[k].countDown();
            }
            await(done, "the task");
            assertEquals(sections, workerAfter.get(), pool::toString);
            assertEquals(sections, sameThread.get());
            assertEquals(sections, pool.metrics().blockingTakeBackCount(), pool::toString);
            assertEquals(sections, pool.metrics().blockingHandOffCount(), pool::toString);
            eventually(() -> pool.metrics().numActiveBlockingSections() == 0, "the permit back");
            assertEquals(7, pool.submit(() -> 7).get(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS));
            pool.shutdown();
            assertTrue(pool.awaitTermination(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS),
                    pool::toString);
        }
    }

    /** As above with pollBlocking's eager hand-off: the same core goes and comes back. */
    @Test
    void shouldTakeTheOnlyWorkerBackAfterEveryPollBlockingSection() throws Exception {
        final int sections = 3;
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(1)
                .namePrefix("tb-one-poll").build()) {
            final CountDownLatch[] inSection = new CountDownLatch[sections];
            final CountDownLatch[] release = new CountDownLatch[sections];
            for (int k = 0; k < sections; k++) {
                inSection[k] = new CountDownLatch(1);
                release[k] = new CountDownLatch(1);
            }
            final AtomicInteger workerAfter = new AtomicInteger();
            final TaskHandle<Integer> handle = pool.spawn(cx -> {
                for (int k = 0; k < sections; k++) {
                    final int n = k;
                    final Poll<Integer> p = Blocking.pollBlocking(cx, () -> {
                        inSection[n].countDown();
                        awaitQuietly(release[n]);
                        return n;
                    });
                    if (p.isPending()) {
                        return Poll.pending();
                    }
                    if (Worker.current().isPresent()) {
                        workerAfter.incrementAndGet();
                    }
                }
                return Poll.ready(workerAfter.get());
            });
            for (int k = 0; k < sections; k++) {
                await(inSection[k], "section " + k);
                eventually(() -> pool.metrics().numUnparkedWorkers() == 0, "the worker parked");
                release[k].countDown();
            }
            assertEquals(sections, handle.get(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(sections, pool.metrics().blockingTakeBackCount(), pool::toString);
            pool.shutdown();
            assertTrue(pool.awaitTermination(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS),
                    pool::toString);
        }
    }

    @Test
    void shouldStayWithoutAWorkerAndRetireWhenNoWorkerIsParked() throws Exception {
        final Duration keepAlive = Duration.ofMillis(200);
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(1).keepAlive(keepAlive)
                .namePrefix("tb-busy").build()) {
            final Seen seen = new Seen();
            final CountDownLatch handedOff = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final CountDownLatch busyStarted = new CountDownLatch(1);
            final CountDownLatch busyRelease = new CountDownLatch(1);
            final CountDownLatch done = new CountDownLatch(1);
            pool.execute(() -> {
                seen.before.set(Thread.currentThread());
                Blocking.run(() -> {
                    PoolThreads.awaitHandedOff();
                    handedOff.countDown();
                    awaitQuietly(release);
                });
                seen.after.set(Thread.currentThread());
                seen.workerAfter = Worker.current().isPresent();
                done.countDown();
            });
            await(handedOff, "the hand-off");
            // the only worker, now on the backup, runs a task that keeps it busy: none is parked
            pool.execute(() -> {
                busyStarted.countDown();
                awaitQuietly(busyRelease);
            });
            await(busyStarted, "the busy task");
            release.countDown();
            await(done, "the task");
            assertFalse(seen.workerAfter, "took a worker that was not parked");
            assertEquals(0, pool.metrics().blockingTakeBackCount(), pool::toString);
            // the section's thread waits as an idle backup, then retires after keepAlive
            final Thread sectionThread = seen.after.get();
            eventually(() -> pool.metrics().numIdleBackupThreads() == 1, "an idle backup");
            PoolThreads.join(sectionThread);
            assertEquals(0, pool.metrics().numIdleBackupThreads(), pool::toString);
            busyRelease.countDown();
            assertEquals(7, pool.submit(() -> 7).get(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    /**
     * shutdownNow while sections end and take workers back: every task runs or is returned,
     * every spawn accepted runs or is returned, and the pool terminates without a thread left.
     */
    @Test
    void shouldLoseNothingWhenShutdownNowRacesTakeBacks() throws Exception {
        long takeBacks = 0;
        for (int round = 0; round < 10; round++) {
            final String name = "tb-now" + round;
            final ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(4)
                    .keepAlive(Duration.ofSeconds(30)).namePrefix(name).build();
            final int tasks = 8;
            final CountDownLatch release = new CountDownLatch(1);
            final AtomicInteger started = new AtomicInteger();
            final AtomicInteger spawned = new AtomicInteger();
            final AtomicInteger childrenRan = new AtomicInteger();
            final Set<Runnable> children = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    started.incrementAndGet();
                    Blocking.run(() -> awaitQuietly(release));
                    for (int k = 0; k < 4; k++) {
                        final Runnable child = childrenRan::incrementAndGet;
                        try {
                            pool.execute(child);
                            children.add(child);
                            spawned.incrementAndGet();
                        } catch (RejectedExecutionException refused) {
                            // STOP: refused, so it need not run
                        }
                    }
                });
            }
            eventually(() -> pool.metrics().blockingHandOffCount() >= 2, "two hand-offs");
            final List<Thread> seen = PoolThreads.of(name);
            release.countDown();
            if (round % 2 == 1) {
                // let some sections end and take workers back first
                eventually(() -> pool.metrics().blockingTakeBackCount() >= 1
                        || pool.metrics().numActiveBlockingSections() == 0, "a section's end");
            }
            final List<Runnable> returned = pool.shutdownNow();
            takeBacks += pool.metrics().blockingTakeBackCount();
            PoolThreads.assertTerminatedWithoutThreads(pool, seen);
            int returnedChildren = 0;
            int returnedTasks = 0;
            for (Runnable r : returned) {
                if (children.contains(r)) {
                    returnedChildren++;
                } else {
                    returnedTasks++;
                }
            }
            assertEquals(tasks, started.get() + returnedTasks, "a task lost, round " + round);
            assertEquals(spawned.get(), childrenRan.get() + returnedChildren,
                    "a child lost or run twice, round " + round);
        }
        System.out.printf("shutdownNow racing take-backs: 10 rounds, %d take-backs%n", takeBacks);
    }
}
