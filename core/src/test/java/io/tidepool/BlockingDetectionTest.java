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
import static io.tidepool.TestSupport.staysClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stuck-worker detector ({@link ThreadPoolBuilder#detectBlocking}): a task that blocks
 * without a blocking section loses its worker to a backup thread, once, and everything else
 * keeps flowing.
 */
@Timeout(90)
class BlockingDetectionTest {
    /** How long a stuck task would block if nobody released it. */
    static final long STUCK_MILLIS = 3_000;
    /** The other tasks must finish well before that, loaded machine included. */
    static final long FLOW_MILLIS = 2_000;

    /** A task that blocks without a section; its toString is what reports must name. */
    static final class StuckTask implements Runnable {
        final String name;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        /** Runs on the stuck thread before it blocks (spawns, say). */
        Runnable beforeBlocking = () -> { };
        /** Runs on the stuck thread while it blocks: waits for this, then runs {@link #midway}. */
        CountDownLatch midwayGate;
        Runnable midway = () -> { };
        volatile Thread thread;

        StuckTask(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            beforeBlocking.run();
            started.countDown();
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STUCK_MILLIS);
            try {
                if (midwayGate != null && midwayGate.await(STUCK_MILLIS, TimeUnit.MILLISECONDS)) {
                    midway.run();
                }
                // the blocking call nobody annotated: up to 3 s, or until the test releases it
                release.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.countDown();
        }

        @Override
        public String toString() {
            return "StuckTask[" + name + "]";
        }
    }

    static void eventually(BooleanSupplier condition, String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.yield();
        }
    }

    static List<Thread> threadsOf(String pool) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(pool + "-") && t.isAlive())
                .collect(Collectors.toList());
    }

    static void assertTerminatedWithoutThreads(ThreadPool pool) throws InterruptedException {
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), pool::toString);
        for (Thread t : threadsOf(pool.name())) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(t.isAlive(), t.getName() + " did not exit");
        }
    }

    @Test
    void shouldRetakeTheWorkerOfAStuckTaskOnceAndKeepEverythingElseFlowing(@TempDir Path dir)
            throws Exception {
        final Path file = dir.resolve("detected.jfr");
        final String name = "detect-one";
        final int spawnedBefore = 20;
        final int outside = 200;
        final int spawnedAfter = 20;
        try (Recording recording = new Recording()) {
            recording.enable("io.tidepool.BlockingDetected");
            recording.start();
            final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix(name)
                    .detectBlocking(Duration.ofMillis(50)).build();
            final CountDownLatch flow = new CountDownLatch(spawnedBefore + outside + spawnedAfter);
            final CountDownLatch outsideDone = new CountDownLatch(outside);
            final StuckTask stuck = new StuckTask("one");
            // spawned onto the worker's own deque before the retake: they end up in the orphan
            stuck.beforeBlocking = () -> {
                for (int i = 0; i < spawnedBefore; i++) {
                    pool.execute(flow::countDown);
                }
            };
            // spawned by the stuck task after its worker was retaken: they go to an inbox
            stuck.midwayGate = outsideDone;
            stuck.midway = () -> {
                for (int i = 0; i < spawnedAfter; i++) {
                    pool.execute(flow::countDown);
                }
            };
            final long t0 = System.nanoTime();
            pool.execute(stuck);
            await(stuck.started, "the stuck task");
            for (int i = 0; i < outside; i++) {
                pool.execute(() -> {
                    outsideDone.countDown();
                    flow.countDown();
                });
            }
            assertTrue(flow.await(FLOW_MILLIS, TimeUnit.MILLISECONDS),
                    () -> "tasks still waiting behind the stuck one: " + flow.getCount() + " " + pool);
            final long flowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(1, stuck.ended.getCount(), "the stuck task ended first: the test proves nothing");
            // the monitor counts a retake after handing the core over, so the tasks behind may
            // finish before the count moves
            eventually(() -> pool.metrics().blockingRetakeCount() == 1, "the retake's count");
            final PoolMetrics m = pool.metrics();
            assertEquals(1, m.blockingDetectionCount(), m::toString);
            assertEquals(1, m.blockingRetakeCount(), m::toString);
            assertEquals(1, m.numActiveBlockingSections(), m::toString);
            assertTrue(flowMillis < STUCK_MILLIS, "flow took " + flowMillis + " ms");

            final Thread stuckThread = stuck.thread;
            stuck.release.countDown();
            await(stuck.ended, "the stuck task's end");
            // its thread becomes an idle backup; the permit comes back
            eventually(() -> pool.metrics().numActiveBlockingSections() == 0, "the permit back");
            eventually(() -> pool.metrics().numIdleBackupThreads() == 1, "an idle backup");
            assertTrue(stuckThread.isAlive());
            assertEquals(1, pool.metrics().blockingDetectionCount(), "reported more than once");
            // the pool still works, then shuts down with every thread gone
            final CountDownLatch after = new CountDownLatch(1);
            pool.execute(after::countDown);
            await(after, "a task after the retake");
            pool.shutdown();
            assertTerminatedWithoutThreads(pool);
            assertFalse(stuckThread.isAlive());
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.tidepool.BlockingDetected"))
                .collect(Collectors.toList());
        assertEquals(1, events.size(), () -> "detection events: " + events);
        final RecordedEvent e = events.get(0);
        assertEquals(name, e.getString("pool"));
        assertEquals(0, e.getInt("worker"));
        assertEquals("StuckTask[one]", e.getString("task"));
        assertEquals(StuckTask.class.getName(), e.getString("taskClass"));
        assertTrue(e.getBoolean("retaken"), e::toString);
        assertTrue(e.getString("thread").startsWith(name + "-worker-"), e::toString);
        assertTrue(e.getString("stuckStackTrace").contains("StuckTask.run"), e::toString);
        assertTrue(e.getDuration("blockedFor").compareTo(Duration.ofMillis(50)) >= 0, e::toString);
    }

    @Test
    void shouldNameTheSubmittedTaskWhenThePoolDecoratesTasks(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("detected-decorated.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.tidepool.BlockingDetected");
            recording.start();
            final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("detect-deco")
                    .detectBlocking(Duration.ofMillis(50))
                    .taskDecorator(task -> () -> task.run()).build();
            final StuckTask stuck = new StuckTask("decorated");
            pool.execute(new DecoratedStuck(stuck));
            await(stuck.started, "the stuck task");
            eventually(() -> pool.metrics().blockingDetectionCount() == 1, "the detection");
            stuck.release.countDown();
            pool.shutdown();
            assertTerminatedWithoutThreads(pool);
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.tidepool.BlockingDetected"))
                .collect(Collectors.toList());
        assertEquals(1, events.size(), () -> "detection events: " + events);
        assertEquals("StuckTask[decorated]", events.get(0).getString("task"));
        // a class of its own: the class name of a StuckTask may already sit in JFR's string
        // pool from another test's recording in this JVM, and then reads back as null
        assertEquals(DecoratedStuck.class.getName(), events.get(0).getString("taskClass"),
                events.get(0)::toString);
    }

    /** A stuck task under a class name no other test records. */
    private record DecoratedStuck(StuckTask stuck) implements Runnable {
        @Override
        public void run() {
            stuck.run();
        }

        @Override
        public String toString() {
            return stuck.toString();
        }
    }

    @Test
    void shouldRetakeBothWorkersWhenBothAreStuck() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("detect-two")
                .detectBlocking(Duration.ofMillis(50)).build();
        final StuckTask a = new StuckTask("a");
        final StuckTask b = new StuckTask("b");
        final CountDownLatch bothStarted = new CountDownLatch(2);
        a.beforeBlocking = bothStarted::countDown;
        b.beforeBlocking = bothStarted::countDown;
        pool.execute(a);
        pool.execute(b);
        await(bothStarted, "both stuck tasks on the two workers");
        final int n = 500;
        final CountDownLatch flow = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(flow::countDown);
        }
        assertTrue(flow.await(FLOW_MILLIS, TimeUnit.MILLISECONDS),
                () -> "tasks still waiting: " + flow.getCount() + " " + pool);
        // the first retake's backup may have run them all; the second detection follows
        eventually(() -> pool.metrics().blockingRetakeCount() == 2, "both retakes");
        assertEquals(1, a.ended.getCount() + b.ended.getCount() - 1, "a stuck task ended first");
        final PoolMetrics m = pool.metrics();
        assertEquals(2, m.blockingDetectionCount(), m::toString);
        assertEquals(2, m.numActiveBlockingSections(), m::toString);
        // and the pool still has two working workers: a task that waits for another runs
        final CountDownLatch inner = new CountDownLatch(1);
        final CountDownLatch outer = new CountDownLatch(1);
        pool.execute(() -> {
            pool.execute(inner::countDown);
            if (TestSupport.awaitQuietly(inner)) {
                outer.countDown();
            }
        });
        await(outer, "a task and its child on the retaken workers");
        a.release.countDown();
        b.release.countDown();
        pool.shutdown();
        assertTerminatedWithoutThreads(pool);
        assertEquals(2, pool.metrics().blockingDetectionCount());
    }

    @Test
    void shouldNotDetectTasksShorterThanTheThreshold() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("detect-short")
                .detectBlocking(Duration.ofMillis(150)).build();
        final int n = 5;
        final CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(() -> {
                // 30 ms of blocking, well under the threshold
                try {
                    new CountDownLatch(1).await(30, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
        }
        await(done, "the short blocking tasks");
        assertEquals(0, pool.metrics().blockingDetectionCount(), pool::toString);
        // the same detector does see a long one (so the zero above means something)
        final StuckTask stuck = new StuckTask("long");
        pool.execute(stuck);
        eventually(() -> pool.metrics().blockingDetectionCount() == 1, "the long task's detection");
        stuck.release.countDown();
        TestSupport.shutdownAndAwait(pool);
    }

    @Test
    void shouldReportButNotRetakeWithoutPermits() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("detect-zero")
                .maxBlocking(0).detectBlocking(Duration.ofMillis(50)).build();
        final StuckTask stuck = new StuckTask("no-permit");
        pool.execute(stuck);
        await(stuck.started, "the stuck task");
        eventually(() -> pool.metrics().blockingDetectionCount() == 1, "the detection");
        final CountDownLatch behind = new CountDownLatch(1);
        pool.execute(behind::countDown);
        // no retake: with one worker, the task behind waits for the stuck one
        assertTrue(staysClosed(behind, 300), "a task ran behind a stuck worker without a retake");
        final PoolMetrics m = pool.metrics();
        assertEquals(0, m.blockingRetakeCount(), m::toString);
        assertEquals(0, m.numBackupThreads(), m::toString);
        stuck.release.countDown();
        await(behind, "the task behind, after the stuck one");
        assertEquals(1, pool.metrics().blockingDetectionCount(), "reported more than once");
        pool.shutdown();
        assertTerminatedWithoutThreads(pool);
    }

    @Test
    void shutdownNowShouldReturnOrRunEveryTaskLeftInTheOrphanDeque() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("detect-now")
                .detectBlocking(Duration.ofMillis(50)).build();
        final StuckTask stuck = new StuckTask("now");
        final List<Runnable> spawned = new ArrayList<>();
        final Set<Runnable> ran = ConcurrentHashMap.newKeySet();
        final CountDownLatch gate = new CountDownLatch(1);
        // spawned onto the worker's deque before the retake; the first one, if the new holder
        // of the worker takes it before shutdownNow, holds that thread until the gate opens
        stuck.beforeBlocking = () -> {
            for (int i = 0; i < 6; i++) {
                final boolean holder = i == 0;
                final Runnable[] self = new Runnable[1];
                self[0] = () -> {
                    ran.add(self[0]);
                    if (holder) {
                        TestSupport.awaitQuietly(gate);
                    }
                };
                spawned.add(self[0]);
                pool.execute(self[0]);
            }
        };
        pool.execute(stuck);
        await(stuck.started, "the stuck task");
        eventually(() -> pool.metrics().blockingRetakeCount() == 1, "the retake");
        final List<Runnable> unstarted = pool.shutdownNow();
        gate.countDown();
        stuck.release.countDown();
        assertTerminatedWithoutThreads(pool);
        // each spawned task exactly once: returned by shutdownNow, or run (never both)
        for (Runnable r : spawned) {
            final boolean returned = unstarted.contains(r);
            assertTrue(returned != ran.contains(r),
                    () -> "returned " + returned + ", ran " + ran.contains(r) + ": " + r);
        }
        assertEquals(unstarted.size(), new HashSet<>(unstarted).size(), "returned twice");
        assertTrue(spawned.containsAll(unstarted), () -> "unexpected tasks: " + unstarted);
    }

    @Test
    void shouldDetectAnAsyncTaskWhosePollBlocks() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("detect-async")
                .detectBlocking(Duration.ofMillis(50)).build();
        final StuckTask body = new StuckTask("async");
        final TaskHandle<String> handle = pool.spawn(cx -> {
            body.run();
            return Poll.ready("done");
        });
        await(body.started, "the blocking poll");
        final CountDownLatch behind = new CountDownLatch(1);
        pool.execute(behind::countDown);
        assertTrue(behind.await(FLOW_MILLIS, TimeUnit.MILLISECONDS), pool::toString);
        // counted after the hand-off: the task behind may run first
        eventually(() -> pool.metrics().blockingRetakeCount() == 1, "the retake's count");
        assertEquals(1, pool.metrics().blockingRetakeCount(), pool::toString);
        body.release.countDown();
        assertEquals("done", handle.get(WAIT_SECONDS, TimeUnit.SECONDS));
        pool.shutdown();
        assertTerminatedWithoutThreads(pool);
    }

    @Test
    void builderShouldRejectANonPositiveThreshold() {
        assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().detectBlocking(Duration.ZERO).build());
        assertThrows(NullPointerException.class, () -> ThreadPool.builder().detectBlocking(null));
    }
}
