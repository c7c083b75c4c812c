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

package io.tidepool.pinned;

import static io.tidepool.pinned.PinnedTestSupport.allowedList;
import static io.tidepool.pinned.PinnedTestSupport.await;
import static io.tidepool.pinned.PinnedTestSupport.pinned;
import static io.tidepool.pinned.PinnedTestSupport.runningCpu;
import static io.tidepool.pinned.PinnedTestSupport.shutdownAndAwait;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static io.tidepool.pinned.PinnedTestSupport.tid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PinnedPoolTest {
    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null,
                () -> "no affinity support: " + Affinities.backend().unsupportedReason());
    }

    @Test
    void workersShouldRunOnlyOnTheirPinnedCpu() throws Exception {
        final CpuSet cpus = testCpus();
        try (ThreadPool pool = pinned("pin-check").build()) {
            assertEquals(cpus.size(), pool.poolSize());
            assertEquals(cpus, pool.pinnedCores().orElseThrow());
            for (int cpu : cpus.toArray()) {
                final AtomicReference<Object> seen = new AtomicReference<>();
                final CountDownLatch done = new CountDownLatch(1);
                pool.core(cpu).execute(() -> {
                    try {
                        seen.set(new Object[] {runningCpu(), allowedList(tid()),
                                Reactor.currentCore(), Reactor.isReactorThread(),
                                Reactor.coreCount(), Reactor.currentAffinity()});
                    } catch (Exception e) {
                        seen.set(e);
                    }
                    done.countDown();
                });
                await(done, "the task on CPU " + cpu);
                assertTrue(seen.get() instanceof Object[], () -> "failed: " + seen.get());
                final Object[] r = (Object[]) seen.get();
                assertEquals(cpu, r[0], "running CPU (/proc/thread-self/stat)");
                assertEquals(Integer.toString(cpu), r[1], "Cpus_allowed_list of the worker");
                assertEquals(cpu, r[2]);
                assertEquals(true, r[3]);
                assertEquals(cpus.size(), r[4]);
                assertEquals(Affinity.of(cpu), r[5]);
            }
        }
        assertEquals(-1, Reactor.currentCore());
        assertFalse(Reactor.isReactorThread());
        assertEquals(0, Reactor.coreCount());
        assertSame(Affinity.NONE, Reactor.currentAffinity());
    }

    @Test
    void tasksSentToACoreShouldRunOnlyThere() throws Exception {
        final CpuSet cpus = testCpus();
        // stealing on: messages must still never leave their core
        try (ThreadPool pool = pinned("per-core").stealing(true).build()) {
            final int perCore = 2_000;
            final Map<Integer, Set<String>> threads = new ConcurrentHashMap<>();
            final Map<Integer, Set<Integer>> reactorCores = new ConcurrentHashMap<>();
            final CountDownLatch done = new CountDownLatch(perCore * cpus.size());
            final List<Thread> senders = new ArrayList<>();
            for (int cpu : cpus.toArray()) {
                final CoreExecutor core = pool.core(cpu);
                assertEquals(cpu, core.cpu());
                threads.put(cpu, ConcurrentHashMap.newKeySet());
                reactorCores.put(cpu, ConcurrentHashMap.newKeySet());
                final Thread t = new Thread(() -> {
                    for (int i = 0; i < perCore; i++) {
                        core.execute(() -> {
                            threads.get(cpu).add(Thread.currentThread().getName());
                            reactorCores.get(cpu).add(Reactor.currentCore());
                            done.countDown();
                        });
                    }
                });
                senders.add(t);
                t.start();
            }
            for (Thread t : senders) {
                t.join();
            }
            await(done, "every message");
            for (int cpu : cpus.toArray()) {
                assertEquals(Set.of(cpu), reactorCores.get(cpu), "cores that ran CPU " + cpu + "'s messages");
                assertEquals(1, threads.get(cpu).size(), "threads: " + threads.get(cpu));
            }
            // a second CPU's runner differs from the first
            if (cpus.size() > 1) {
                assertFalse(threads.get(cpus.cpu(0)).equals(threads.get(cpus.cpu(1))));
            }
            // one value a CPU, found lock-free from the reactor itself
            final PerCore<int[]> counters = pool.perCore(cpu -> new int[] {cpu * 100});
            final CountDownLatch read = new CountDownLatch(cpus.size());
            final Map<Integer, Integer> got = new ConcurrentHashMap<>();
            for (int cpu : cpus.toArray()) {
                pool.core(cpu).execute(() -> {
                    got.put(Reactor.currentCore(), counters.get()[0]);
                    read.countDown();
                });
            }
            await(read, "PerCore reads");
            for (int cpu : cpus.toArray()) {
                assertEquals(cpu * 100, got.get(cpu));
                assertEquals(cpu * 100, counters.get(cpu)[0]);
            }
            assertThrows(IllegalStateException.class, counters::get);
            final List<Integer> order = new ArrayList<>();
            counters.forEach((v, cpu) -> order.add(cpu));
            assertEquals(cpus.stream().boxed().toList(), order);
        }
    }

    @Test
    void nextCoreShouldGoRoundRobin() throws Exception {
        final CpuSet cpus = testCpus();
        try (ThreadPool pool = pinned("round-robin").build()) {
            final List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 2 * cpus.size(); i++) {
                seen.add(pool.nextCore().cpu());
            }
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(seen.get(i % cpus.size()), seen.get(i));
            }
            assertEquals(cpus.size(), Set.copyOf(seen).size());
        }
    }

    @Test
    void plainExecuteAndAsyncTasksShouldRunOnReactors() throws Exception {
        try (ThreadPool pool = pinned("plain").build()) {
            final int n = 5_000;
            final CountDownLatch done = new CountDownLatch(n);
            final Set<Integer> cores = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < n; i++) {
                pool.execute(() -> {
                    cores.add(Reactor.currentCore());
                    // a spawn from a reactor goes on its own deque
                    pool.execute(done::countDown);
                });
            }
            await(done, "every task");
            assertTrue(testCpus().containsAll(CpuSet.of(cores.stream().mapToInt(i -> i).toArray())));
            assertEquals(42, pool.submit(() -> 42).get());
        }
    }

    @Test
    void metricsShouldCountMessagesAsInboxTakes() throws Exception {
        final CpuSet cpus = testCpus();
        final ThreadPool pool = pinned("metrics").build();
        final int n = 300;
        final CountDownLatch done = new CountDownLatch(n * cpus.size());
        for (int cpu : cpus.toArray()) {
            for (int i = 0; i < n; i++) {
                pool.core(cpu).execute(done::countDown);
            }
        }
        await(done, "every message");
        shutdownAndAwait(pool);
        // counters keep their final values after termination
        assertEquals(n * cpus.size(), pool.metrics().remoteScheduleCount(), pool.metrics().toString());
        for (int i = 0; i < cpus.size(); i++) {
            assertEquals(n, pool.metrics().workers().get(i).inboxTakeCount());
            // polls are published per batch (64 polls, an idle turn, the exit); 300 is no
            // multiple of 64, so this fails if the last batch is never published
            assertEquals(n, pool.metrics().workers().get(i).pollCount());
        }
    }
}
