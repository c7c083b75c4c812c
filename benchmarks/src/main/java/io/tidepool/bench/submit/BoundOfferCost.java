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

package io.tidepool.bench.submit;

import io.tidepool.internal.queue.Inbox;
import io.tidepool.internal.queue.WorkStealingDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The price of {@code maxQueued} where it is paid, without the pool around it: one thread offers
 * {@value #TASKS} new tasks to an inbox ({@code Inbox.offerNew}, the path of every outside
 * submission in the work-stealing mode) and then moves them out as a worker does
 * ({@code WorkStealingDeque.takeInbox} in batches, then the deque's FIFO take). Score: tasks/s
 * through offer and take.
 *
 * <p>{@code bound}: {@code unbounded} (an inbox without quotas, as in a pool without
 * {@code maxQueued}) or {@code bounded} (the quotas a pool of two workers gives each inbox for
 * {@code maxQueued(2^20)}). Nothing here wakes, parks or contends, so a fork varies by a few
 * percent rather than the 10-30% of the pool shapes ({@link BoundCost}), which depend on how fast
 * the VM wakes a parked thread: this benchmark resolves a difference of a few percent in the
 * step the bound changes, where the pool shapes cannot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BoundOfferCost {
    /** Tasks per operation: four inbox batches of a worker's own inbox. */
    public static final int TASKS = 1_024;

    /** The most a worker moves from its own inbox at a time ({@code WorkerCore.INBOX_BATCH}). */
    static final int INBOX_BATCH = 256;

    /** The bound a pool of two workers divides among its inboxes. */
    static final int BOUND = 1 << 20;

    /** Which inbox: without quotas, or with a pool's quotas for {@link #BOUND}. */
    @Param({"unbounded", "bounded"})
    public String bound;

    private Inbox inbox;
    private WorkStealingDeque<Runnable> deque;
    private final Runnable[] out = new Runnable[INBOX_BATCH];
    private final Runnable task = () -> { };
    private int home;

    /** Builds the inbox and the deque the tasks move to. */
    @Setup
    public void setUp() {
        inbox = switch (bound) {
            case "unbounded" -> new Inbox();
            case "bounded" -> new Inbox(Inbox.quotas(BOUND, 0, 2));
            default -> throw new IllegalArgumentException("bound must be unbounded or bounded: " + bound);
        };
        deque = new WorkStealingDeque<>();
        home = Inbox.home(Thread.currentThread());
    }

    /**
     * One operation: {@value #TASKS} offers, then every task taken back out.
     *
     * @return the tasks taken, so that the work is not dead code
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public int offerAndTake() {
        final Inbox in = inbox;
        final Runnable t = task;
        for (int i = 0; i < TASKS; i++) {
            if (in.offerNew(t, home) != Inbox.ACCEPTED) {
                throw new IllegalStateException("offer refused at " + i + " (" + bound + ")");
            }
        }
        int taken = 0;
        while (true) {
            if (!in.tryClaim()) {
                throw new IllegalStateException("the inbox claim is held by nobody else here");
            }
            final int n;
            try {
                n = WorkStealingDeque.takeInbox(in, INBOX_BATCH, deque, out);
            } finally {
                in.release();
            }
            if (n == 0) {
                break;
            }
            out[0] = null;
            taken++;
            while (deque.pollOldest() != null) {
                taken++;
            }
        }
        if (taken != TASKS) {
            throw new IllegalStateException("took " + taken + " of " + TASKS + " (" + bound + ")");
        }
        return taken;
    }
}
