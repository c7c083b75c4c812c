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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The aroundWorker hook: it wraps each worker loop on its thread and receives the worker. */
@Timeout(30)
class AroundWorkerTest {
    @Test
    void shouldWrapEachWorkerLoopAndPassTheWorker() throws Exception {
        final int n = 2;
        final ThreadLocal<String> context = new ThreadLocal<>();
        final Set<Integer> wrappedIds = ConcurrentHashMap.newKeySet();
        final AtomicReference<String> problem = new AtomicReference<>();
        final AtomicInteger loopsReturned = new AtomicInteger();
        final AtomicReference<ThreadPool> built = new AtomicReference<>();
        final CountDownLatch wrapped = new CountDownLatch(n);
        final ThreadPool pool = ThreadPool.builder().poolSize(n).namePrefix("wrapped")
                .aroundWorker((worker, loop) -> {
                    wrappedIds.add(worker.id().index());
                    if (!Worker.current().map(w -> w == worker).orElse(false)) {
                        problem.compareAndSet(null, "Worker.current() is not the wrapped worker");
                    }
                    context.set("worker " + worker.id().index());
                    wrapped.countDown();
                    try {
                        loop.run();
                    } finally {
                        context.remove();
                        loopsReturned.incrementAndGet();
                    }
                })
                .uncaughtExceptionHandler((t, e) -> problem.compareAndSet(null, "task failed: " + e))
                .build();
        built.set(pool);
        assertTrue(wrapped.await(5, TimeUnit.SECONDS), "aroundWorker was not called for every worker"
                + " (a worker thread died before its loop?)");
        final int tasks = 200;
        final CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                final Worker w = Worker.current().orElseThrow();
                if (!("worker " + w.id().index()).equals(context.get())) {
                    problem.compareAndSet(null, "task saw context " + context.get() + " on " + w);
                }
                if (w.pool() != built.get()) {
                    problem.compareAndSet(null, "worker of another pool: " + w);
                }
                done.countDown();
            });
        }
        await(done, "tasks");
        shutdownAndAwait(pool);
        assertNull(problem.get());
        assertEquals(Set.of(0, 1), wrappedIds);
        assertEquals(n, loopsReturned.get(), "every wrapped loop returned at termination");
    }

    @Test
    void shouldPassAWorkerOfThisPoolToAroundWorkerEvenWhileBuilding() throws Exception {
        // aroundWorker is called on the worker thread as soon as it starts, possibly before
        // build() has returned: the worker it receives must already be usable
        for (int round = 0; round < 20; round++) {
            final int n = 4;
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Set<Integer> ids = ConcurrentHashMap.newKeySet();
            final CountDownLatch wrapped = new CountDownLatch(n);
            final ThreadPool pool = ThreadPool.builder().poolSize(n)
                    .aroundWorker((worker, loop) -> {
                        try {
                            ids.add(worker.id().index());
                            worker.pool().name();
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        } finally {
                            wrapped.countDown();
                        }
                        loop.run();
                    })
                    .build();
            try {
                final boolean allWrapped = wrapped.await(5, TimeUnit.SECONDS);
                assertNull(failure.get(), "aroundWorker got an unusable worker in round " + round);
                assertTrue(allWrapped, "aroundWorker was not called for every worker in round " + round
                        + " (a worker thread died before its loop?): " + ids);
                assertEquals(Set.of(0, 1, 2, 3), ids);
            } finally {
                pool.shutdown();
                assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS),
                        "pool did not terminate in round " + round + ": " + pool);
            }
        }
    }

    @Test
    void shouldReportAndStillRunTheLoopWhenAroundWorkerForgetsIt() throws Exception {
        final int n = 2;
        final CountDownLatch reported = new CountDownLatch(n);
        final AtomicReference<Throwable> other = new AtomicReference<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(n)
                .aroundWorker((worker, loop) -> {
                    // forgets to call loop.run()
                })
                .uncaughtExceptionHandler((t, e) -> {
                    if (e instanceof IllegalStateException
                            && e.getMessage().contains("without running the worker loop")) {
                        reported.countDown();
                    } else {
                        other.compareAndSet(null, e);
                    }
                })
                .build();
        await(reported, "reports of the forgotten loop");
        final CountDownLatch ran = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            pool.execute(ran::countDown);
        }
        await(ran, "tasks on workers whose wrapper forgot the loop");
        shutdownAndAwait(pool);
        assertNull(other.get());
    }
}
