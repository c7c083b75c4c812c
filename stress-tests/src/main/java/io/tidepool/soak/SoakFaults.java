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

import io.tidepool.Park;
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.Unpark;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults {@link Soak} injects with {@code --faults} (issue 15): parks that throw (as a
 * spurious wake-up would be), unparks that throw after their signal, {@code afterStart},
 * {@code beforeStop} and {@code aroundWorker} hooks that throw, tasks that throw, and
 * submissions and wakes made at the stack limit ({@link #atStackLimit}). Every injected
 * throwable is an {@link Injected}; the pool's handler counts those and reports anything else
 * as a violation. The ledger's checks stay the same: every accepted task runs exactly once or
 * is handed back, and every pool terminates.
 *
 * <p>An unpark throws only after its signal: a throw before the signal loses that wake (the
 * pool reports it and the next submission wakes a worker), which a round that ends with that
 * submission would see as a task never run; that case is the fault tests' to check, not the
 * soak's.
 */
final class SoakFaults {
    /** One in this many parks, unparks and plain tasks throws. */
    static final int ONE_IN = 64;
    /** Frames a submission or wake at the stack limit is retried over, on the way back up. */
    static final int LIMIT_FRAMES = 24;
    /** Dives to the stack limit per round, at most. */
    static final int MAX_DIVES = 8;

    /** The throwable of an injected fault. */
    static final class Injected extends RuntimeException {
        Injected(String what) {
            super(what, null, false, false);
        }
    }

    final AtomicLong injected = new AtomicLong();
    final AtomicLong reported = new AtomicLong();
    /** Dives asked for (the first {@link #MAX_DIVES} are made). */
    final AtomicLong atLimit = new AtomicLong();

    /** Whether to inject now, with probability 1 / {@code oneIn}. */
    static boolean roll(int oneIn) {
        return ThreadLocalRandom.current().nextInt(oneIn) == 0;
    }

    /** Throws an injected fault with probability 1 / {@code oneIn}. */
    void maybeThrow(int oneIn, String what) {
        if (roll(oneIn)) {
            injected.incrementAndGet();
            throw new Injected(what);
        }
    }

    /** Sets the faulty park and the throwing hooks on {@code builder}. */
    ThreadPoolBuilder configure(ThreadPoolBuilder builder) {
        return builder
                .customPark(id -> new FaultyPark())
                .afterStart(() -> maybeThrow(4, "afterStart"))
                .beforeStop(() -> maybeThrow(4, "beforeStop"))
                .aroundWorker((worker, loop) -> {
                    loop.run();
                    maybeThrow(4, "aroundWorker after the loop");
                });
    }

    /** Whether {@code e}, reported to the pool's handler, is an injected fault (then counted). */
    boolean isInjected(Throwable e) {
        if (e instanceof Injected) {
            reported.incrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Recurses to the stack limit and runs {@code action} in each of the
     * {@link #LIMIT_FRAMES} frames nearest to it, on the way back up: some of the calls
     * overflow inside the pool's code, at varying points. {@code action} must record its own
     * outcome before it calls the pool (it may never return).
     */
    void atStackLimit(Runnable action) {
        // a dive costs milliseconds (thousands of frames, a filled-in StackOverflowError per
        // overflow): a few per round, so that the round's other work still dominates
        if (atLimit.incrementAndGet() <= MAX_DIVES) {
            dive(action);
        }
    }

    private static int dive(Runnable action) {
        int left;
        try {
            left = dive(action);
        } catch (StackOverflowError e) {
            left = LIMIT_FRAMES;
        }
        if (left > 0) {
            try {
                action.run();
            } catch (StackOverflowError | InternalError | BootstrapMethodError e) {
                // the pool's code overflowed (or a call site it links first did): what the
                // action recorded before the call stands
            }
            return left - 1;
        }
        return 0;
    }

    /** A park on a semaphore that sometimes throws instead of parking, and an unpark that sometimes throws after its signal. */
    private final class FaultyPark implements Park, Unpark {
        private final Semaphore permit = new Semaphore(0);

        @Override
        public void park() {
            maybeThrow(ONE_IN, "park");
            try {
                permit.acquire();
                permit.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void park(Duration timeout) {
            maybeThrow(ONE_IN, "timed park");
            try {
                if (permit.tryAcquire(Math.max(0L, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                    permit.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Unpark unparker() {
            return this;
        }

        @Override
        public void unpark() {
            permit.release();
            maybeThrow(ONE_IN, "unpark after its signal");
        }
    }
}
