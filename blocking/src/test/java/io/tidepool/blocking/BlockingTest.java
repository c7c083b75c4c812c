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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.Worker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link Blocking#blocking} and {@link Blocking#run} on a real pool. */
class BlockingTest {

    @Test
    void shouldKeepShortTasksFlowingWhileAllSectionsBlockTogether() throws Exception {
        final int sections = 32;
        final int shortTasks = 50_000;
        final long sleepMillis = 300;
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(sections)
                .namePrefix("blk-flow").build()) {
            final long[] starts = new long[sections];
            final long[] ends = new long[sections];
            final CountDownLatch sectionsDone = new CountDownLatch(sections);
            final CountDownLatch allStarted = new CountDownLatch(sections);
            final CountDownLatch shortDone = new CountDownLatch(shortTasks);
            final AtomicLong shortDoneAt = new AtomicLong();
            final AtomicInteger inline = new AtomicInteger();
            final AtomicInteger shortLeft = new AtomicInteger(shortTasks);
            // warm the submit and run paths first (the same tasks, no sections): what is timed
            // below is the flow past blocked sections, not the JIT compiling the pool
            final CountDownLatch warm = new CountDownLatch(shortTasks);
            for (int i = 0; i < shortTasks; i++) {
                pool.execute(warm::countDown);
            }
            await(warm, "warm-up tasks");
            final long t0 = System.nanoTime();
            for (int i = 0; i < sections; i++) {
                final int k = i;
                pool.execute(() -> {
                    try {
                        Blocking.run(() -> {
                            starts[k] = System.nanoTime();
                            if (!Blocking.inBlockingSection()) {
                                inline.incrementAndGet();
                            }
                            allStarted.countDown();
                            Thread.sleep(sleepMillis);
                            ends[k] = System.nanoTime();
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sectionsDone.countDown();
                });
            }
            // every section is blocked now (or the sections did not overlap, which fails below);
            // the two workers' threads went on to the next tasks at once
            await(allStarted, "all sections to start");
            final long shortStart = System.nanoTime();
            for (int i = 0; i < shortTasks; i++) {
                pool.execute(() -> {
                    // the last task stamps the time before its count-down, so the stamp is
                    // visible once the latch opens
                    if (shortLeft.decrementAndGet() == 0) {
                        shortDoneAt.set(System.nanoTime());
                    }
                    shortDone.countDown();
                });
            }
            await(shortDone, "short tasks");
            await(sectionsDone, "sections");
            final long total = System.nanoTime() - t0;
            long lastStart = Long.MIN_VALUE;
            long firstEnd = Long.MAX_VALUE;
            for (int i = 0; i < sections; i++) {
                lastStart = Math.max(lastStart, starts[i]);
                firstEnd = Math.min(firstEnd, ends[i]);
            }
            assertEquals(0, inline.get(), "every section must have handed off");
            assertTrue(lastStart < firstEnd, "all " + sections + " sections must overlap: last start "
                    + (lastStart - t0) / 1_000_000 + " ms, first end " + (firstEnd - t0) / 1_000_000 + " ms");
            assertTrue(shortDoneAt.get() != 0, "the last short task stamps its time");
            assertTrue(shortDoneAt.get() < firstEnd, "short tasks finished at "
                    + (shortDoneAt.get() - t0) / 1_000_000 + " ms, after the first section ended at "
                    + (firstEnd - t0) / 1_000_000 + " ms");
            assertTrue(total < TimeUnit.MILLISECONDS.toNanos(1000),
                    "took " + total / 1_000_000 + " ms for " + sections + " overlapping sections of "
                            + sleepMillis + " ms");
            System.out.printf("blocking flow: %d sections of %d ms + %d short tasks: all sections started"
                            + " at %d ms, short tasks submitted then and done at %d ms, first section"
                            + " ended at %d ms, all done at %d ms%n", sections, sleepMillis, shortTasks,
                    (shortStart - t0) / 1_000_000, (shortDoneAt.get() - t0) / 1_000_000,
                    (firstEnd - t0) / 1_000_000, total / 1_000_000);
        }
    }

    @Test
    void shouldNeverHandOffMoreSectionsThanMaxBlocking() throws Exception {
        final int sections = 12;
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(2)
                .namePrefix("blk-max").build()) {
            final AtomicInteger handedOff = new AtomicInteger();
            final AtomicInteger maxHandedOff = new AtomicInteger();
            final AtomicInteger inline = new AtomicInteger();
            final CountDownLatch done = new CountDownLatch(sections);
            for (int i = 0; i < sections; i++) {
                pool.execute(() -> {
                    try {
                        Blocking.run(() -> {
                            // sections hand off after a grace period, not at entry: watch for
                            // the moment this one loses its worker, through the section
                            boolean lost = false;
                            for (int slice = 0; slice < 50; slice++) {
                                if (!lost && Worker.current().isEmpty()) {
                                    lost = true;
                                    final int now = handedOff.incrementAndGet();
                                    maxHandedOff.accumulateAndGet(now, Math::max);
                                }
                                Thread.sleep(1);
                            }
                            if (lost) {
                                handedOff.decrementAndGet();
                            } else {
                                inline.incrementAndGet();
                            }
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            await(done, "all sections");
            assertTrue(maxHandedOff.get() <= 2, "handed-off sections at once: " + maxHandedOff.get());
            assertTrue(maxHandedOff.get() >= 1, "no section handed off");
            assertTrue(inline.get() >= 1, "with 12 sections and 2 permits some must run inline");
            System.out.printf("maxBlocking=2: %d sections, at most %d handed off at once, %d inline%n",
                    sections, maxHandedOff.get(), inline.get());
        }
    }

    @Test
    void shouldGiveTheCallerTheBodysCheckedExceptionUnchanged() throws Exception {
        final IOException failure = new IOException("disk on fire");
        // outside a pool: inline
        assertSame(failure, assertThrows(IOException.class, () -> Blocking.run(() -> {
            throw failure;
        })));
        assertSame(failure, assertThrows(IOException.class, () -> Blocking.blocking(() -> {
            throw failure;
        })));
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("blk-exc").build()) {
            final Future<Throwable> seen = pool.submit(() -> {
                try {
                    Blocking.<String>blocking(() -> {
                        assertTrue(Blocking.inBlockingSection());
                        throw failure;
                    });
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            assertSame(failure, seen.get(20, TimeUnit.SECONDS));
            final Future<String> value = pool.submit(() -> Blocking.blocking(() -> "result"));
            assertEquals("result", value.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRetireBackupThreadsAfterKeepAlive() throws Exception {
        final Duration keepAlive = Duration.ofMillis(300);
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(8).keepAlive(keepAlive)
                .namePrefix("blk-keep").build()) {
            final int sections = 4;
            final CountDownLatch inSection = new CountDownLatch(sections);
            final CountDownLatch release = new CountDownLatch(1);
            final CountDownLatch ended = new CountDownLatch(sections);
            for (int i = 0; i < sections; i++) {
                pool.execute(() -> {
                    Blocking.run(() -> {
                        inSection.countDown();
                        awaitQuietly(release);
                    });
                    ended.countDown();
                });
            }
            await(inSection, "sections");
            // two threads run the workers, four run sections (each handed off after the grace
            // period, so wait for the last hand-off): nothing else was ever started but the
            // pool's monitor thread
            PoolThreads.eventually(() -> PoolThreads.workersAndBackups("blk-keep").size() >= 2 + sections,
                    "the last section to hand off");
            assertEquals(2 + sections, PoolThreads.workersAndBackups("blk-keep").size(),
                    "threads: " + PoolThreads.of("blk-keep"));
            // every thread that becomes idle does so after this point (a section's thread, or a
            // parked worker thread whose worker a section's thread took back), so none may exit
            // before releasedAt + keepAlive
            final long releasedAt = System.nanoTime();
            release.countDown();
            await(ended, "sections to end");
            PoolThreads.eventually(() -> PoolThreads.workersAndBackups("blk-keep").size() == 2,
                    "the idle threads to retire");
            final long retiredAfter = System.nanoTime() - releasedAt;
            assertTrue(retiredAfter >= keepAlive.toNanos(),
                    "retired after " + retiredAfter / 1_000_000 + " ms, before keepAlive");
            assertEquals(2, PoolThreads.workersAndBackups("blk-keep").size(),
                    "threads: " + PoolThreads.of("blk-keep"));
            // the pool still works with the threads that took the workers over
            assertEquals(42, pool.submit(() -> 42).get(20, TimeUnit.SECONDS));
            System.out.printf("keepAlive=%d ms: %d section threads all retired %d ms after their sections were released%n",
                    keepAlive.toMillis(), sections, retiredAfter / 1_000_000);
        }
    }

    @Test
    void shouldNeverDeadlockWhenASectionWaitsForAChild() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            // one worker: without the hand-off nobody could run the child
            try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("blk-child").build()) {
                final Future<Integer> parent = pool.submit(() -> {
                    final Future<Integer> queuedBefore = pool.submit(() -> 1);
                    return Blocking.blocking(() -> {
                        // submitted from inside the section: goes to an inbox
                        final Future<Integer> submittedInside = pool.submit(() -> 2);
                        return queuedBefore.get() + submittedInside.get();
                    });
                });
                assertEquals(3, parent.get());
            }
        });
    }

    @Test
    void shouldRunInlineOutsideAPoolAndWhenNested() throws Exception {
        final Thread caller = Thread.currentThread();
        assertSame(caller, Blocking.blocking(Thread::currentThread));
        assertFalse(Blocking.inBlockingSection());
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("blk-nest").build()) {
            final Future<String> result = pool.submit(() -> {
                final Thread outer = Thread.currentThread();
                assertTrue(Worker.current().isPresent());
                return Blocking.blocking(() -> {
                    assertSame(outer, Thread.currentThread(), "the body runs on the caller");
                    assertTrue(Blocking.inBlockingSection());
                    // the worker is handed off once the section outlasts the grace period
                    PoolThreads.awaitHandedOff();
                    assertTrue(Blocking.inBlockingSection());
                    final Thread inner = Blocking.blocking(Thread::currentThread);
                    assertSame(outer, inner, "a nested section runs inline");
                    assertTrue(Blocking.inBlockingSection(), "still in the outer section");
                    return "ok";
                });
            });
            assertEquals("ok", result.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRunInlineInHooksAndStillTerminate() throws Exception {
        final AtomicInteger handedOffInHook = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(2);
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("blk-hook")
                .afterStart(() -> {
                    try {
                        Blocking.run(() -> {
                            if (Blocking.inBlockingSection()) {
                                handedOffInHook.incrementAndGet();
                            }
                        });
                    } finally {
                        started.countDown();
                    }
                })
                .aroundWorker((worker, loop) -> {
                    Blocking.run(() -> {
                        if (Blocking.inBlockingSection()) {
                            handedOffInHook.incrementAndGet();
                        }
                    });
                    loop.run();
                })
                .build();
        await(started, "afterStart hooks");
        assertEquals(7, pool.submit(() -> Blocking.blocking(() -> 7)).get(20, TimeUnit.SECONDS));
        final List<Thread> seen = PoolThreads.of("blk-hook");
        pool.shutdown();
        PoolThreads.assertTerminatedWithoutThreads(pool, seen);
        assertEquals(0, handedOffInHook.get(), "a hook or wrapper must not hand its worker off");
    }

    @Test
    void shouldLetOtherWorkersStealTheQueueWhenNoPermitIsFree() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(0)
                    .namePrefix("blk-steal").build()) {
                final int children = 16;
                final CountDownLatch childrenDone = new CountDownLatch(children);
                final AtomicReference<Worker> blocker = new AtomicReference<>();
                final AtomicInteger ranElsewhere = new AtomicInteger();
                final Future<Boolean> parent = pool.submit(() -> {
                    blocker.set(Worker.current().orElseThrow());
                    for (int i = 0; i < children; i++) {
                        // on this worker's own deque, behind the running task
                        pool.execute(() -> {
                            if (!Worker.current().orElseThrow().equals(blocker.get())) {
                                ranElsewhere.incrementAndGet();
                            }
                            childrenDone.countDown();
                        });
                    }
                    return Blocking.blocking(() -> {
                        // no permit: inline, the worker stays on this thread and blocks here
                        assertTrue(Worker.current().isPresent());
                        assertFalse(Blocking.inBlockingSection());
                        return childrenDone.await(20, TimeUnit.SECONDS);
                    });
                });
                assertTrue(parent.get(), "children queued behind the blocked worker never ran");
                assertEquals(children, ranElsewhere.get(), "every child must have been stolen");
            }
        });
    }

    @Test
    void shouldAcceptSpawnsFromASectionAfterShutdownAndTerminateWithoutThreads() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(4)
                .keepAlive(Duration.ofSeconds(30)).namePrefix("blk-shut").build();
        final CountDownLatch inSection = new CountDownLatch(2);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch followUps = new CountDownLatch(2);
        final AtomicBoolean rejected = new AtomicBoolean();
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                Blocking.run(() -> {
                    inSection.countDown();
                    awaitQuietly(release);
                    try {
                        pool.execute(followUps::countDown);
                    } catch (RuntimeException e) {
                        rejected.set(true);
                    }
                });
            });
        }
        await(inSection, "sections");
        final List<Thread> seen = PoolThreads.of("blk-shut");
        pool.shutdown();
        // the sections' tasks are still running: the pool must not terminate under them
        assertFalse(pool.awaitTermination(100, TimeUnit.MILLISECONDS), "terminated under running sections");
        release.countDown();
        await(followUps, "tasks spawned by the sections after shutdown");
        assertFalse(rejected.get());
        // the section threads are idle backups with a 30 s keepAlive: termination must end them
        PoolThreads.assertTerminatedWithoutThreads(pool, seen);
    }

    @Test
    void shouldInterruptSectionsOnShutdownNowAndEndEveryThread() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(8)
                .keepAlive(Duration.ofSeconds(30)).namePrefix("blk-now").build();
        // first leave two idle backups behind (each section waits for its hand-off, which
        // comes after the grace period)
        final CountDownLatch quick = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                Blocking.run(PoolThreads::awaitHandedOff);
                quick.countDown();
            });
        }
        await(quick, "quick sections");
        final int sections = 3;
        final CountDownLatch inSection = new CountDownLatch(sections);
        final CountDownLatch interrupted = new CountDownLatch(sections);
        for (int i = 0; i < sections; i++) {
            pool.execute(() -> {
                try {
                    Blocking.run(() -> {
                        inSection.countDown();
                        Thread.sleep(TimeUnit.SECONDS.toMillis(60));
                    });
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
        }
        await(inSection, "sections");
        final List<Thread> seen = PoolThreads.of("blk-now");
        pool.shutdownNow();
        await(interrupted, "interrupted sections");
        PoolThreads.assertTerminatedWithoutThreads(pool, seen);
    }

    @Test
    void shouldRunInlineOnAPlainThreadAndRejectNullBodies() throws Exception {
        final AtomicInteger ran = new AtomicInteger();
        Blocking.run(ran::incrementAndGet);
        assertEquals(1, ran.get());
        assertEquals("x", Blocking.blocking(() -> "x"));
        assertThrows(NullPointerException.class, () -> Blocking.blocking(null));
        assertThrows(NullPointerException.class, () -> Blocking.run(null));
    }

    @Test
    void shouldKeepTheFutureOfAHandedOffTaskWorking() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("blk-fut").build()) {
            final Future<Integer> f = pool.submit(() -> Blocking.blocking(() -> 7) * 6);
            assertEquals(42, f.get(20, TimeUnit.SECONDS));
            final Future<?> g = pool.submit(() -> {
                throw new IllegalStateException("after a section");
            });
            final ExecutionException e = assertThrows(ExecutionException.class, () -> g.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException);
        }
    }
}
