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

package io.tidepool.soak;

import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A randomized soak test of {@link ThreadPool}, outside jcstress: rounds of a random mix of
 * external submissions from several threads, nested spawns, async tasks woken from other
 * threads (and by themselves during a poll), cancellations, and a {@code shutdown()} or
 * {@code shutdownNow()} at the end of each round while the submitters are still running.
 * After each round it checks that every accepted task ran exactly once or was handed back by
 * {@code shutdownNow}, that no rejected task ran, that every async task finished exactly one
 * way, and that the pool terminated.
 *
 * <pre>
 *   java -cp stress-tests/target/jcstress.jar io.tidepool.soak.Soak --seconds 600 [--threads 3]
 *       [--wakers 1] [--pool 2] [--seed N] [--faults]
 * </pre>
 * With {@code --faults} every round also injects faults ({@link SoakFaults}): throwing parks,
 * unparks, hooks and tasks, and submissions and wakes at the stack limit; the same checks must
 * hold, and every injected throw the pool reports must be one it was handed. {@code --pool 1}
 * is the sharpest: there a worker lost to a fault strands its queue, where a second worker
 * would steal it.
 * The seed is printed, with each round's seed, so a failing round's operation mix can be
 * replayed (thread interleavings of course cannot). Exit status 1 on any violation.
 */
public final class Soak {
    /** Most ids (tasks) one round may hand out. */
    static final int ROUND_CAPACITY = 1 << 21;
    /** Accepted-but-not-run tasks above which submitters back off. */
    static final int MAX_LIVE = 20_000;
    /** Longest wait for a pool to terminate after shutdown. */
    static final long TERMINATION_SECONDS = 30;

    /** Soak settings; {@link #parse} reads them from the command line. */
    public record Config(long seconds, int threads, int wakers, int poolSize, long seed, boolean faults) {
        /** Settings without fault injection. */
        public Config(long seconds, int threads, int wakers, int poolSize, long seed) {
            this(seconds, threads, wakers, poolSize, seed, false);
        }

        /**
         * Reads {@code --seconds --threads --wakers --pool --seed --faults}; defaults 60, 3, 1, 2,
         * random, no faults.
         */
        public static Config parse(String... args) {
            long seconds = 60;
            int threads = 3;
            int wakers = 1;
            int pool = 2;
            long seed = ThreadLocalRandom.current().nextLong();
            boolean faults = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--faults")) {
                    faults = true;
                    continue;
                }
                final String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--seconds" -> seconds = Long.parseLong(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--wakers" -> wakers = Integer.parseInt(value);
                    case "--pool" -> pool = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option: " + args[i]);
                }
                i++;
            }
            return new Config(seconds, threads, wakers, pool, seed, faults);
        }
    }

    /** Most violation messages kept (all are counted). */
    static final int MAX_KEPT_VIOLATIONS = 200;

    /** Totals over all rounds, the number of violations and the first of their messages. */
    public record Result(int rounds, long accepted, long rejected, long ran, long handedBack,
            long asyncCompleted, long asyncCancelled, long asyncFailed, long faultsInjected,
            long faultsReported, long stackLimitDives, long violationCount, List<String> violations) {
        /** Whether no violation was seen. */
        public boolean passed() {
            return violationCount == 0;
        }
    }

    private Soak() {}

    /** Runs the soak as configured by {@code args}; exits with status 1 on a violation. */
    public static void main(String[] args) throws InterruptedException {
        final Config config = Config.parse(args);
        final Result result = run(config, System.out);
        System.out.println(summary(result));
        result.violations().stream().limit(50).forEach(v -> System.out.println("VIOLATION: " + v));
        // one line per kind of violation: the message with its numbers taken out
        result.violations().stream()
                .map(v -> v.replaceAll("-?\\d+", "N"))
                .distinct()
                .forEach(k -> System.out.println("KIND: " + k));
        System.exit(result.passed() ? 0 : 1);
    }

    /** One line of totals. */
    public static String summary(Result r) {
        return String.format("soak: %d rounds, %d accepted, %d rejected, %d ran, %d handed back by shutdownNow;"
                + " async: %d completed, %d cancelled, %d failed; faults: %d injected, %d reported,"
                + " %d dives to the stack limit; %d violations",
                r.rounds, r.accepted, r.rejected, r.ran, r.handedBack,
                r.asyncCompleted, r.asyncCancelled, r.asyncFailed, r.faultsInjected, r.faultsReported,
                r.stackLimitDives, r.violationCount);
    }

    /**
     * Runs rounds until {@code config.seconds()} have passed. A round with violations does not
     * stop the soak, so that one recurring problem cannot hide another.
     */
    public static Result run(Config config, java.io.PrintStream log) throws InterruptedException {
        log.printf("soak: seed=%d seconds=%d threads=%d wakers=%d pool=%d faults=%b%n",
                config.seed(), config.seconds(), config.threads(), config.wakers(), config.poolSize(),
                config.faults());
        final SplittableRandom master = new SplittableRandom(config.seed());
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.seconds());
        final long[] totals = new long[10];
        final List<String> violations = new ArrayList<>();
        long violationCount = 0;
        int rounds = 0;
        while (System.nanoTime() - end < 0) {
            final long roundSeed = master.nextLong();
            final Round round = new Round(config, roundSeed, rounds);
            final long[] counts = round.run();
            for (int i = 0; i < totals.length; i++) {
                totals[i] += counts[i];
            }
            final List<String> seen = round.ledger.violations();
            violationCount += round.ledger.violationCount();
            for (String v : seen) {
                if (violations.size() < MAX_KEPT_VIOLATIONS) {
                    violations.add("round " + rounds + " (seed " + roundSeed + "): " + v);
                }
            }
            if (!seen.isEmpty()) {
                log.printf("round %d (seed %d): %d violations, first: %s%n",
                        rounds, roundSeed, round.ledger.violationCount(), seen.get(0));
            }
            rounds++;
        }
        return new Result(rounds, totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6],
                totals[7], totals[8], totals[9], violationCount, violations);
    }

    /** One pool's life: build, load, shut down while loaded, verify. */
    static final class Round {
        final SoakLedger ledger = new SoakLedger(ROUND_CAPACITY);
        private final Config config;
        private final SplittableRandom random;
        private final int index;
        private final ThreadPool pool;
        /** This round's fault injection, or null. */
        private final SoakFaults faults;
        private final ConcurrentLinkedQueue<SoakAsyncTask.Registration> waiting = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<SoakAsyncTask> asyncTasks = new ConcurrentLinkedQueue<>();
        private final AtomicReferenceArray<SoakAsyncTask> recent = new AtomicReferenceArray<>(256);
        private volatile boolean stopSubmitting;
        private volatile boolean stopWaking;

        Round(Config config, long seed, int index) {
            this.config = config;
            this.random = new SplittableRandom(seed);
            this.index = index;
            this.faults = config.faults() ? new SoakFaults() : null;
            final ThreadPoolBuilder builder = ThreadPool.builder()
                    .poolSize(config.poolSize())
                    .namePrefix("soak-" + index)
                    .uncaughtExceptionHandler((t, e) -> {
                        if (faults == null || !faults.isInjected(e)) {
                            ledger.violation("uncaught in " + t.getName() + ": " + e);
                        }
                    });
            this.pool = (faults == null ? builder : faults.configure(builder)).build();
        }

        /**
         * Returns accepted, rejected, ran, handed back, async completed, cancelled, failed,
         * faults injected, faults reported, dives to the stack limit.
         */
        long[] run() throws InterruptedException {
            final long roundMillis = 200 + random.nextInt(800);
            final boolean stopNow = random.nextInt(4) == 0;
            final List<Thread> submitters = new ArrayList<>();
            for (int i = 0; i < config.threads(); i++) {
                final SplittableRandom r = random.split();
                submitters.add(start("soak-submitter-" + index + "-" + i, () -> submitLoop(r)));
            }
            final List<Thread> wakers = new ArrayList<>();
            for (int i = 0; i < config.wakers(); i++) {
                wakers.add(start("soak-waker-" + index + "-" + i, this::wakeLoop));
            }
            // the round's length is a time budget, not a wait for a condition
            Thread.sleep(roundMillis);
            final List<Runnable> handedBack = stopNow ? pool.shutdownNow() : List.of();
            if (!stopNow) {
                pool.shutdown();
            }
            stopSubmitting = true;
            join(submitters);
            final boolean terminated = pool.awaitTermination(TERMINATION_SECONDS, TimeUnit.SECONDS);
            stopWaking = true;
            join(wakers);
            if (!terminated) {
                ledger.violation("pool did not terminate within " + TERMINATION_SECONDS + " s after "
                        + (stopNow ? "shutdownNow" : "shutdown") + ": " + pool);
                // what kept it alive, before the shutdownNow below cancels it
                for (SoakAsyncTask t : asyncTasks) {
                    final String unfinished = t.describeIfUnfinished();
                    if (unfinished != null) {
                        ledger.violation(unfinished);
                    }
                }
                pool.shutdownNow();
            }
            for (Runnable t : handedBack) {
                if (t instanceof SoakTask s) {
                    ledger.handedBack(s.id);
                } else {
                    ledger.violation("shutdownNow handed back a non-task: " + t);
                }
            }
            final boolean[] asyncIds = new boolean[ledger.issued()];
            final long[] async = new long[3];
            for (SoakAsyncTask t : asyncTasks) {
                asyncIds[t.id] = true;
                if (t.handle == null) {
                    if (ledger.runs(t.id) != 0) {
                        ledger.violation("rejected async task " + t.id + " was polled to completion");
                    }
                    continue;
                }
                // a pool that did not terminate was stopped above: its cancels are not news
                final int outcome = t.verify(stopNow || !terminated);
                if (outcome >= 0) {
                    async[outcome]++;
                }
            }
            if (faults != null && faults.reported.get() > faults.injected.get()) {
                ledger.violation("the pool reported " + faults.reported.get() + " injected faults, "
                        + faults.injected.get() + " were injected");
            }
            final long[] plain = ledger.verifyRunnables(asyncIds);
            return new long[] {plain[0], plain[1], plain[2], plain[3], async[0], async[1], async[2],
                faults == null ? 0 : faults.injected.get(), faults == null ? 0 : faults.reported.get(),
                faults == null ? 0 : Math.min(faults.atLimit.get(), SoakFaults.MAX_DIVES)};
        }

        private void submitLoop(SplittableRandom r) {
            while (!stopSubmitting) {
                if (ledger.live.get() > MAX_LIVE) {
                    Thread.yield();
                    continue;
                }
                final int op = r.nextInt(100);
                if (op < 70) {
                    if (!submitTask()) {
                        return;
                    }
                } else if (op < 75) {
                    for (int i = 0; i < 16; i++) {
                        if (!submitTask()) {
                            return;
                        }
                    }
                } else if (op < 92) {
                    if (!spawnAsync(r)) {
                        return;
                    }
                } else {
                    final SoakAsyncTask victim = recent.get(r.nextInt(recent.length()));
                    if (victim != null && victim.handle != null && victim.handle.cancel(r.nextBoolean())) {
                        victim.cancelSucceeded = true;
                    }
                }
            }
        }

        /** False when the round's books are full. */
        private boolean submitTask() {
            final int id = ledger.newId();
            if (id < 0) {
                return false;
            }
            ledger.live.incrementAndGet();
            try {
                pool.execute(new SoakTask(id, 0, ledger, pool, faults));
                ledger.accepted(id);
            } catch (RejectedExecutionException e) {
                ledger.live.decrementAndGet();
                ledger.rejected(id);
            }
            return true;
        }

        private boolean spawnAsync(SplittableRandom r) {
            final int id = ledger.newId();
            if (id < 0) {
                return false;
            }
            final SoakAsyncTask task = new SoakAsyncTask(id, r.nextInt(4), r.nextInt(3) == 0, ledger, waiting, pool);
            asyncTasks.add(task);
            ledger.live.incrementAndGet();
            try {
                task.handle = pool.spawn(task);
                ledger.accepted(id);
                recent.set(id & (recent.length() - 1), task);
            } catch (RejectedExecutionException e) {
                ledger.live.decrementAndGet();
                ledger.rejected(id);
            }
            return true;
        }

        private void wakeLoop() {
            while (!stopWaking) {
                final SoakAsyncTask.Registration reg = waiting.poll();
                if (reg == null) {
                    Thread.yield();
                    continue;
                }
                reg.task().grant();
                if (faults != null && SoakFaults.roll(64)) {
                    // wakes at the stack limit, some of which throw inside the pool...
                    faults.atStackLimit(() -> reg.waker().wake());
                    // ...and the next wake, at a normal depth, must queue the task if they did
                }
                reg.waker().wake();
            }
        }

        private static Thread start(String name, Runnable body) {
            final Thread t = new Thread(body, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void join(List<Thread> threads) throws InterruptedException {
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(TERMINATION_SECONDS));
                if (t.isAlive()) {
                    ledger.violation(t.getName() + " did not stop");
                }
            }
        }
    }
}
