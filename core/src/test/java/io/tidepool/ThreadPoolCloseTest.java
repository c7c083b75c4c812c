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
import static io.tidepool.TestSupport.awaitQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close(): the JDK 19 {@code ExecutorService.close()} contract, also on JDK 17. */
@Timeout(30)
class ThreadPoolCloseTest {
    /** Starts a thread that runs {@code action} once {@code pool} is shut down. */
    private static Thread onceShutDown(ThreadPool pool, Runnable action, AtomicReference<String> problem) {
        final Thread t = new Thread(() -> {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestSupport.WAIT_SECONDS);
            while (!pool.isShutdown()) {
                if (System.nanoTime() > deadline) {
                    problem.set("the pool was never shut down");
                    return;
                }
                Thread.onSpinWait();
            }
            action.run();
        }, "after-shutdown");
        t.start();
        return t;
    }

    @Test
    void shouldWaitInCloseForRunningAndQueuedTasks() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicBoolean queuedRan = new AtomicBoolean();
        pool.execute(() -> {
            blocked.countDown();
            awaitQuietly(release);
            finished.set(true);
        });
        await(blocked, "the task to start");
        pool.execute(() -> queuedRan.set(true));
        final AtomicReference<String> problem = new AtomicReference<>();
        final Thread releaser = onceShutDown(pool, release::countDown, problem);
        pool.close();
        releaser.join();
        assertNull(problem.get());
        assertTrue(finished.get(), "close returned before the running task finished");
        assertTrue(queuedRan.get(), "close returned before the queued task ran");
        assertTrue(pool.isTerminated());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void shouldStopNowAndRestoreTheInterruptWhenInterruptedWhileClosing() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch taskInterrupted = new CountDownLatch(1);
        final AtomicBoolean queuedRan = new AtomicBoolean();
        pool.execute(() -> {
            blocked.countDown();
            try {
                new CountDownLatch(1).await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                taskInterrupted.countDown();
            }
        });
        await(blocked, "the task to start");
        pool.execute(() -> queuedRan.set(true));
        final Thread closer = Thread.currentThread();
        final AtomicReference<String> problem = new AtomicReference<>();
        final Thread interrupter = onceShutDown(pool, closer::interrupt, problem);
        final long start = System.nanoTime();
        pool.close();
        final boolean interruptRestored = Thread.interrupted();
        final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        interrupter.join();
        assertNull(problem.get());
        assertTrue(interruptRestored, "close did not restore the interrupt status");
        assertTrue(pool.isTerminated());
        assertTrue(pool.isShutdown());
        assertEquals(0, taskInterrupted.getCount(), "the running task was not interrupted");
        assertFalse(queuedRan.get(), "a queued task ran after shutdownNow");
        assertTrue(tookMillis < TestSupport.WAIT_SECONDS * 1000 / 2,
                "close waited for the task instead of stopping it: " + tookMillis + " ms");
    }

    @Test
    void shouldNotDeadlockWhenClosedFromInsideAWorker() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicBoolean laterRan = new AtomicBoolean();
        pool.execute(() -> {
            pool.execute(() -> laterRan.set(true));
            pool.close();
            closed.countDown();
        });
        await(closed, "close() called from a worker to return");
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        assertTrue(laterRan.get(), "the task spawned before close did not run");
    }

    @Test
    void shouldReturnAtOnceFromCloseOfATerminatedPool() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        pool.close();
        assertTrue(pool.isTerminated());
        pool.close();
        assertTrue(pool.isTerminated());
    }
}
