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
import org.junit.jupiter.api.Test;

/**
 * Tasks that one park wakes (a reactor's select reporting several sockets) run in the order the
 * park woke them, oldest wake first, as Netty runs the keys of one select in select order. The
 * worker loop's LIFO rule (the newest task spawned by the task that ran last goes next) must
 * not apply to them: a wake inside the park is not a spawn, and running the newest first let
 * the connection found ready last overtake every connection found ready before it.
 *
 * <p>One worker, so nobody steals and the order is the worker loop's alone.
 */
class ParkWakeOrderTest {
    private static final int ROUNDS = 10;
    private static final int BATCH = 6;

    @Test
    void shouldRunTasksWokenByOneParkInTheOrderTheParkWokeThem() throws InterruptedException {
        final WakingPark[] park = new WakingPark[1];
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("park-order")
                .customPark(id -> park[0] = new WakingPark()).build()) {
            for (int round = 0; round < ROUNDS; round++) {
                final Queue<Integer> ran = new ConcurrentLinkedQueue<>();
                final Waker[] wakers = new Waker[BATCH];
                final CountDownLatch armed = new CountDownLatch(BATCH);
                final CountDownLatch done = new CountDownLatch(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    pool.spawnDetached(new WaitOnce(i, wakers, ran, armed, done));
                }
                assertTrue(armed.await(10, TimeUnit.SECONDS), "round " + round + ": tasks waiting");
                awaitAllParked(pool);
                // readiness order differs from spawn order: rotate by the round
                final List<Integer> order = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    order.add((i + round) % BATCH);
                }
                final List<Waker> batch = new ArrayList<>();
                for (int i : order) {
                    batch.add(wakers[i]);
                }
                park[0].wakeInside(batch);
                assertTrue(done.await(10, TimeUnit.SECONDS), "round " + round + ": tasks done");
                assertEquals(order, new ArrayList<>(ran), "run order in round " + round);
            }
        }
    }

    /** Hands its waker over on its first poll, records its index on the second, and completes. */
    private static final class WaitOnce implements AsyncTask<Void> {
        private final int index;
        private final Waker[] wakers;
        private final Queue<Integer> ran;
        private final CountDownLatch armed;
        private final CountDownLatch done;
        private boolean waited;

        WaitOnce(int index, Waker[] wakers, Queue<Integer> ran, CountDownLatch armed, CountDownLatch done) {
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

    /**
     * The default park; {@link #wakeInside} lets it go, and before it returns it wakes the
     * given wakers in order, on the worker's thread, as a reactor's select does.
     */
    private static final class WakingPark implements Park {
        private final ThreadPark delegate = new ThreadPark();
        private final Queue<Waker> ready = new ConcurrentLinkedQueue<>();

        void wakeInside(List<Waker> wakers) {
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
        public Unpark unparker() {
            return delegate.unparker();
        }
    }
}
