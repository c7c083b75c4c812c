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

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Shutdown racing a submission from outside the pool, against a real one-worker
 * {@link ThreadPool} whose worker is asleep. Each task must end exactly one way, and the pool
 * must terminate.
 *
 * <p>The submitter actor builds the pool and publishes it; the other actor spins until it sees
 * the pool, then shuts it down. (Building in the state constructor would start one thread per
 * state of a jcstress epoch, thousands at once.) The arbiter waits at most
 * {@value #AWAIT_SECONDS} s for termination, then cleans up with {@code shutdownNow}.
 */
public final class ShutdownStress {
    static final long AWAIT_SECONDS = 5;

    private ShutdownStress() {}

    static ThreadPool awaitPublished(ShutdownState s) {
        ThreadPool p;
        while ((p = s.pool) == null) {
            Thread.onSpinWait();
        }
        return p;
    }

    /** Fields shared by the shutdown races. */
    abstract static class ShutdownState {
        volatile ThreadPool pool;
        final AtomicInteger ran = new AtomicInteger();

        ThreadPool publishNewPool() {
            final ThreadPool p = IdlePoolProbe.newIdlePool();
            pool = p;
            return p;
        }

        /** 1 if terminated in time, else 0 (and the pool is stopped so its thread goes away). */
        int terminated() {
            final ThreadPool p = pool;
            if (IdlePoolProbe.awaitTermination(p, AWAIT_SECONDS)) {
                return 1;
            }
            p.shutdownNow();
            return 0;
        }
    }

    /**
     * execute() races shutdown(). Columns: accepted (1) or rejected (0), terminated in time,
     * times the task ran.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "accepted before the gate shut; ran; pool terminated")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "rejected with RejectedExecutionException; never ran; pool terminated")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "lost: accepted, but the pool terminated without running it")
    @Outcome(id = "0, 1, 1", expect = FORBIDDEN, desc = "both: rejected, yet it ran")
    @Outcome(id = ".*, 0, .*", expect = FORBIDDEN, desc = "the pool did not terminate within the await")
    @State
    public static class ShutdownVsExecute extends ShutdownState {
        /** Builds the pool, publishes it, submits a task. */
        @Actor
        public void submitter(III_Result r) {
            final ThreadPool p = publishNewPool();
            try {
                p.execute(ran::incrementAndGet);
                r.r1 = 1;
            } catch (RejectedExecutionException e) {
                r.r1 = 0;
            }
        }

        /** Shuts the pool down as soon as it is published. */
        @Actor
        public void shutdown() {
            awaitPublished(this).shutdown();
        }

        /** Waits for termination, then counts runs. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r2 = terminated();
            r.r3 = ran.get();
        }
    }

    /**
     * spawn(AsyncTask) races shutdown(). The task is ready at its first poll. Columns: accepted
     * (1) or rejected (0), terminated in time, polls, handle completed with its value (1) or not
     * (0).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "accepted; polled once and completed; pool terminated")
    @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE, desc = "rejected; never polled; pool terminated")
    @Outcome(id = "0, 0, 0, 0", expect = FORBIDDEN,
            desc = "rejected, but the pool never terminated: the rejected cell blocked termination and nobody re-checked")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "lost, doubly handled, or not terminated")
    @State
    public static class ShutdownVsSpawnAsync extends ShutdownState {
        private volatile TaskHandle<String> handle;

        /** Builds the pool, publishes it, spawns an async task. */
        @Actor
        public void submitter(IIII_Result r) {
            final ThreadPool p = publishNewPool();
            try {
                handle = p.spawn(cx -> {
                    ran.incrementAndGet();
                    return Poll.ready("done");
                });
                r.r1 = 1;
            } catch (RejectedExecutionException e) {
                r.r1 = 0;
            }
        }

        /** Shuts the pool down as soon as it is published. */
        @Actor
        public void shutdown() {
            awaitPublished(this).shutdown();
        }

        /** Waits for termination, then checks the task. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r2 = terminated();
            r.r3 = ran.get();
            final TaskHandle<String> h = handle;
            r.r4 = h != null && h.isDone() && !h.isCancelled() && "done".equals(h.toCompletableFuture().getNow(null)) ? 1 : 0;
        }
    }

    /**
     * execute() races shutdownNow(). Columns: accepted (1) or rejected (0), returned by
     * shutdownNow (1/0), times the task ran, terminated in time.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "accepted and started before the stop; pool terminated")
    @Outcome(id = "1, 1, 0, 1", expect = ACCEPTABLE, desc = "accepted, still queued: handed back by shutdownNow; pool terminated")
    @Outcome(id = "0, 0, 0, 1", expect = ACCEPTABLE, desc = "rejected; pool terminated")
    @Outcome(id = "1, 0, 0, .*", expect = FORBIDDEN, desc = "lost: accepted, neither ran nor handed back")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a task counted twice, or the pool did not terminate")
    @State
    public static class ShutdownNowVsExecute extends ShutdownState {
        private final Runnable task = ran::incrementAndGet;
        private volatile List<Runnable> returned;

        /** Builds the pool, publishes it, submits a task. */
        @Actor
        public void submitter(IIII_Result r) {
            final ThreadPool p = publishNewPool();
            try {
                p.execute(task);
                r.r1 = 1;
            } catch (RejectedExecutionException e) {
                r.r1 = 0;
            }
        }

        /** Stops the pool as soon as it is published. */
        @Actor
        public void shutdownNow() {
            returned = awaitPublished(this).shutdownNow();
        }

        /** Waits for termination, then accounts for the task. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            int handedBack = 0;
            for (Runnable t : returned) {
                if (t == task) {
                    handedBack++;
                }
            }
            r.r2 = handedBack;
            r.r4 = terminated();
            r.r3 = ran.get();
        }
    }
}
