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

import static io.tidepool.TestSupport.WAIT_SECONDS;
import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.awaitQuietly;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static io.tidepool.TestSupport.staysClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ThreadPool#spawnBlocking}: its own bounded threads, a bounded queue, shutdown. */
@Timeout(60)
class SpawnBlockingTest {

    @Test
    void shouldRunTheBodyOnABlockingThreadAndCompleteTheFuture() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("sb-run").build()) {
            final CompletableFuture<String> f = pool.spawnBlocking(() ->
                    Thread.currentThread().getName() + "|" + Worker.current().isPresent());
            final String[] r = f.get(WAIT_SECONDS, TimeUnit.SECONDS).split("\\|");
            assertTrue(r[0].startsWith("sb-run-blocking-"), r[0]);
            assertEquals("false", r[1], "a blocking job runs off the workers");
            final CompletableFuture<Void> v = pool.spawnBlocking(() -> { });
            assertEquals(null, v.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldCompleteExceptionallyWithTheBodysCheckedException() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sb-exc").build()) {
            final IOException boom = new IOException("disk gone");
            final CompletableFuture<Integer> f = pool.spawnBlocking(() -> {
                throw boom;
            });
            final ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(boom, e.getCause());
            final CompletionException c = assertThrows(CompletionException.class, f::join);
            assertEquals(boom, c.getCause());
        }
    }

    @Test
    void shouldRejectVisiblyWhenTheQueueIsFull() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sb-full")
                .blockingThreads(1).blockingQueueCapacity(1).build()) {
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final CompletableFuture<Boolean> holder = pool.spawnBlocking(() -> {
                started.countDown();
                return awaitQuietly(release);
            });
            await(started, "the job holding the only thread");
            final CompletableFuture<String> queued = pool.spawnBlocking(() -> "queued");
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.spawnBlocking(() -> "one too many"));
            final String m = e.getMessage();
            assertTrue(m.contains("sb-full") && m.contains("RUNNING") && m.contains("queue is full")
                    && m.contains("capacity 1") && m.contains("1 blocking threads"), m);
            release.countDown();
            assertTrue(holder.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals("queued", queued.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldNeverRunABodyCancelledBeforeItStarts() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sb-cancel")
                .blockingThreads(1).blockingQueueCapacity(1).build()) {
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final CompletableFuture<Boolean> holder = pool.spawnBlocking(() -> {
                started.countDown();
                return awaitQuietly(release);
            });
            await(started, "the job holding the only thread");
            final AtomicBoolean ran = new AtomicBoolean();
            final CompletableFuture<Void> victim = pool.spawnBlocking(() -> ran.set(true));
            assertTrue(victim.cancel(false));
            // the cancelled job left the queue: its slot takes another job
            final CompletableFuture<String> next = pool.spawnBlocking(() -> "next");
            release.countDown();
            assertTrue(holder.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals("next", next.get(WAIT_SECONDS, TimeUnit.SECONDS));
            shutdownAndAwait(pool);
            assertFalse(ran.get(), "a job cancelled before it started ran");
            assertTrue(victim.isCancelled());
            assertThrows(CancellationException.class, victim::join);
        }
    }

    @Test
    void shutdownShouldWaitForAcceptedJobsAndRefuseNewOnesFromOutside() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sb-shut").build();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<Boolean> job = pool.spawnBlocking(() -> {
            started.countDown();
            return awaitQuietly(release);
        });
        await(started, "the job");
        pool.shutdown();
        final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.spawnBlocking(() -> "late"));
        assertTrue(e.getMessage().contains("sb-shut") && e.getMessage().contains("SHUTDOWN"),
                e.getMessage());
        final CountDownLatch terminated = new CountDownLatch(1);
        pool.terminationFuture().thenRun(terminated::countDown);
        assertTrue(staysClosed(terminated, 300), "terminated while a blocking job ran");
        assertFalse(job.isDone());
        release.countDown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), pool::toString);
        assertTrue(job.get());
        assertNoThreadsLeft("sb-shut");
    }

    @Test
    void shouldAcceptJobsFromInsideThePoolAfterShutdown() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sb-inside").build();
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<CompletableFuture<String>> inner = new AtomicReference<>();
        final CountDownLatch followUp = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(release);
            // after shutdown(): a spawn from inside is accepted, and so is the job's own
            // submission back to the pool
            inner.set(pool.spawnBlocking(() -> {
                pool.execute(followUp::countDown);
                return "inside";
            }));
        });
        await(running, "the task");
        pool.shutdown();
        release.countDown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), pool::toString);
        assertEquals("inside", inner.get().get());
        assertEquals(0, followUp.getCount(), "the job's submission to the pool did not run");
    }

    @Test
    void shutdownNowShouldInterruptRunningJobsAndCancelQueuedOnes() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sb-now")
                .blockingThreads(1).blockingQueueCapacity(4).build();
        final CountDownLatch started = new CountDownLatch(1);
        final CompletableFuture<Void> running = pool.spawnBlocking(() -> {
            started.countDown();
            new CountDownLatch(1).await(); // only an interrupt ends this
            return null;
        });
        await(started, "the running job");
        final AtomicBoolean queuedRan = new AtomicBoolean();
        final CompletableFuture<Void> queued = pool.spawnBlocking(() -> queuedRan.set(true));
        final List<Runnable> unstarted = pool.shutdownNow();
        assertTrue(unstarted.isEmpty(), "blocking jobs are cancelled, not returned: " + unstarted);
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> running.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(queued.isCancelled());
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), pool::toString);
        assertFalse(queuedRan.get());
        assertThrows(RejectedExecutionException.class, () -> pool.spawnBlocking(() -> "late"));
        assertNoThreadsLeft("sb-now");
    }

    @Test
    void blockingThreadsShouldRetireAfterKeepAlive() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sb-retire")
                .keepAlive(Duration.ofMillis(200)).build()) {
            final Thread t = pool.spawnBlocking(Thread::currentThread)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(t.isAlive(), t.getName() + " outlived its keep-alive");
            // a later job gets a new thread
            assertEquals("again", pool.spawnBlocking(() -> "again").get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    /** Joins every live thread named after the pool, failing if one does not exit in time. */
    static void assertNoThreadsLeft(String pool) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(pool + "-")) {
                t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                assertFalse(t.isAlive(), t.getName() + " did not exit");
            }
        }
    }

    @Test
    void builderShouldRejectInvalidBlockingSettings() {
        final IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().blockingThreads(0).build());
        assertTrue(a.getMessage().contains("blockingThreads"), a.getMessage());
        final IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().blockingQueueCapacity(-1).build());
        assertTrue(b.getMessage().contains("blockingQueueCapacity"), b.getMessage());
    }
}
