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

package io.tidepool.bench.queue;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Offer + poll throughput of the MPSC queues that could back a worker's inbox: one consumer
 * (the worker) and one ({@code p1}) or two ({@code p2}) producers (threads outside the pool).
 *
 * <p>Producers offer one shared element per operation; the consumer polls one element per
 * operation, spinning while the queue is empty. To keep the unbounded queues from growing
 * without limit when producers outrun the consumer, a producer waits while more than
 * {@value #IN_FLIGHT_LIMIT} elements are in flight (it compares its own count, scaled by the
 * number of producers, with the consumer's count, which the consumer publishes every
 * {@value #PUBLISH_EVERY} polls). The consumer's score ({@code poll1}/{@code poll2}) is the
 * transfer rate; divide {@code gc.alloc.rate} by it for bytes per element (JMH's
 * {@code gc.alloc.rate.norm} is per operation of either kind).
 *
 * <p>{@link #burst} (group {@code burst}, one thread) is the single-threaded control: one thread offers {@value #BURST} elements and
 * then polls them all, the pattern of a burst of submissions drained in batches, without the
 * cross-core traffic (and without the sensitivity to a loaded machine, where spinning threads
 * lose their CPU). Its score is elements/s and its {@code gc.alloc.rate.norm} is bytes per
 * element.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class InboxQueueBenchmark {
    /** Elements in flight at most (roughly: the bound is checked per producer). */
    public static final long IN_FLIGHT_LIMIT = 4096;

    /** The consumer publishes its count every this many polls (a power of two). */
    public static final int PUBLISH_EVERY = 64;

    private static final Object ELEMENT = new Object();

    /** The queue and the consumer's published count, shared by one group of threads. */
    @State(Scope.Group)
    public static class Shared {
        /** Which queue; see {@code InboxQueues}. */
        @Param({"vh-unbounded-1024", "vh-unbounded-128", "vh-linked", "vh-chunked-1024", "vh-growable-256",
            "unsafe-xadd-1024", "unsafe-unbounded-1024"})
        public String impl;

        Queue<Object> queue;
        final AtomicLong published = new AtomicLong();
        // plain: only the consumer thread reads and writes it
        long consumed;

        /** A fresh queue per trial. */
        @Setup(Level.Trial)
        public void setUp() {
            queue = InboxQueues.create(impl);
        }
    }

    /** A producer's own count of offers. */
    @State(Scope.Thread)
    public static class Producer {
        // plain: only this producer thread reads and writes it
        long produced;
    }

    private static boolean offer(Shared s, Producer p, Control ctl, int producers) {
        // acquire: pairs with the consumer's release store in poll()
        while (p.produced * producers - s.published.getAcquire() >= IN_FLIGHT_LIMIT) {
            if (ctl.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        p.produced++;
        return s.queue.offer(ELEMENT);
    }

    private static Object poll(Shared s, Control ctl) {
        final Queue<Object> q = s.queue;
        Object e;
        while ((e = q.poll()) == null) {
            if (ctl.stopMeasurement) {
                return null;
            }
            Thread.onSpinWait();
        }
        final long n = ++s.consumed;
        if ((n & (PUBLISH_EVERY - 1)) == 0) {
            // release: pairs with the producers' acquire load in offer()
            s.published.setRelease(n);
        }
        return e;
    }

    /** Elements per {@link #burst} operation: about what one inbox of a 2-worker pool gets in spawn_many_remote. */
    public static final int BURST = 5_000;

    /** One thread offers {@value #BURST} elements, then polls them all; per element. */
    @Benchmark
    @Group("burst")
    @GroupThreads(1)
    @OperationsPerInvocation(BURST)
    public Object burst(Shared s) {
        final Queue<Object> q = s.queue;
        for (int i = 0; i < BURST; i++) {
            q.offer(ELEMENT);
        }
        Object last = null;
        for (int i = 0; i < BURST; i++) {
            last = q.poll();
        }
        return last;
    }

    /** One producer offers one element. */
    @Benchmark
    @Group("p1")
    @GroupThreads(1)
    public boolean offer1(Shared s, Producer p, Control ctl) {
        return offer(s, p, ctl, 1);
    }

    /** The consumer polls one element (spinning while empty), with one producer. */
    @Benchmark
    @Group("p1")
    @GroupThreads(1)
    public Object poll1(Shared s, Control ctl) {
        return poll(s, ctl);
    }

    /** One of two producers offers one element. */
    @Benchmark
    @Group("p2")
    @GroupThreads(2)
    public boolean offer2(Shared s, Producer p, Control ctl) {
        return offer(s, p, ctl, 2);
    }

    /** The consumer polls one element (spinning while empty), with two producers. */
    @Benchmark
    @Group("p2")
    @GroupThreads(1)
    public Object poll2(Shared s, Control ctl) {
        return poll(s, ctl);
    }
}
