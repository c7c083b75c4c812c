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

package io.tidepool.internal.handoff;

import io.tidepool.Waker;
import io.tidepool.internal.worker.WorkerThread;

/**
 * The hand-off SPI used by module {@code io.tidepool.blocking} (this package is exported to it
 * only). Every method acts on the calling thread; the protocol is in the package documentation
 * ("Blocking sections").
 *
 * <p>Use:
 * <pre>{@code
 *   boolean handedOff = BlockingSpi.tryHandOff();
 *   try {
 *       body();                         // blocks this thread; the worker's queues run elsewhere
 *   } finally {
 *       if (handedOff) BlockingSpi.endHandOff();
 *   }
 * }</pre>
 */
public final class BlockingSpi {
    /** The core was handed off: run the section, then call {@link #endHandOff()}. */
    public static final int HANDED_OFF = 1;
    /** No hand-off is possible or useful here: run the section inline. */
    public static final int INLINE = 0;
    /** No permit is free; the waker was registered and will be woken when one is released. */
    public static final int WAIT = -1;

    private BlockingSpi() {}

    /**
     * Hands the calling worker's core (deque, inbox, identity) to a backup thread. Succeeds only
     * on a thread of a tidepool pool that holds a core (not inside another blocking section),
     * while a blocking permit is free and the pool has not stopped.
     *
     * @return whether the core was handed off; if so the caller must call {@link #endHandOff()}
     *     on the same thread when the section ends
     */
    public static boolean tryHandOff() {
        return Thread.currentThread() instanceof WorkerThread w && HandOffs.of(w.pool()).tryHandOff(w);
    }

    /**
     * Begins a deferred blocking section on the calling thread: the body runs here while the
     * thread keeps its worker, and the pool's monitor hands the worker to a backup thread if
     * the section is still in progress after a short grace period. Succeeds where
     * {@link #tryHandOff()} could (a thread of a pool that holds a core, in a task, not in
     * another section, {@code maxBlocking > 0}, before STOP); it takes no permit itself.
     *
     * @return whether a section began; if so the caller must call {@link #endSection()} on the
     *     same thread when the body ends
     */
    public static boolean beginSection() {
        return Thread.currentThread() instanceof WorkerThread w && HandOffs.of(w.pool()).sections().begin(w);
    }

    /**
     * Ends the calling thread's deferred section (see {@link #beginSection()}); returns the
     * section's permit if the monitor handed its worker off meanwhile, and then takes a worker
     * back if one is parked idle (the calling thread holds it when this returns).
     *
     * @throws IllegalStateException if the calling thread is not a tidepool thread
     */
    public static void endSection() {
        if (!(Thread.currentThread() instanceof WorkerThread w)) {
            throw new IllegalStateException(Thread.currentThread().getName()
                    + " is not a tidepool thread");
        }
        HandOffs.of(w.pool()).sections().end(w);
    }

    /**
     * As {@link #tryHandOff()}, for poll-based tasks: when only the permit is missing, registers
     * {@code waiter} and returns {@link #WAIT}; the waiter is woken when a permit is released.
     *
     * @param waiter the waker of the calling async task
     * @return {@link #HANDED_OFF}, {@link #INLINE} or {@link #WAIT}
     */
    public static int tryHandOffOrWait(Waker waiter) {
        if (Thread.currentThread() instanceof WorkerThread w) {
            return HandOffs.of(w.pool()).tryHandOffOrWait(w, waiter);
        }
        return INLINE;
    }

    /**
     * Ends the calling thread's blocking section and releases its permit. The thread then takes
     * a worker back if one is parked idle (it holds it when this returns); otherwise it
     * finishes its current task without a core, then becomes an idle backup thread.
     *
     * @throws IllegalStateException if the calling thread did not hand off
     */
    public static void endHandOff() {
        if (!(Thread.currentThread() instanceof WorkerThread w)) {
            throw new IllegalStateException(Thread.currentThread().getName()
                    + " is not a tidepool thread");
        }
        HandOffs.of(w.pool()).endHandOff(w);
    }

    /**
     * {@return whether the calling thread is a tidepool thread inside a deferred section or
     * running without a core} The latter is the case inside a section that handed off.
     */
    public static boolean inBlockingSection() {
        return Thread.currentThread() instanceof WorkerThread w
                && (w.lvCore() == null || (HandOffState.of(w).loSection() & HandOffState.SECTION_IN) != 0);
    }

    /**
     * {@return whether the calling thread is inside a deferred section} (one that began with its
     * worker, whether or not the monitor has handed the worker off since), as opposed to a
     * section that handed off at entry. For tests and diagnostics.
     */
    public static boolean inDeferredSection() {
        return Thread.currentThread() instanceof WorkerThread w
                && (HandOffState.of(w).loSection() & HandOffState.SECTION_IN) != 0;
    }

    /** {@return whether the calling thread is a thread of a tidepool pool that can hold a worker} */
    public static boolean onPoolThread() {
        return Thread.currentThread() instanceof WorkerThread;
    }
}
