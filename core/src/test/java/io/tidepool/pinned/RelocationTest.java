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

import static io.tidepool.pinned.PinnedTestSupport.await;
import static io.tidepool.pinned.PinnedTestSupport.pinned;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RelocationTest {
    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    /** A payload that records each relocation and returns a fresh copy. */
    static final class Buffer implements ThreadAware<Buffer> {
        static final AtomicInteger RELOCATIONS = new AtomicInteger();
        static final ConcurrentLinkedQueue<String> LOG = new ConcurrentLinkedQueue<>();
        final int id;
        final int hops;

        Buffer(int id, int hops) {
            this.id = id;
            this.hops = hops;
        }

        @Override
        public Buffer relocated(Affinity from, Affinity to) {
            RELOCATIONS.incrementAndGet();
            LOG.add(id + ":" + from.cpu() + "->" + to.cpu() + "@" + Reactor.currentCore());
            return new Buffer(id, hops + 1);
        }
    }

    @Test
    void shouldRelocateExactlyOncePerTransferOnTheDestination() throws Exception {
        final CpuSet cpus = testCpus();
        final int a = cpus.cpu(0);
        final int b = cpus.cpu(cpus.size() - 1);
        Buffer.RELOCATIONS.set(0);
        Buffer.LOG.clear();
        try (ThreadPool pool = pinned("relocate").build()) {
            final int n = 500;
            final CountDownLatch arrived = new CountDownLatch(n);
            final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < n; i++) {
                final Buffer original = new Buffer(i, 0);
                // outside -> a, then a -> b: two transfers, two relocations
                pool.core(a).send(original, atA -> {
                    if (atA == original || atA.hops != 1 || Reactor.currentCore() != a) {
                        errors.add("first hop of " + atA.id);
                    }
                    pool.core(b).send(atA, atB -> {
                        if (atB == atA || atB.hops != 2 || Reactor.currentCore() != b) {
                            errors.add("second hop of " + atB.id);
                        }
                        arrived.countDown();
                    });
                });
            }
            await(arrived, "every payload at its second core");
            assertTrue(errors.isEmpty(), errors::toString);
            assertEquals(2 * n, Buffer.RELOCATIONS.get());
            final List<String> log = List.copyOf(Buffer.LOG);
            for (int i = 0; i < n; i++) {
                assertTrue(log.contains(i + ":-1->" + a + "@" + a), "outside -> " + a + " for " + i);
                assertTrue(log.contains(i + ":" + a + "->" + b + "@" + b), a + " -> " + b + " for " + i);
            }
        }
    }

    @Test
    void unawareShouldTravelAsIsAndFailuresShouldSkipTheHandler() throws Exception {
        final AtomicReference<Throwable> reported = new AtomicReference<>();
        final CountDownLatch failed = new CountDownLatch(1);
        try (ThreadPool pool = pinned("unaware").uncaughtExceptionHandler((t, e) -> {
            reported.set(e);
            failed.countDown();
        }).build()) {
            final Object value = new Object();
            final Unaware<Object> wrapped = Unaware.of(value);
            final AtomicReference<Object> got = new AtomicReference<>();
            final CountDownLatch done = new CountDownLatch(1);
            pool.core(testCpus().cpu(0)).send(wrapped, u -> {
                got.set(u);
                done.countDown();
            });
            await(done, "the unaware payload");
            assertSame(wrapped, got.get());
            assertSame(value, ((Unaware<?>) got.get()).value());

            final AtomicInteger handled = new AtomicInteger();
            pool.core(testCpus().cpu(0)).send((from, to) -> {
                throw new IllegalStateException("cannot move");
            }, x -> handled.incrementAndGet());
            await(failed, "the relocation failure report");
            assertEquals("cannot move", reported.get().getMessage());
            final CountDownLatch after = new CountDownLatch(1);
            pool.core(testCpus().cpu(0)).execute(after::countDown);
            await(after, "a later message");
            assertEquals(0, handled.get());
            assertNotSame(Affinity.NONE, pool.core(testCpus().cpu(0)).affinity());
        }
    }
}
