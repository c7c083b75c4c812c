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

package io.tidepool.internal.worker;

import io.tidepool.internal.park.WakeWatch;
import io.tidepool.internal.queue.WorkStealingDeque;
import java.util.Arrays;

/**
 * One worker's part in the watch ({@link WakeWatch}): whether it watches while it is parked,
 * how long each watching park lasts, and what it saw at its last look.
 *
 * <p>A parked worker watches when no other worker does and some worker is awake: only an
 * awake worker's task can spawn. A watcher's park times out after {@link #MIN_NANOS}, doubling
 * up to {@link #MAX_NANOS} while the other deques look empty at each timeout, so a watcher
 * beside a worker busy with one long task wakes a few hundred times a second, not thousands.
 * At each timeout it looks at every other deque: one that was not empty at the previous look
 * either and whose holder pushed nothing since (its spawn count did not move) holds a task its
 * spawner left behind, and the watcher wakes to take it. So a task a spawner left to the watch
 * waits at most about {@link #MAX_NANOS} plus {@link #MIN_NANOS} (and a wake-up) when the
 * spawner keeps running. A watcher that finds every other worker parked stops watching and
 * parks without a timeout: an idle pool does not wake.
 *
 * <p>Owned by one {@link WorkerLoop}; all methods run on its thread.
 */
final class Watcher {
    /** A watching park's first timeout, and its timeout after a look found a deque in use. */
    static final long MIN_NANOS = 100_000;
    /** The longest watching park. */
    static final long MAX_NANOS = 1_600_000;

    private final Pool pool;
    private final WakeWatch watch;
    /** Whether this worker counts in the watch now. */
    private boolean watching;
    /** This watching park's timeout. */
    private long nanos;
    /** Per worker: its spawn count at the last look. */
    private final int[] spawns;
    /** Per worker: whether its deque looked non-empty at the last look. */
    private final boolean[] nonEmpty;

    Watcher(Pool pool) {
        this.pool = pool;
        this.watch = pool.watch();
        final int n = pool.cores().length;
        this.spawns = new int[n];
        this.nonEmpty = new boolean[n];
    }

    /**
     * Starts watching if nobody watches and some worker is awake; called once the worker is
     * registered as parked and has re-checked the queues.
     */
    void start() {
        if (pool.cores().length == 1 || watch.watched() || pool.idle().unparkedCount() == 0) {
            return;
        }
        watch.enter();
        watching = true;
        nanos = MIN_NANOS;
        Arrays.fill(nonEmpty, false);
    }

    /**
     * The timeout of the next park: {@code wait} (the timers' answer, negative for none), cut to
     * the watch's timeout while watching.
     */
    long parkNanos(long wait) {
        if (!watching) {
            return wait;
        }
        return wait < 0 ? nanos : Math.min(wait, nanos);
    }

    /**
     * A look after a park returned and the worker is still parked: whether it should wake to
     * take a task a spawner left behind. Stops watching when no other worker is awake, and
     * then wakes if another deque holds a task (the order {@link WakeWatch} needs: the count's
     * decrement, then the look).
     *
     * @param self the watcher's core
     * @return true if the worker should take itself off the sleeper stack and search; it no
     *     longer watches then
     */
    boolean look(WorkerCore self) {
        if (!watching) {
            return false;
        }
        if (pool.idle().unparkedCount() == 0) {
            stop();
            return pool.anyOtherDequeLooksNonEmpty(self);
        }
        final WorkerCore[] cores = pool.cores();
        boolean busy = false;
        boolean stuck = false;
        for (int i = 0; i < cores.length; i++) {
            final WorkerCore core = cores[i];
            if (core == self) {
                continue;
            }
            final boolean has = !core.deque.isEmpty();
            final int s = core.spawnsOpaque();
            stuck |= has && nonEmpty[i] && s == spawns[i];
            busy |= has;
            nonEmpty[i] = has;
            spawns[i] = s;
        }
        for (WorkStealingDeque<Runnable> orphan : pool.orphans()) {
            // a retaken core's deque has no holder to run it
            stuck |= !orphan.isEmpty();
        }
        nanos = busy ? MIN_NANOS : Math.min(MAX_NANOS, 2 * nanos);
        if (stuck) {
            // the caller's search is the look that must follow the decrement
            stop();
        }
        return stuck;
    }

    /**
     * Stops watching after a wake (or before the worker leaves its park for any reason), and
     * offers what another deque holds to a parked worker unless the caller searches anyway.
     *
     * @param self the watcher's core
     * @param searches whether the worker was woken as a searcher (its search and the end of it
     *     look at every queue, {@code WorkerLoop.endSearch})
     */
    void stopAfterWake(WorkerCore self, boolean searches) {
        if (!watching) {
            return;
        }
        stop();
        if (!searches && pool.anyOtherDequeLooksNonEmpty(self)) {
            pool.notifyParked();
        }
    }

    private void stop() {
        watching = false;
        watch.leave();
    }
}
