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

import static io.tidepool.pinned.PinnedTestSupport.pinned;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lost wake-ups in the real loop: reactors whose idle strategy parks for a whole second per idle
 * turn, and submitters racing them. A lost wake-up costs a round trip about a second; scheduling
 * delays on a loaded machine cost milliseconds.
 */
class ReactorWakeUpTest {
    private static final long PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    @Test
    void noRoundTripShouldWaitForAPark() throws Exception {
        final CpuSet cpus = testCpus();
        try (ThreadPool pool = pinned("wake-stress")
                .idleStrategy(() -> new SleepingIdleStrategy(PARK_NANOS)).build()) {
            final int rounds = 1_000;
            final AtomicLong worst = new AtomicLong();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> submitters = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                final boolean viaTaskInbox = s == 1;
                final Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < rounds; i++) {
                            final CountDownLatch l = new CountDownLatch(1);
                            final long start = System.nanoTime();
                            if (viaTaskInbox) {
                                pool.execute(l::countDown);
                            } else {
                                pool.core(cpus.cpu(i % cpus.size())).execute(l::countDown);
                            }
                            if (!l.await(30, TimeUnit.SECONDS)) {
                                throw new AssertionError("round " + i + " never completed");
                            }
                            worst.accumulateAndGet(System.nanoTime() - start, Math::max);
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                submitters.add(t);
                t.start();
            }
            for (Thread t : submitters) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            // a lost wake-up would show as a round trip of about a park (1 s)
            assertTrue(worst.get() < PARK_NANOS * 8 / 10,
                    "slowest of " + 2 * rounds + " round trips: " + worst.get() / 1_000_000 + " ms");
        }
    }
}
