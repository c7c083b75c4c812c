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
import static io.tidepool.pinned.PinnedTestSupport.shutdownAndAwait;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PollerTest {
    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    /** Runs a no-op on {@code core} and waits for it: every earlier control call is in force. */
    private static void roundTrip(CoreExecutor core) throws InterruptedException {
        final CountDownLatch l = new CountDownLatch(1);
        core.execute(l::countDown);
        await(l, "a round trip to CPU " + core.cpu());
    }

    @Test
    void timedPollerShouldKeepItsMeanPeriod() throws Exception {
        try (ThreadPool pool = pinned("poller-period").build()) {
            final CoreExecutor core = pool.core(testCpus().cpu(0));
            final int calls = 100;
            final long[] at = new long[calls];
            final AtomicInteger n = new AtomicInteger();
            final CountDownLatch done = new CountDownLatch(1);
            final long start = System.nanoTime();
            final Poller p = core.poller("tick", Duration.ofMillis(2), () -> {
                final int i = n.getAndIncrement();
                if (i < calls) {
                    at[i] = System.nanoTime();
                    if (i == calls - 1) {
                        done.countDown();
                    }
                }
                return 1;
            });
            assertEquals("tick", p.name());
            assertEquals(Duration.ofMillis(2), p.interval());
            assertEquals(core.cpu(), p.cpu());
            await(done, "100 calls of a 2 ms poller");
            p.close();
            final double meanMs = (at[calls - 1] - at[0]) / (calls - 1) / 1e6;
            // never faster than its interval on average; late calls (a loaded machine) are
            // skipped rather than bunched, so the mean can only grow: generous upper bound
            assertTrue(meanMs >= 1.9 && meanMs <= 10.0, "mean period " + meanMs + " ms");
            // the first call comes one interval after registration, not at once
            assertTrue(at[0] - start >= TimeUnit.MILLISECONDS.toNanos(2) - 200_000,
                    "first call after " + (at[0] - start) + " ns");
            // count bound: at most one call per elapsed interval (+1 for the first)
            final long elapsed = at[calls - 1] - start;
            assertTrue(calls <= elapsed / TimeUnit.MILLISECONDS.toNanos(2) + 1,
                    calls + " calls in " + elapsed + " ns");
        }
    }

    @Test
    void zeroIntervalPollerShouldRunOnEveryTurnAndFeedTheIdleStrategy() throws Exception {
        final CountDownLatch sawSeven = new CountDownLatch(1);
        final IdleStrategy recording = new IdleStrategy() {
            @Override
            public void idle(int workCount) {
                if (workCount == 7) {
                    sawSeven.countDown();
                }
                if (workCount == 0) {
                    Thread.onSpinWait();
                }
            }

            @Override
            public void idle() {
                Thread.onSpinWait();
            }

            @Override
            public void reset() {}
        };
        try (ThreadPool pool = pinned("poller-zero").idleStrategy(() -> recording).build()) {
            final AtomicLong calls = new AtomicLong();
            final CountDownLatch many = new CountDownLatch(1);
            final Poller p = pool.core(testCpus().cpu(0)).poller("spin", Duration.ZERO, () -> {
                if (calls.incrementAndGet() == 10_000) {
                    many.countDown();
                }
                return 7;
            });
            await(many, "10000 calls of a zero-interval poller");
            await(sawSeven, "idle(7) from the poller's work count");
            p.close();
        }
    }

    @Test
    void pauseResumeAndCloseShouldControlCalls() throws Exception {
        try (ThreadPool pool = pinned("poller-control").build()) {
            final CoreExecutor core = pool.core(testCpus().cpu(0));
            final AtomicInteger calls = new AtomicInteger();
            final AtomicReference<CountDownLatch> next = new AtomicReference<>(new CountDownLatch(3));
            final Poller p = core.poller("ctl", Duration.ofNanos(100_000), () -> {
                calls.incrementAndGet();
                next.get().countDown();
                return 0;
            });
            await(next.get(), "the first calls");

            p.pause();
            assertTrue(p.isPaused());
            roundTrip(core);
            final int paused = calls.get();
            final CountDownLatch afterPause = new CountDownLatch(1);
            next.set(afterPause);
            assertFalse(afterPause.await(200, TimeUnit.MILLISECONDS), "called while paused");
            assertEquals(paused, calls.get());

            p.resume();
            assertFalse(p.isPaused());
            await(afterPause, "a call after resume");

            p.close();
            p.close();      // idempotent
            assertTrue(p.isClosed());
            roundTrip(core);
            final int closed = calls.get();
            final CountDownLatch afterClose = new CountDownLatch(1);
            next.set(afterClose);
            p.resume();     // no effect on a closed poller
            assertTrue(p.isClosed());
            assertFalse(afterClose.await(200, TimeUnit.MILLISECONDS), "called after close");
            roundTrip(core);
            assertEquals(closed, calls.get());
        }
    }

    @Test
    void closeFromInsideShouldTakeEffectAtOnce() throws Exception {
        try (ThreadPool pool = pinned("poller-self-close").build()) {
            final CoreExecutor core = pool.core(testCpus().cpu(testCpus().size() - 1));
            final AtomicInteger calls = new AtomicInteger();
            final AtomicReference<Poller> self = new AtomicReference<>();
            final CountDownLatch registered = new CountDownLatch(1);
            final CountDownLatch third = new CountDownLatch(1);
            core.execute(() -> {
                // registered from its own core: added at once
                self.set(core.poller("self", Duration.ZERO, () -> {
                    if (calls.incrementAndGet() == 3) {
                        self.get().close();
                        third.countDown();
                    }
                    return 1;
                }));
                registered.countDown();
            });
            await(registered, "registration");
            await(third, "the third call");
            roundTrip(core);
            roundTrip(core);
            assertEquals(3, calls.get());
        }
    }

    @Test
    void throwingPollerShouldBeReportedAndKeepRunning() throws Exception {
        final CountDownLatch reported = new CountDownLatch(3);
        final AtomicReference<Throwable> last = new AtomicReference<>();
        try (ThreadPool pool = pinned("poller-throws").uncaughtExceptionHandler((t, e) -> {
            last.set(e);
            reported.countDown();
        }).build()) {
            final Poller p = pool.core(testCpus().cpu(0)).poller("bad", Duration.ofMillis(1), () -> {
                throw new IllegalStateException("device gone");
            });
            await(reported, "three reports");
            assertEquals("device gone", last.get().getMessage());
            assertFalse(p.isClosed());
        }
    }

    @Test
    void shutdownShouldClosePollersAndRefuseNewOnes() throws Exception {
        final ThreadPool pool = pinned("poller-shutdown").build();
        final CountDownLatch running = new CountDownLatch(1);
        final Poller p = pool.core(testCpus().cpu(0)).poller("p", Duration.ZERO, () -> {
            running.countDown();
            return 0;
        });
        await(running, "the poller");
        shutdownAndAwait(pool);
        assertTrue(p.isClosed());
        assertThrows(RejectedExecutionException.class,
                () -> pool.core(testCpus().cpu(0)).poller("late", Duration.ZERO, () -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> pool.core(testCpus().cpu(0)).poller("neg", Duration.ofNanos(-1), () -> 0));
    }
}
