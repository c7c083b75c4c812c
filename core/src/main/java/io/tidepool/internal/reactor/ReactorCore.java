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

package io.tidepool.internal.reactor;

import io.tidepool.internal.queue.Inbox;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.pinned.Affinity;
import java.util.ArrayList;

/**
 * The pinned-mode half of a worker: its CPU, its message inbox (never stolen), its wake word,
 * idle strategy and pollers. The {@link WorkerCore} with the same index holds the deque and the
 * task inbox. Fields marked owner are touched only by the thread running the core (a hand-off
 * is a happens-before edge, as for {@code WorkerCore}).
 */
final class ReactorCore {
    final int index;
    final int cpu;
    final Affinity affinity;
    final WorkerCore core;
    /** Messages for this core only: {@code core(cpu).execute}, {@code send}, poller registrations. */
    final Inbox messages;
    final ReactorWake wake = new ReactorWake();
    final ReactorIdle idle;
    /** Whether {@link #idle} can park the thread; if not, submitters never need to wake it. */
    final boolean mayPark;
    /** Other workers' indices, nearest CPU number first (ties: lower CPU first). */
    final int[] victims;
    final ReactorExecutor executor;

    // ---- owner-only ----
    final ArrayList<ReactorPoller> pollers = new ArrayList<>();
    /** Pollers with a positive interval; none: the loop skips its per-turn clock read. */
    int timedPollers;
    /** Whether the first thread's pinning outcome has been reported to the pool. */
    boolean pinReported;

    ReactorCore(Reactors reactors, WorkerCore core, int cpu, ReactorIdle idle, int[] victims) {
        this.index = core.index;
        this.cpu = cpu;
        this.affinity = new Affinity(cpu, reactors.backend().numaNode(cpu));
        this.core = core;
        // maxQueued bounds each core's messages on its own (ThreadPoolBuilder.maxQueued)
        this.messages = new Inbox(reactors.pool().config().bounded()
                ? Inbox.quotas(reactors.pool().config().maxQueued(), 0, 1) : null);
        this.idle = idle;
        this.mayPark = idle.mayPark();
        this.victims = victims;
        this.executor = new ReactorExecutor(reactors, this);
    }

    /** Adds a poller; owner only. Its first call is one interval from now. */
    void addPoller(ReactorPoller p) {
        p.deadline = System.nanoTime() + p.intervalNanos;
        pollers.add(p);
        if (p.intervalNanos > 0) {
            timedPollers++;
        }
    }

    /** Forgets closed pollers; owner only. */
    void removeClosedPollers() {
        pollers.removeIf(p -> p.lvState() == ReactorPoller.CLOSED);
        int timed = 0;
        for (ReactorPoller p : pollers) {
            if (p.intervalNanos > 0) {
                timed++;
            }
        }
        timedPollers = timed;
    }

    /** Closes and forgets every poller; owner only. */
    void closePollers() {
        for (ReactorPoller p : pollers) {
            p.close();
        }
        pollers.clear();
        timedPollers = 0;
    }

    /** Whether the messages, the deque and the task inbox all look empty; any thread. */
    boolean queuesLookEmpty() {
        return messages.isEmpty() && core.queuesLookEmpty();
    }
}
