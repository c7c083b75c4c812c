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

package io.tidepool.bench.timer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle cost: {@code --armed} timers (default 100,000) set {@code --delay-minutes} (10) out on an
 * otherwise idle facility; after {@code --settle-seconds} (5), the process's CPU time over
 * {@code --seconds} (20) of wall time, as a percentage of one core, in one markdown table.
 *
 * <p>The first row, {@code none}, is the same measurement with no facility at all: what the JVM
 * itself (JIT and GC threads, this program's sleeping main thread) costs, to subtract from the
 * others. Process CPU time comes from the OS in scheduler ticks (often 10 ms, 0.05% of a core
 * over 20 s). The threads columns add up the {@code ThreadMXBean} CPU times, in nanoseconds, of
 * the Java threads alive at the window's end: not the JVM's own GC and JIT threads, which the
 * process column includes; a thread that ended within the window is missing, one started
 * within it counts from zero. The timers are armed from the main thread, outside the facility;
 * none may fire during the run (a fired timer fails the row). After the measurement every timer
 * is cancelled and the facility closed before the next one starts, each in this JVM. The GC
 * column counts collections during the measured window, which would show up as CPU.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.timer.TimerIdleCost \
 *       [--timers tidepool,stpe,forkjoin,forkjoin-common,netty,netty-1ms] [--armed 100000] \
 *       [--delay-minutes 10] [--settle-seconds 5] [--seconds 20] [--workers 2]
 * </pre>
 */
public final class TimerIdleCost {
    private static final String DEFAULT_TIMERS = "tidepool,stpe,forkjoin,forkjoin-common,netty,netty-1ms";

    private TimerIdleCost() {}

    /**
     * Runs the baseline and every named facility and prints the table.
     *
     * @param args the options in the class doc
     * @throws InterruptedException if interrupted while sleeping through a window
     */
    public static void main(String[] args) throws InterruptedException {
        final Cli cli = new Cli(args, Set.of("timers", "armed", "delay-minutes", "settle-seconds",
                "seconds", "workers"));
        final int armed = (int) cli.number("armed", 100_000, 1);
        final long delayMinutes = cli.number("delay-minutes", 10, 1);
        final long settleSeconds = cli.number("settle-seconds", 5, 0);
        final long seconds = cli.number("seconds", 20, 1);
        final int workers = (int) cli.number("workers", 2, 1);
        if (delayMinutes * 60 <= settleSeconds + seconds) {
            throw new IllegalArgumentException("--delay-minutes must outlast --settle-seconds + --seconds: "
                    + delayMinutes + " min");
        }

        System.out.println(Cli.header("timer idle cost", armed + " timers armed " + delayMinutes
                + " min out, " + settleSeconds + " s settle, " + seconds + " s measured, workers "
                + workers));
        System.out.println();
        System.out.println("| timer | armed | process CPU ms | wall ms | % of one core | threads CPU ms"
                + " | threads % of one core | GCs in window |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        System.out.println(window("none", 0, settleSeconds, seconds));
        for (TimerKind kind : TimerKind.parse(cli.string("timers", DEFAULT_TIMERS))) {
            final String reason = kind.unavailableReason();
            if (reason != null) {
                System.out.println("| " + kind.paramName() + " | skipped: " + reason + " | | | | | | |");
                continue;
            }
            System.out.println(run(kind, workers, armed, TimeUnit.MINUTES.toNanos(delayMinutes),
                    settleSeconds, seconds));
            System.gc();
        }
    }

    private static String run(TimerKind kind, int workers, int armed, long delayNanos,
            long settleSeconds, long seconds) throws InterruptedException {
        final AtomicLong fired = new AtomicLong();
        final Fire task = new Fire() {
            @Override
            public void run() {
                fired.incrementAndGet();
            }
        };
        try (Timers timers = kind.create(workers)) {
            final Object[] handles = new Object[armed];
            for (int i = 0; i < armed; i++) {
                handles[i] = timers.schedule(task, delayNanos);
            }
            final String row = window(kind.paramName(), armed, settleSeconds, seconds);
            for (Object handle : handles) {
                timers.cancel(handle);
            }
            if (fired.get() != 0) {
                throw new IllegalStateException(kind.paramName() + ": " + fired.get()
                        + " timers fired before their deadline, " + delayNanos + " ns out");
            }
            return row;
        }
    }

    /** Sleeps {@code settleSeconds}, then measures the process's CPU over {@code seconds}. */
    private static String window(String name, int armed, long settleSeconds, long seconds)
            throws InterruptedException {
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long gc0 = gcCount();
        final Map<Long, Long> threads0 = threadCpu(threads);
        final long cpu0 = os.getProcessCpuTime();
        final long wall0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        final long cpu1 = os.getProcessCpuTime();
        final long wall1 = System.nanoTime();
        final Map<Long, Long> threads1 = threadCpu(threads);
        final long gc1 = gcCount();
        long threadNanos = 0;
        for (Map.Entry<Long, Long> e : threads1.entrySet()) {
            threadNanos += e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
        }
        if (cpu0 < 0 || cpu1 < 0) {
            throw new IllegalStateException("process CPU time is not available on this JVM");
        }
        final double cpuMs = (cpu1 - cpu0) / 1e6;
        final double wallMs = (wall1 - wall0) / 1e6;
        final double threadMs = threadNanos / 1e6;
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.3f | %.2f | %.3f | %d |", name,
                armed, cpuMs, wallMs, 100.0 * cpuMs / wallMs, threadMs, 100.0 * threadMs / wallMs,
                gc1 - gc0);
    }

    /** CPU time of every live thread, by id; threads whose time is unavailable are left out. */
    private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("thread CPU time is not supported on this JVM");
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        final Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            final long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
