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

package io.tidepool.bench.metrics;

import io.tidepool.ThreadPool;
import io.tidepool.bench.scheduler.Completion;
import io.tidepool.bench.scheduler.SpawnManyLocal;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Counts what happens per operation of {@code CounterCost} (one worker, the same spawning task
 * and {@link Completion} signal), instead of timing it: on a loaded machine a count still says
 * whether one build parks, wakes, allocates or recompiles more per operation than another.
 *
 * <p>After {@code warmup} operations it runs {@code ops} more and prints, per operation: the
 * parks of the benchmark thread and of the worker (JFR {@code jdk.ThreadPark} with a zero
 * threshold, so every park, including one that returns at once on a pending permit), how many
 * of them blocked in the kernel (each thread's {@code voluntary_ctxt_switches} in
 * {@code /proc/self/task}), the bytes each thread allocated, and, for the whole window, the
 * collections, JIT compilations and deoptimizations. With {@code nojfr} as the third argument
 * it records nothing (the kernel counts then show the run without JFR's own cost).
 *
 * <p>It uses only the public API and the benchmark's own classes, so an older build's
 * benchmarks jar can run it with this class in front of it on the class path. Usage (counters
 * off as in {@code CounterCost.countersOff}):
 * {@code java -Dio.tidepool.internal.metrics.noCounters=true -cp benchmarks.jar
 * io.tidepool.bench.metrics.CounterEvents 20000 2000}.
 */
public final class CounterEvents {
    /** The name prefix of the pool's threads, so that their kernel names can be found. */
    private static final String PREFIX = "cevents";
    /** The benchmark thread's name (also its kernel name: a thread may rename itself). */
    private static final String MAIN = "cevents-main";

    private CounterEvents() {}

    /**
     * Runs the operations and prints the counts.
     *
     * @param args warm-up operations, counted operations, optional {@code nojfr}
     * @throws Exception if the recording or a {@code /proc} read fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CounterEvents <warmupOps> <ops> [nojfr]");
        }
        final int warmup = Integer.parseInt(args[0]);
        final int ops = Integer.parseInt(args[1]);
        if (warmup < 0 || ops < 1) {
            throw new IllegalArgumentException("need warmupOps >= 0 and ops >= 1: " + warmup + " " + ops);
        }
        final boolean jfr = !(args.length > 2 && args[2].equals("nojfr"));
        // on Linux a thread's own setName also renames it in the kernel, where /proc shows it
        Thread.currentThread().setName(MAIN);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix(PREFIX).build();
        final Completion completion = new Completion();
        final Runnable spawner = SpawnManyLocal.spawner(pool, completion);
        for (int i = 0; i < warmup; i++) {
            op(pool, spawner, completion);
        }
        final Thread worker = poolThread(pool);
        final Recording recording = jfr ? startRecording() : null;
        final Snapshot before = Snapshot.take(worker);
        for (int i = 0; i < ops; i++) {
            op(pool, spawner, completion);
        }
        final Snapshot after = Snapshot.take(worker);
        final Map<String, Long> counts = recording == null ? Map.of() : stopRecording(recording, worker);
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate within 30 s");
        }
        System.out.printf("%s: %d ops after %d warm-up, JDK %s%n", CounterEvents.class.getSimpleName(),
                ops, warmup, Runtime.version());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            System.out.printf("  %-48s %10.3f per op (%d)%n", e.getKey(), e.getValue() / (double) ops, e.getValue());
        }
        before.printDelta(after, ops);
    }

    private static void op(ThreadPool pool, Runnable spawner, Completion completion) {
        completion.arm(CounterCost.TASKS);
        pool.execute(spawner);
        completion.await();
    }

    /** The pool's one worker thread, found by running a task on it. */
    private static Thread poolThread(ThreadPool pool) throws InterruptedException {
        final Thread[] found = new Thread[1];
        final CountDownLatch ran = new CountDownLatch(1);
        pool.execute(() -> {
            found[0] = Thread.currentThread();
            ran.countDown();
        });
        if (!ran.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the worker ran no task within 30 s");
        }
        // the latch's count-down happens-before its await returns: found[0] is visible
        return found[0];
    }

    private static Recording startRecording() {
        final Recording r = new Recording();
        r.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withoutStackTrace();
        r.enable("jdk.Compilation").withThreshold(Duration.ZERO).withoutStackTrace();
        r.enable("jdk.Deoptimization").withoutStackTrace();
        r.enable("jdk.GarbageCollection");
        r.enable("jdk.SafepointBegin").withThreshold(Duration.ZERO);
        r.start();
        return r;
    }

    /** Stops the recording and counts its events: parks by thread, the rest in all. */
    private static Map<String, Long> stopRecording(Recording r, Thread worker) throws IOException {
        r.stop();
        final Path file = Files.createTempFile("counter-events", ".jfr");
        try {
            r.dump(file);
            r.close();
            final Map<String, Long> counts = new TreeMap<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                String key = e.getEventType().getName();
                if (key.equals("jdk.ThreadPark")) {
                    key += " " + who(e.getThread(), worker);
                }
                counts.merge(key, 1L, Long::sum);
            }
            return counts;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String who(RecordedThread t, Thread worker) {
        if (t == null) {
            return "(no thread)";
        }
        if (t.getJavaThreadId() == worker.getId()) {
            return "worker";
        }
        return MAIN.equals(t.getJavaName()) ? "benchmark thread" : t.getJavaName();
    }

    /** Per-thread and JVM-wide counters at one moment. */
    private static final class Snapshot {
        private final long[] mainKernel;
        private final long[] workerKernel;
        private final long mainBytes;
        private final long workerBytes;
        private final long collections;

        private Snapshot(Thread worker) throws IOException {
            mainKernel = kernelSwitches(MAIN);
            workerKernel = kernelSwitches(worker.getName());
            final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            mainBytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            workerBytes = threads.getThreadAllocatedBytes(worker.getId());
            long gcs = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcs += Math.max(0, gc.getCollectionCount());
            }
            collections = gcs;
        }

        static Snapshot take(Thread worker) throws IOException {
            return new Snapshot(worker);
        }

        void printDelta(Snapshot after, int ops) {
            line("benchmark thread: blocked (voluntary switches)", after.mainKernel[0] - mainKernel[0], ops);
            line("benchmark thread: preempted (involuntary)", after.mainKernel[1] - mainKernel[1], ops);
            line("worker: blocked (voluntary switches)", after.workerKernel[0] - workerKernel[0], ops);
            line("worker: preempted (involuntary)", after.workerKernel[1] - workerKernel[1], ops);
            line("benchmark thread: bytes allocated", after.mainBytes - mainBytes, ops);
            line("worker: bytes allocated", after.workerBytes - workerBytes, ops);
            line("collections", after.collections - collections, ops);
        }

        private static void line(String what, long delta, int ops) {
            System.out.printf("  %-48s %10.3f per op (%d)%n", what, delta / (double) ops, delta);
        }

        /**
         * The voluntary and involuntary context switches of the one thread whose kernel name is
         * {@code name} (cut to 15 characters, as the kernel keeps it).
         */
        private static long[] kernelSwitches(String name) throws IOException {
            final String comm = name.length() > 15 ? name.substring(0, 15) : name;
            final List<long[]> found = new ArrayList<>();
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    final Path status = task.resolve("status");
                    long vol = -1;
                    long invol = -1;
                    boolean match = false;
                    try {
                        for (String line : Files.readAllLines(status)) {
                            if (line.startsWith("Name:")) {
                                match = line.substring(5).strip().equals(comm);
                            } else if (line.startsWith("voluntary_ctxt_switches:")) {
                                vol = Long.parseLong(line.substring(24).strip());
                            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                                invol = Long.parseLong(line.substring(27).strip());
                            }
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        continue;
                    }
                    if (match) {
                        found.add(new long[] {vol, invol});
                    }
                }
            }
            if (found.size() != 1) {
                throw new IllegalStateException(found.size() + " threads named " + comm + " in /proc/self/task");
            }
            return found.get(0);
        }
    }
}
