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

package io.tidepool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.RejectionHandler;
import io.tidepool.ThreadPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/configuration.md, each run and checked. */
class ConfigurationSnippetsTest {
    @Test
    void everyOption() throws Exception {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Thread> workers = new CopyOnWriteArrayList<>();
        // tag::every-option[]
        ThreadPool pool = ThreadPool.builder()
                .poolSize(4)                                  // 1..32768; default: available processors
                .namePrefix("orders")                         // default tidepool-N
                .stackSize(512 * 1024)                        // bytes; default 0 = the JVM's default
                .daemon(false)                                // default true
                .afterStart(() -> events.add("start " + Thread.currentThread().getName()))
                .beforeStop(() -> events.add("stop " + Thread.currentThread().getName()))
                .aroundWorker((worker, loop) -> {             // wraps each worker's loop
                    workers.add(Thread.currentThread());
                    loop.run();
                })
                .uncaughtExceptionHandler((thread, e) -> events.add("failed: " + e.getMessage()))
                .maxBlocking(32)                              // 0..32768; default 100
                .keepAlive(Duration.ofSeconds(30))            // default 10 s
                .blockingThreads(64)                          // 1..32768; default 512
                .blockingQueueCapacity(256)                   // >= 0; default 1024
                .maxQueued(100_000)                           // >= 1; default unbounded
                .rejectionHandler(RejectionHandler.callerRuns())  // default RejectionHandler.abort()
                .detectBlocking(Duration.ofMillis(200))       // default off
                .pollTimeHistogram(true)                      // default false
                .scheduleLatencyHistogram(true)               // default false
                .longPollThreshold(Duration.ofMillis(10))     // default off
                .jmx(true)                                    // default false
                .build();
        // end::every-option[]
        final CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> {
            throw new IllegalStateException("boom");
        });
        pool.execute(done::countDown);
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals("orders", pool.name());
        assertEquals(4, pool.poolSize());
        assertTrue(pool.metrics().pollTimeHistogram().isPresent());
        assertTrue(pool.metrics().scheduleLatencyHistogram().isPresent());
        assertEquals(100_000, pool.metrics().maxQueued());
        for (Thread t : workers) {
            assertFalse(t.isDaemon(), t.getName());
            assertTrue(t.getName().matches("orders-worker-[0-3]"), t.getName());
        }
        pool.close();
        assertEquals(4, workers.size());
        assertTrue(events.contains("failed: boom"), events.toString());
        assertTrue(events.contains("start orders-worker-0"), events.toString());
        assertTrue(events.contains("stop orders-worker-3"), events.toString());
    }

    @Test
    void badValue() throws Exception {
        final String out = Console.capture(() -> {
            // tag::bad-value[]
            try {
                ThreadPool.builder().poolSize(0).build();
            } catch (IllegalArgumentException e) {
                System.out.println(e.getMessage());   // poolSize must be in 1..32768: 0
            }
            // end::bad-value[]
        });
        assertEquals("poolSize must be in 1..32768: 0\n", out);
    }
}
