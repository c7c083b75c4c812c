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

package io.tidepool.fault;

import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Waker;
import io.tidepool.internal.task.AsyncTaskCell;
import io.tidepool.internal.task.TaskScheduler;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 2: a throw inside {@link Waker#wake()} after the task moved to SCHEDULED must
 * not leave it queued nowhere with every later wake ignored.
 */
class WakeFailureTest {
    /** A pool stand-in whose next reschedules throw, before or after queuing the cell. */
    private static final class FaultyScheduler implements TaskScheduler {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        int reschedules;
        int terminations;
        int failuresLeft;
        boolean queueBeforeFailing;
        final Error failure = new StackOverflowError("injected");

        @Override
        public boolean reschedule(Runnable task) {
            reschedules++;
            if (failuresLeft > 0) {
                failuresLeft--;
                if (queueBeforeFailing) {
                    queue.add(task);
                }
                throw failure;
            }
            queue.add(task);
            return true;
        }

        @Override
        public void taskTerminated(AsyncTaskCell<?> cell) {
            terminations++;
        }

        int runQueued() {
            int n = 0;
            Runnable r;
            while ((r = queue.poll()) != null) {
                r.run();
                n++;
            }
            return n;
        }
    }

    /** Pending for the first {@code pending} polls, then ready; counts polls. */
    private static final class Counting implements io.tidepool.AsyncTask<String> {
        final AtomicInteger polls = new AtomicInteger();
        final int pending;

        Counting(int pending) {
            this.pending = pending;
        }

        @Override
        public Poll<String> poll(io.tidepool.TaskContext cx) {
            return polls.incrementAndGet() > pending ? Poll.ready("done") : Poll.pending();
        }
    }

    @Test
    void shouldQueueOnTheNextWakeWhenAWakeThrewBeforeQueuing() throws Exception {
        assertNextWakeWorks(false);
    }

    @Test
    void shouldQueueOnTheNextWakeWhenAWakeThrewAfterQueuing() throws Exception {
        assertNextWakeWorks(true);
    }

    private static void assertNextWakeWorks(boolean queueBeforeFailing) throws Exception {
        final FaultyScheduler scheduler = new FaultyScheduler();
        final Counting task = new Counting(2);
        final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);
        cell.run();
        assertEquals("IDLE", cell.stateName());
        scheduler.failuresLeft = 1;
        scheduler.queueBeforeFailing = queueBeforeFailing;
        assertSame(scheduler.failure, assertThrows(StackOverflowError.class, cell::wake));
        // a copy that reached a queue before the throw still polls the task
        scheduler.runQueued();
        cell.wake();
        scheduler.runQueued();
        cell.wake();
        scheduler.runQueued();
        assertEquals("done", cell.get(1, TimeUnit.SECONDS), "state " + cell.stateName());
        assertEquals(3, task.polls.get(), "polls");
        assertEquals(1, scheduler.terminations);
    }

    @Test
    void shouldFailTheTaskWhenTheWorkersRequeueAfterANotifiedPollThrows() {
        final FaultyScheduler scheduler = new FaultyScheduler();
        final AsyncTaskCell<String>[] self = newCellArray();
        final AtomicInteger polls = new AtomicInteger();
        self[0] = new AsyncTaskCell<>(cx -> {
            if (polls.incrementAndGet() == 1) {
                // woken during its own poll: the poll's end re-queues it
                cx.waker().wake();
            }
            return Poll.pending();
        }, scheduler);
        scheduler.failuresLeft = 1;
        self[0].run();
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> self[0].get(1, TimeUnit.SECONDS));
        assertSame(scheduler.failure, e.getCause());
        assertEquals(1, scheduler.terminations);
    }

    @SuppressWarnings("unchecked")
    private static AsyncTaskCell<String>[] newCellArray() {
        return new AsyncTaskCell[1];
    }

    @Test
    void shouldRunATaskWokenAgainAfterWakesOverflowedInAPool() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        try {
            final CompletableFuture<Waker> waker = new CompletableFuture<>();
            final AtomicInteger polls = new AtomicInteger();
            final CompletableFuture<Boolean> release = new CompletableFuture<>();
            final TaskHandle<String> handle = pool.spawn(cx -> {
                polls.incrementAndGet();
                waker.complete(cx.waker());
                return release.isDone() ? Poll.ready("done") : Poll.pending();
            });
            final Waker w = waker.get(20, TimeUnit.SECONDS);
            for (int storm = 0; storm < 20; storm++) {
                final Thread t = new Thread(null, () -> new ActionStorm(w::wake).dive(), "wake-storm", 1 << 18);
                t.start();
                t.join(TimeUnit.SECONDS.toMillis(20));
            }
            release.complete(true);
            w.wake();
            assertEquals("done", handle.get(20, TimeUnit.SECONDS), "polls " + polls.get());
            shutdownAndAwait(pool);
            assertTrue(pool.isTerminated());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pools, each through {@value #STORMS} storms of {@value #STORM_THREADS} threads. */
    private static final int POOLS = 25;
    private static final int STORMS = 10;
    private static final int STORM_THREADS = 3;

    /**
     * Several threads at their stack limits at once, two waking one task and one submitting new
     * tasks, while the workers park and wake: the contention the single-thread storm above
     * rarely meets. Before the fixes it exercises, about two JVMs in five running five such
     * pools lost the task (left SCHEDULED in no queue, every later wake ignored) or wedged the
     * pool (a worker counted as searching while every worker slept, or the idle set's lock left
     * held by a storm thread, so nothing ran again).
     */
    @Test
    void shouldRunATaskWokenAgainAfterParallelWakeAndSubmitStorms() throws Exception {
        for (int round = 0; round < POOLS; round++) {
            final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
            try {
                final CompletableFuture<Waker> waker = new CompletableFuture<>();
                final CompletableFuture<Boolean> release = new CompletableFuture<>();
                final TaskHandle<String> handle = pool.spawn(cx -> {
                    waker.complete(cx.waker());
                    return release.isDone() ? Poll.ready("done") : Poll.pending();
                });
                final Waker w = waker.get(20, TimeUnit.SECONDS);
                // created here, not at the bottom of a dive, where linking its call site could overflow
                final Runnable nothing = () -> { };
                for (int storm = 0; storm < STORMS; storm++) {
                    final Thread[] threads = new Thread[STORM_THREADS];
                    for (int i = 0; i < STORM_THREADS; i++) {
                        final Runnable act = i % 2 == 0 ? w::wake : () -> pool.execute(nothing);
                        threads[i] = new Thread(null, () -> new ActionStorm(act).dive(), "storm-" + i, 1 << 18);
                        threads[i].start();
                    }
                    for (Thread t : threads) {
                        t.join(TimeUnit.SECONDS.toMillis(20));
                        assertTrue(!t.isAlive(), "a storm thread hung: " + pool);
                    }
                }
                release.complete(true);
                w.wake();
                final CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertTrue(ran.await(20, TimeUnit.SECONDS), "a new task never ran (round " + round + "): " + pool);
                assertEquals("done", handle.get(20, TimeUnit.SECONDS), "round " + round + ": " + handle + " " + pool);
                shutdownAndAwait(pool);
                assertTrue(pool.isTerminated());
            } finally {
                // from a daemon thread, bounded: on a wedged pool (the idle set's lock left held
                // by a storm thread that died) shutdownNow blocks too, and the test must fail,
                // not hang
                final Thread stopper = new Thread(pool::shutdownNow, "stopper");
                stopper.setDaemon(true);
                stopper.start();
                stopper.join(TimeUnit.SECONDS.toMillis(20));
                assertTrue(!stopper.isAlive(), "shutdownNow hung: " + pool);
            }
        }
    }

    /** Recurses to the stack limit, then runs an action once per frame while unwinding. */
    private static final class ActionStorm {
        private final Runnable action;

        ActionStorm(Runnable action) {
            this.action = action;
        }

        void dive() {
            try {
                dive();
            } catch (StackOverflowError expected) {
                // the bottom of the dive; unwind and act
            }
            try {
                action.run();
            } catch (StackOverflowError expected) {
                // overflowed inside the action: the pool must stay usable, which the test checks
            }
        }
    }
}
