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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import io.tidepool.pinned.PerCore;
import io.tidepool.pinned.Poller;
import io.tidepool.pinned.Reactor;
import io.tidepool.pinned.Unaware;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/guide/pinned.md, each run and checked. */
class PinnedSnippetsTest {
    /** A simulated device queue: the placeholder {@code queue} of the poller example. */
    static final class FakeQueue {
        final AtomicInteger pending = new AtomicInteger();
        final CountDownLatch reaped;

        FakeQueue(int expected) {
            reaped = new CountDownLatch(expected);
        }

        int reap() {
            final int n = pending.getAndSet(0);
            for (int i = 0; i < n; i++) {
                reaped.countDown();
            }
            return n;
        }
    }

    private final AtomicLong usedOnCore = new AtomicLong(-2);
    private volatile String used;

    private void use(String text) {
        used = text;
        usedOnCore.set(Reactor.currentCore());
    }

    @Test
    void pinnedPool() throws Exception {
        final String out = Console.capture(() -> {
            // tag::pinned-pool[]
            CpuSet cpus = CpuSet.allowed();                   // or CpuSet.parse("2-5")
            try (ThreadPool pool = ThreadPool.builder()
                    .pinnedCores(cpus)                        // one reactor per CPU, pinned
                    .build()) {                               // returns once every reactor is pinned
                CoreExecutor core = pool.core(cpus.cpu(0));
                core.execute(() -> System.out.println("on CPU " + Reactor.currentCore()));
            }   // close() lets messages already sent run
            // end::pinned-pool[]
        });
        assertEquals("on CPU " + CpuSet.allowed().cpu(0) + "\n", out);
    }

    @Test
    void agronaIdleStrategy() throws Exception {
        final CpuSet cpus = CpuSet.allowed();
        final CountDownLatch ran = new CountDownLatch(1);
        // tag::idle-strategy[]
        try (ThreadPool pool = ThreadPool.builder()
                .pinnedCores(cpus)
                .idleStrategy(() -> new BackoffIdleStrategy(1, 1, 1_000, 50_000))   // org.agrona:agrona
                .build()) {
            pool.nextCore().execute(ran::countDown);
        }
        // end::idle-strategy[]
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }

    @Test
    void pollersAndMessages() throws Exception {
        final FakeQueue queue = new FakeQueue(5);
        final CpuSet cpus = CpuSet.allowed();
        final long[] total = new long[1];
        final String out = Console.capture(() -> {
            try (ThreadPool pool = ThreadPool.builder().pinnedCores(cpus).namePrefix("pin-poll").build()) {
                // tag::poller[]
                PerCore<long[]> reapedPerCore = pool.perCore(cpu -> new long[1]);   // no lock needed
                CoreExecutor core = pool.nextCore();
                Poller poller = core.poller("completions", Duration.ZERO, () -> {
                    int n = queue.reap();                 // non-blocking; returns the work done
                    reapedPerCore.get()[0] += n;          // this core's own counter
                    return n;                             // 0 lets the idle strategy back off
                });
                core.send(Unaware.of("hello"),            // relocated once, on the core
                        msg -> System.out.println(msg.value() + " on CPU " + Reactor.currentCore()));
                // end::poller[]
                queue.pending.addAndGet(5);
                assertTrue(queue.reaped.await(30, TimeUnit.SECONDS));
                poller.close();
                pool.shutdown();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
                reapedPerCore.forEach((value, cpu) -> total[0] += value[0]);
                assertTrue(poller.isClosed());
                assertEquals(cpus.cpu(0), core.cpu());
            }
        });
        assertEquals(5, total[0]);
        assertEquals("hello on CPU " + cpus.cpu(0) + "\n", out);
    }

    @Test
    void unaffinitized(@TempDir Path dir) throws Exception {
        final Path path = Files.writeString(dir.resolve("config.txt"), "threads=4");
        final CpuSet cpus = CpuSet.allowed();
        final int cpu = cpus.cpu(cpus.size() - 1);
        try (ThreadPool pool = ThreadPool.builder().pinnedCores(cpus).namePrefix("pin-unaff").build()) {
            // tag::unaffinitized[]
            CompletableFuture<Void> done = pool
                    .spawnUnaffinitized(() -> Files.readString(path))   // blocking, off the reactors
                    .thenAcceptAsync(text -> use(text), pool.core(cpu)); // back on a reactor
            done.join();    // before close(): a continuation sent to a core after shutdown() is refused
            // end::unaffinitized[]
        }
        assertEquals("threads=4", used);
        assertEquals(cpu, usedOnCore.get());
    }
}
