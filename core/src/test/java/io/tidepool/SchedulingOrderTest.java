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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order in which one worker runs the tasks its own tasks spawn: oldest first, except that
 * the newest spawn of the task that just ran goes next, at most three times in a row (the LIFO
 * rule of {@code WorkerLoop.next}). One worker, so the order is deterministic.
 */
@Timeout(60)
class SchedulingOrderTest {

    @Test
    void shouldRunTheNewestSpawnNextThenTheOldest() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        final List<String> order = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(4);
        pool.execute(() -> {
            order.add("t0");
            for (String name : List.of("c1", "c2", "c3")) {
                pool.execute(() -> {
                    order.add(name);
                    done.countDown();
                });
            }
            done.countDown();
        });
        await(done, "the tasks");
        shutdownAndAwait(pool);
        // c3 was spawned last by t0; c3 spawned nothing, so the oldest go next
        assertEquals(List.of("t0", "c3", "c1", "c2"), order);
    }

    @Test
    void shouldRunAtMostThreeSpawnsInARowBeforeTheOldest() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        final List<String> order = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(6);
        pool.execute(() -> {
            order.add("t0");
            pool.execute(() -> {
                order.add("queued");
                done.countDown();
            });
            pool.execute(chain(pool, order, done, 1));
            done.countDown();
        });
        await(done, "the tasks");
        shutdownAndAwait(pool);
        // each link spawns the next; the fourth waits behind the task queued before the chain
        assertEquals(List.of("t0", "link1", "link2", "link3", "queued", "link4"), order);
    }

    private static Runnable chain(ThreadPool pool, List<String> order, CountDownLatch done, int i) {
        return () -> {
            order.add("link" + i);
            if (i < 4) {
                pool.execute(chain(pool, order, done, i + 1));
            }
            done.countDown();
        };
    }
}
