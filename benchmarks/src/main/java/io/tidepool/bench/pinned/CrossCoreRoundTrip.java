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

package io.tidepool.bench.pinned;

import io.tidepool.ThreadPool;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cross-core message round trip: a message goes from core A to core B and back, {@value #ROUNDS}
 * times in a chain; score is nanoseconds per round trip (two one-way messages).
 *
 * <ul>
 *   <li>{@code pinned-spin}: pinned pool on the first two allowed CPUs, {@code
 *       BusySpinIdleStrategy}, messages through {@code core(cpu).execute}.</li>
 *   <li>{@code pinned-backoff}: the same with the default backoff strategy; between chains the
 *       reactors park, and the first message of a chain wakes them.</li>
 *   <li>{@code unpinned}: a default tidepool pool of two workers; the chain is plain
 *       {@code execute} from task to task, so it runs wherever the scheduler puts it (mostly on
 *       one worker: its LIFO slot keeps the chain warm).</li>
 *   <li>{@code unpinned-two-pools}: two default tidepool pools of one worker each; each hop is
 *       an {@code execute} into the other pool (its inbox, and a wake if its worker sleeps): a
 *       round trip that does cross threads, without pinning.</li>
 *   <li>{@code agrona}: two Agrona {@code AgentRunner}s (unpinned threads, busy spin) exchanging
 *       through two {@code OneToOneConcurrentArrayQueue}s, the hand-built baseline the issue
 *       mentions. Agrona's queues use its {@code UnsafeApi}, which needs
 *       {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED}: the flag is in this
 *       benchmark's fork arguments only; tidepool itself never needs it.</li>
 * </ul>
 * The benchmark thread waits for each chain on a latch (it parks), so on a two-CPU machine it
 * does not compete with the two spinning cores except to start and end a chain.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class CrossCoreRoundTrip {
    /** Round trips per operation. */
    public static final int ROUNDS = 1_000;

    /** The transport under test. */
    @Param({"pinned-spin", "pinned-backoff", "unpinned", "unpinned-two-pools", "agrona"})
    public String kind;

    private ThreadPool pool;
    private ThreadPool second;
    private AgentRunner runnerA;
    private AgentRunner runnerB;
    private Chain chain;

    /** One chain of round trips; {@link #start} runs it and returns when it is done. */
    private interface Chain {
        void start(CountDownLatch done);
    }

    /** Builds the transport. */
    @Setup(Level.Trial)
    public void setUp() {
        final CpuSet allowed = CpuSet.allowed();
        final CpuSet two = allowed.size() >= 2 ? CpuSet.of(allowed.cpu(0), allowed.cpu(1)) : allowed;
        switch (kind) {
            case "pinned-spin" -> pinned(ThreadPool.builder().pinnedCores(two)
                    .idleStrategy(BusySpinIdleStrategy::new).build(), two);
            case "pinned-backoff" -> pinned(ThreadPool.builder().pinnedCores(two).build(), two);
            case "unpinned" -> unpinned(ThreadPool.builder().poolSize(2).build());
            case "unpinned-two-pools" -> twoPools(ThreadPool.builder().poolSize(1).build(),
                    ThreadPool.builder().poolSize(1).build());
            case "agrona" -> agrona();
            default -> throw new IllegalArgumentException("unknown kind: " + kind);
        }
    }

    private void pinned(ThreadPool p, CpuSet cpus) {
        pool = p;
        final CoreExecutor a = p.core(cpus.cpu(0));
        final CoreExecutor b = p.core(cpus.cpu(cpus.size() - 1));
        chain = done -> a.execute(new Runnable() {
            int left = ROUNDS;
            final Runnable self = this;
            final Runnable back = () -> a.execute(self);

            @Override
            public void run() {
                if (left-- == 0) {
                    done.countDown();
                } else {
                    b.execute(back);
                }
            }
        });
    }

    private void unpinned(ThreadPool p) {
        pool = p;
        chain = done -> p.execute(new Runnable() {
            int left = ROUNDS;
            final Runnable self = this;
            final Runnable back = () -> p.execute(self);

            @Override
            public void run() {
                if (left-- == 0) {
                    done.countDown();
                } else {
                    p.execute(back);
                }
            }
        });
    }

    private void twoPools(ThreadPool p, ThreadPool q) {
        pool = p;
        second = q;
        chain = done -> p.execute(new Runnable() {
            int left = ROUNDS;
            final Runnable self = this;
            final Runnable back = () -> p.execute(self);

            @Override
            public void run() {
                if (left-- == 0) {
                    done.countDown();
                } else {
                    q.execute(back);
                }
            }
        });
    }

    private void agrona() {
        final OneToOneConcurrentArrayQueue<Integer> toB = new OneToOneConcurrentArrayQueue<>(1024);
        final OneToOneConcurrentArrayQueue<Integer> toA = new OneToOneConcurrentArrayQueue<>(1024);
        final Ping a = new Ping(toB, toA);
        final Agent b = new Agent() {
            @Override
            public int doWork() {
                final Integer m = toB.poll();
                if (m == null) {
                    return 0;
                }
                toA.offer(m);
                return 1;
            }

            @Override
            public String roleName() {
                return "pong";
            }
        };
        runnerA = new AgentRunner(new BusySpinIdleStrategy(), Throwable::printStackTrace, null, a);
        runnerB = new AgentRunner(new BusySpinIdleStrategy(), Throwable::printStackTrace, null, b);
        AgentRunner.startOnThread(runnerA);
        AgentRunner.startOnThread(runnerB);
        chain = a::begin;
    }

    /** Agent A of the Agrona baseline: starts a chain when asked, counts round trips. */
    private static final class Ping implements Agent {
        private static final Integer MSG = 1;
        private final OneToOneConcurrentArrayQueue<Integer> out;
        private final OneToOneConcurrentArrayQueue<Integer> in;
        private volatile CountDownLatch request;
        private CountDownLatch current;
        private int left;

        Ping(OneToOneConcurrentArrayQueue<Integer> out, OneToOneConcurrentArrayQueue<Integer> in) {
            this.out = out;
            this.in = in;
        }

        void begin(CountDownLatch done) {
            request = done;
        }

        @Override
        public int doWork() {
            if (current == null) {
                final CountDownLatch r = request;
                if (r == null) {
                    return 0;
                }
                request = null;
                current = r;
                left = ROUNDS;
                out.offer(MSG);
                return 1;
            }
            if (in.poll() == null) {
                return 0;
            }
            if (--left == 0) {
                final CountDownLatch done = current;
                current = null;
                done.countDown();
            } else {
                out.offer(MSG);
            }
            return 1;
        }

        @Override
        public String roleName() {
            return "ping";
        }
    }

    /** One operation: {@value #ROUNDS} round trips in a chain. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void roundTrip() throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(1);
        chain.start(done);
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(kind + ": a chain did not finish in 60 s");
        }
    }

    /** Stops the transport. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(kind + " did not terminate within 30 s");
            }
        }
        if (second != null) {
            second.shutdownNow();
            if (!second.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(kind + " did not terminate within 30 s");
            }
        }
        if (runnerA != null) {
            runnerA.close();
            runnerB.close();
        }
    }
}
