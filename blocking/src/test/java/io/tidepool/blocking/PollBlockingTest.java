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

package io.tidepool.blocking;

import static io.tidepool.blocking.PoolThreads.await;
import static io.tidepool.blocking.PoolThreads.awaitQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Waker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Blocking#pollBlocking} for async tasks and the {@link Blocking#managedBlock} bridge. */
class PollBlockingTest {

    @Test
    void shouldReturnPendingWhenNoPermitIsFreeAndWakeWhenOneIsReleased() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(1)
                .namePrefix("blk-poll").build()) {
            final CountDownLatch holding = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            pool.execute(() -> Blocking.run(() -> {
                holding.countDown();
                awaitQuietly(release);
            }));
            await(holding, "the section holding the only permit");
            // a section takes its permit when the monitor hands it off, after a grace period
            PoolThreads.eventually(() -> pool.metrics().numActiveBlockingSections() == 1,
                    "the section to be handed off");
            final AtomicInteger pendings = new AtomicInteger();
            final CountDownLatch pendingSeen = new CountDownLatch(1);
            final AtomicBoolean handedOff = new AtomicBoolean();
            final TaskHandle<String> handle = pool.spawn(cx -> {
                final Poll<String> p = Blocking.pollBlocking(cx, () -> {
                    handedOff.set(Blocking.inBlockingSection());
                    return "done";
                });
                if (p.isPending()) {
                    pendings.incrementAndGet();
                    pendingSeen.countDown();
                }
                return p;
            });
            await(pendingSeen, "a pending poll");
            assertFalse(handle.isDone());
            release.countDown();
            // woken by the release of the permit; no other wake exists
            assertEquals("done", handle.get(20, TimeUnit.SECONDS));
            assertTrue(handedOff.get(), "the body must run in a handed-off section");
            assertTrue(pendings.get() >= 1);
        }
    }

    @Test
    void shouldRunInlineWhenNotOnAWorkerOrWhenMaxBlockingIsZero() throws Exception {
        final TaskContext cx = new TaskContext() {
            @Override
            public Waker waker() {
                return () -> { };
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        assertEquals(Poll.ready(5), Blocking.pollBlocking(cx, () -> 5));
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(0)
                .namePrefix("blk-poll0").build()) {
            final TaskHandle<Boolean> handle = pool.spawn(c ->
                    Blocking.pollBlocking(c, Blocking::inBlockingSection));
            assertFalse(handle.get(20, TimeUnit.SECONDS), "maxBlocking 0: inline, never pending");
        }
    }

    @Test
    void shouldHandOffAManagedBlockerOnAWorker() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("blk-mb").build()) {
            final CountDownLatch gate = new CountDownLatch(1);
            final CountDownLatch blockEntered = new CountDownLatch(1);
            final AtomicBoolean inSection = new AtomicBoolean();
            final Future<?> blocked = pool.submit(() -> {
                Blocking.managedBlock(new ForkJoinPool.ManagedBlocker() {
                    @Override
                    public boolean block() throws InterruptedException {
                        inSection.set(Blocking.inBlockingSection());
                        blockEntered.countDown();
                        return gate.await(20, TimeUnit.SECONDS);
                    }

                    @Override
                    public boolean isReleasable() {
                        return gate.getCount() == 0;
                    }
                });
                return null;
            });
            // the only worker was handed off, so this task runs while the blocker waits; it opens
            // the gate only once block() runs (opened earlier, isReleasable() would skip block())
            final Future<?> opener = pool.submit(() -> {
                assertTrue(blockEntered.await(20, TimeUnit.SECONDS), "block() never ran");
                gate.countDown();
                return null;
            });
            opener.get(20, TimeUnit.SECONDS);
            blocked.get(20, TimeUnit.SECONDS);
            assertTrue(inSection.get());
        }
    }

    @Test
    void shouldDelegateAManagedBlockerOffThePoolToForkJoinPool() throws Exception {
        final AtomicInteger blocks = new AtomicInteger();
        final ForkJoinPool.ManagedBlocker twice = new ForkJoinPool.ManagedBlocker() {
            @Override
            public boolean block() {
                return blocks.incrementAndGet() == 2;
            }

            @Override
            public boolean isReleasable() {
                return blocks.get() >= 2;
            }
        };
        Blocking.managedBlock(twice);
        assertEquals(2, blocks.get());
        final ForkJoinPool fj = new ForkJoinPool(1);
        try {
            final AtomicInteger n = new AtomicInteger();
            fj.submit(() -> {
                Blocking.managedBlock(new ForkJoinPool.ManagedBlocker() {
                    @Override
                    public boolean block() {
                        n.incrementAndGet();
                        return true;
                    }

                    @Override
                    public boolean isReleasable() {
                        return n.get() > 0;
                    }
                });
                return null;
            }).get(20, TimeUnit.SECONDS);
            assertEquals(1, n.get());
        } finally {
            fj.shutdownNow();
        }
    }
}
