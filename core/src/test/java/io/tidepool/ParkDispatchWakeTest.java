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

import static io.tidepool.TestSupport.awaitAllParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.internal.park.ThreadPark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Wakes that a worker's own park makes (a reactor's park waking the tasks whose readiness it
 * found) are run by that worker and unpark nobody: the owner runs its deque as soon as the park
 * returns, and a second worker woken for the batch cost a cross-thread wake (for a reactor, a
 * {@code Selector.wakeup()}) and then mostly found the batch already run. The park here stands
 * in for a reactor: when let go, it wakes, on the worker's thread and inside {@code park()},
 * the wakers handed to it.
 *
 * <p>Such a batch runs in the order the park woke it, oldest wake first, as Netty runs the keys
 * of one select in select order: the worker loop's LIFO rule (the newest task spawned by the
 * task that ran last goes next) must not take the newest wake first, or the socket a select
 * found ready last goes ahead of every socket found ready before it. That test has one worker,
 * so nobody steals and the order is the worker loop's alone.
 */
class ParkDispatchWakeTest {
    private static final int ROUNDS = 20;
    private static final int WORKERS = 2;
    /** Tasks one dispatch wakes: a batch, as one select reports several sockets. */
    private static final int BATCH = 4;
    private static final int ORDER_ROUNDS = 10;
    /** Tasks one dispatch wakes in the order test. */
    private static final int ORDER_BATCH = 6;

    @Test
    void shouldRunABatchWokenInsideTheOwnersParkOnTheOwnerWithoutUnparkingAnyWorker()
            throws InterruptedException {
        final AtomicInteger unparks = new AtomicInteger();
        final DispatchingPark[] parks = new DispatchingPark[WORKERS];
        try (ThreadPool pool = ThreadPool.builder().poolSize(WORKERS).namePrefix("park-dispatch")
                .customPark(id -> parks[id.index()] = new DispatchingPark(unparks)).build()) {
            for (int round = 0; round < ROUNDS; round++) {
                final Queue<Waker> waiting = new ConcurrentLinkedQueue<>();
                final CountDownLatch armed = new CountDownLatch(BATCH);
                final CountDownLatch done = new CountDownLatch(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    pool.spawnDetached(new WaitOnce(waiting, armed, done));
                }
                assertTrue(armed.await(10, TimeUnit.SECONDS), "round " + round + ": tasks waiting");
                awaitAllParked(pool);
                final int unparksBefore = unparks.get();
                final long stealsBefore = pool.metrics().stealCount();
                final int owner = round % WORKERS;
                parks[owner].dispatch(waiting);
                assertTrue(done.await(10, TimeUnit.SECONDS), "round " + round + ": tasks done");
                // the owner ran the batch and went back to sleep: any wake it caused has happened
                awaitAllParked(pool);
                assertEquals(0, unparks.get() - unparksBefore, "unparks in round " + round);
                assertEquals(0, pool.metrics().stealCount() - stealsBefore,
                        "tasks stolen in round " + round);
            }
            assertEquals(2L * ROUNDS * BATCH, pool.metrics().pollCount(), pool.metrics()::toString);
        }
    }

    @Test
    void shouldRunTasksWokenByOneParkInTheOrderTheParkWokeThem() throws InterruptedException {
        final DispatchingPark[] park = new DispatchingPark[1];
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("park-order")
                .customPark(id -> park[0] = new DispatchingPark(new AtomicInteger())).build()) {
            for (int round = 0; round < ORDER_ROUNDS; round++) {
                final Queue<Integer> ran = new ConcurrentLinkedQueue<>();
                final Waker[] wakers = new Waker[ORDER_BATCH];
                final CountDownLatch armed = new CountDownLatch(ORDER_BATCH);
                final CountDownLatch done = new CountDownLatch(ORDER_BATCH);
                for (int i = 0; i < ORDER_BATCH; i++) {
                    pool.spawnDetached(new WaitInOrder(i, wakers, ran, armed, done));
                }
                assertTrue(armed.await(10, TimeUnit.SECONDS), "round " + round + ": tasks waiting");
                awaitAllParked(pool);
                // readiness order differs from spawn order: rotate by the round
                final List<Integer> order = new ArrayList<>();
                for (int i = 0; i < ORDER_BATCH; i++) {
                    order.add((i + round) % ORDER_BATCH);
                }
                final Queue<Waker> batch = new ConcurrentLinkedQueue<>();
                for (int i : order) {
                    batch.add(wakers[i]);
                }
                park[0].dispatch(batch);
                assertTrue(done.await(10, TimeUnit.SECONDS), "round " + round + ": tasks done");
                assertEquals(order, new ArrayList<>(ran), "run order in round " + round);
            }
        }
    }

    /** Hands its waker over on its first poll, records its index on the second, and completes. */
    private static final class WaitInOrder implements AsyncTask<Void> {
        private final int index;
        private final Waker[] wakers;
        private final Queue<Integer> ran;
        private final CountDownLatch armed;
        private final CountDownLatch done;
        private boolean waited;

        WaitInOrder(int index, Waker[] wakers, Queue<Integer> ran, CountDownLatch armed, CountDownLatch done) {
            this.index = index;
            this.wakers = wakers;
            this.ran = ran;
            this.armed = armed;
            this.done = done;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) {
            if (!waited) {
                waited = true;
                // published to the test thread by the latch's countDown
                wakers[index] = cx.waker();
                armed.countDown();
                return Poll.pending();
            }
            ran.add(index);
            done.countDown();
            return Poll.ready(null);
        }
    }

    /** Waits once (its first poll hands its waker over), then completes. */
    private static final class WaitOnce implements AsyncTask<Void> {
        private final Queue<Waker> waiting;
        private final CountDownLatch armed;
        private final CountDownLatch done;
        private boolean woken;

        WaitOnce(Queue<Waker> waiting, CountDownLatch armed, CountDownLatch done) {
            this.waiting = waiting;
            this.armed = armed;
            this.done = done;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) {
            if (!woken) {
                woken = true;
                waiting.add(cx.waker());
                armed.countDown();
                return Poll.pending();
            }
            done.countDown();
            return Poll.ready(null);
        }
    }

    /**
     * The default park, counting the pool's unparks of every worker; {@link #dispatch} lets
     * it go without counting, and the park then wakes the given wakers before it returns.
     */
    private static final class DispatchingPark implements Park, Unpark {
        private final ThreadPark delegate = new ThreadPark();
        private final AtomicInteger unparks;
        private final Queue<Waker> ready = new ConcurrentLinkedQueue<>();

        DispatchingPark(AtomicInteger unparks) {
            this.unparks = unparks;
        }

        /** Readiness: {@code wakers} are woken inside this worker's park. */
        void dispatch(Queue<Waker> wakers) {
            ready.addAll(wakers);
            delegate.unpark();
        }

        @Override
        public void park() {
            delegate.park();
            wakeReady();
        }

        @Override
        public void park(Duration timeout) {
            delegate.park(timeout);
            wakeReady();
        }

        private void wakeReady() {
            Waker w;
            while ((w = ready.poll()) != null) {
                w.wake();
            }
        }

        @Override
        public void unpark() {
            unparks.incrementAndGet();
            delegate.unpark();
        }

        @Override
        public Unpark unparker() {
            return this;
        }
    }
}
