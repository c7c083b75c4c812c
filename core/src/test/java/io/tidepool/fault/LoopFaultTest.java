/*
 * Copyright 2026 The tidepool authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.tidepool.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerThread;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A throw out of the worker loop itself, outside any task (a fault of the pool's code, or an
 * {@code Error} such as {@code OutOfMemoryError} while a queue grows), is reported to the pool's
 * handler and the worker goes on: before, the thread died of it, its queues were stranded and
 * the pool never terminated. The fault here is a null among the orphan deques, which every
 * search of the worker meets until the test removes it.
 */
@Timeout(60)
class LoopFaultTest {

    @Test
    void shouldReportALoopFaultOnceAndKeepTheWorkerRunning() throws Exception {
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        final CountDownLatch reported = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder()
                .poolSize(1)
                .uncaughtExceptionHandler((t, e) -> {
                    uncaught.add(e);
                    reported.countDown();
                })
                .build();
        try {
            final AtomicReference<Pool> internals = new AtomicReference<>();
            pool.execute(() -> {
                final Pool p = ((WorkerThread) Thread.currentThread()).pool();
                internals.set(p);
                p.addOrphan(null);
            });
            assertTrue(reported.await(10, TimeUnit.SECONDS), "the loop's fault was not reported");
            // the worker has met the fault at least once; more searches meet it while the test
            // runs (each backs off), and only the first of the run is reported
            internals.get().removeOrphan(null);

            final CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the worker no longer runs tasks");
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the pool did not terminate");
            assertEquals(1, uncaught.size(), () -> "reports: " + uncaught);
            assertInstanceOf(NullPointerException.class, uncaught.get(0));
        } finally {
            pool.shutdownNow();
        }
    }
}
