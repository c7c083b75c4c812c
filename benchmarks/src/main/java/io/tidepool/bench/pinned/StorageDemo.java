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
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import io.tidepool.pinned.PerCore;
import io.tidepool.pinned.Poller;
import io.tidepool.pinned.Reactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BusySpinIdleStrategy;

/**
 * A storage-like workload on a pinned pool, SPDK style: each reactor core owns one queue pair of
 * a simulated NVMe device (a submission ring and a completion ring) and drives it with two
 * pollers, with no lock and no thread hand-off on the I/O path.
 *
 * <ul>
 *   <li>{@code device} poller: the "hardware": takes commands from the submission ring, and
 *       posts each to the completion ring once its service time (a base latency plus random
 *       jitter) has passed.</li>
 *   <li>{@code completions} poller: reaps the completion ring, records each I/O's latency, and
 *       submits the next I/O at once (a closed loop keeping {@code qd} I/Os in flight per
 *       core, as fio's {@code iodepth}).</li>
 * </ul>
 * At the end the per-core results ({@code PerCore}) are merged and a summary line is written to
 * a file by an unaffinitized thread ({@code spawnUnaffinitized}), the place for blocking I/O.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.pinned.StorageDemo \
 *       [--cpus 0-1] [--seconds 3] [--qd 32] [--latency-us 20] [--spin]
 * </pre>
 */
public final class StorageDemo {
    private StorageDemo() {}

    /** One I/O command. */
    private static final class Io {
        long submitted;
        long due;
    }

    /** A fixed-capacity FIFO ring, used by one reactor thread only. */
    private static final class Ring {
        private final Io[] slots;
        private int head;
        private int size;

        Ring(int capacity) {
            slots = new Io[capacity];
        }

        boolean offer(Io io) {
            if (size == slots.length) {
                return false;
            }
            slots[(head + size++) % slots.length] = io;
            return true;
        }

        Io peek() {
            return size == 0 ? null : slots[head];
        }

        Io poll() {
            if (size == 0) {
                return null;
            }
            final Io io = slots[head];
            slots[head] = null;
            head = (head + 1) % slots.length;
            size--;
            return io;
        }
    }

    /** One core's queue pair, device model and statistics; touched by that core only. */
    private static final class QueuePair {
        final Ring submissions;
        final Ring inDevice;
        final Ring completions;
        final long baseNanos;
        long[] latencies = new long[1 << 16];
        int recorded;
        long completed;
        volatile boolean stopping;

        QueuePair(int qd, long baseNanos) {
            submissions = new Ring(qd);
            inDevice = new Ring(qd);
            completions = new Ring(qd);
            this.baseNanos = baseNanos;
        }

        void submit(Io io, long now) {
            io.submitted = now;
            submissions.offer(io);
        }

        /** The simulated device: accept commands, complete those whose time has come. */
        int device() {
            final long now = System.nanoTime();
            int work = 0;
            Io io;
            while ((io = submissions.poll()) != null) {
                // service time: base latency plus up to 50% jitter, completions in order
                io.due = now + baseNanos + ThreadLocalRandom.current().nextLong(baseNanos / 2 + 1);
                inDevice.offer(io);
                work++;
            }
            while ((io = inDevice.peek()) != null && now - io.due >= 0) {
                completions.offer(inDevice.poll());
                work++;
            }
            return work;
        }

        /** The application: reap completions, record latency, resubmit. */
        int reap() {
            int work = 0;
            Io io;
            long now = 0;
            while ((io = completions.poll()) != null) {
                if (work == 0) {
                    now = System.nanoTime();
                }
                record(now - io.submitted);
                completed++;
                if (!stopping) {
                    submit(io, now);
                }
                work++;
            }
            return work;
        }

        private void record(long nanos) {
            if (recorded == latencies.length) {
                latencies = Arrays.copyOf(latencies, recorded * 2);
            }
            latencies[recorded++] = nanos;
        }
    }

    /**
     * Runs the demo.
     *
     * @param args {@code --cpus LIST --seconds N --qd N --latency-us N --spin}
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        final CpuSet allowed = CpuSet.allowed();
        CpuSet cpus = allowed.size() >= 2 ? CpuSet.of(allowed.cpu(0), allowed.cpu(1)) : allowed;
        int seconds = 3;
        int qd = 32;
        long latencyUs = 20;
        boolean spin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cpus" -> cpus = CpuSet.parse(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--qd" -> qd = Integer.parseInt(args[++i]);
                case "--latency-us" -> latencyUs = Long.parseLong(args[++i]);
                case "--spin" -> spin = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --cpus LIST --seconds N --qd N --latency-us N --spin");
            }
        }
        final ThreadPoolBuilder b = ThreadPool.builder().pinnedCores(cpus).namePrefix("storage");
        if (spin) {
            b.idleStrategy(BusySpinIdleStrategy::new);
        }
        final int depth = qd;
        final long base = TimeUnit.MICROSECONDS.toNanos(latencyUs);
        try (ThreadPool pool = b.build()) {
            final PerCore<QueuePair> pairs = pool.perCore(cpu -> new QueuePair(depth, base));
            final List<Poller> pollers = new ArrayList<>();
            final CountDownLatch primed = new CountDownLatch(cpus.size());
            for (int cpu : cpus.toArray()) {
                final CoreExecutor core = pool.core(cpu);
                final QueuePair qp = pairs.get(cpu);
                pollers.add(core.poller("device", Duration.ZERO, qp::device));
                pollers.add(core.poller("completions", Duration.ZERO, qp::reap));
                // the first qd submissions, from the core itself
                core.execute(() -> {
                    final long now = System.nanoTime();
                    for (int i = 0; i < depth; i++) {
                        pairs.get().submit(new Io(), now);
                    }
                    primed.countDown();
                });
            }
            if (!primed.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("cores did not start");
            }
            final long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            // stop on each core, then read the results there: no cross-thread access to a ring
            final long[][] perCore = new long[cpus.size()][];
            final long[] counts = new long[cpus.size()];
            final CountDownLatch collected = new CountDownLatch(cpus.size());
            final long elapsed = System.nanoTime() - start;
            for (int i = 0; i < cpus.size(); i++) {
                final int index = i;
                pool.core(cpus.cpu(i)).execute(() -> {
                    final QueuePair qp = pairs.get();
                    qp.stopping = true;
                    counts[index] = qp.completed;
                    perCore[index] = Arrays.copyOf(qp.latencies, qp.recorded);
                    collected.countDown();
                });
            }
            if (!collected.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("cores did not report");
            }
            pollers.forEach(Poller::close);
            final String summary = summary(cpus, depth, latencyUs, spin, elapsed, counts, perCore);
            System.out.println(summary);
            // blocking file I/O belongs on an unaffinitized thread, never on a reactor
            final Path out = Path.of(System.getProperty("java.io.tmpdir"), "tidepool-storage-demo.txt");
            pool.spawnUnaffinitized(() -> Files.writeString(out, summary + System.lineSeparator()))
                    .get(30, TimeUnit.SECONDS);
            System.out.println("summary written to " + out + " by an unaffinitized thread"
                    + " (reactor thread there: " + Reactor.isReactorThread() + ")");
        }
    }

    private static String summary(CpuSet cpus, int qd, long latencyUs, boolean spin, long elapsed,
            long[] counts, long[][] perCore) {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "pinned cores %s, %s, qd %d per core, simulated device latency %d-%d us%n",
                cpus, spin ? "busy-spin" : "backoff idle strategy", qd, latencyUs,
                latencyUs + latencyUs / 2));
        long total = 0;
        int samples = 0;
        for (int i = 0; i < counts.length; i++) {
            total += counts[i];
            samples += perCore[i].length;
            sb.append(String.format(Locale.ROOT, "  cpu %d: %,d IOPS%n", cpus.cpu(i),
                    (long) (counts[i] / (elapsed / 1e9))));
        }
        final long[] all = new long[samples];
        int at = 0;
        for (long[] l : perCore) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        sb.append(String.format(Locale.ROOT,
                "total: %,d IOPS; latency p50 %.1f us, p99 %.1f us, p99.9 %.1f us (%,d I/Os)",
                (long) (total / (elapsed / 1e9)), pct(all, 0.50), pct(all, 0.99), pct(all, 0.999),
                all.length));
        return sb.toString();
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1_000.0;
    }
}
