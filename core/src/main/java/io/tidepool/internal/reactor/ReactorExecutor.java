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

import io.tidepool.internal.worker.WorkerThread;
import io.tidepool.pinned.Affinity;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.Poller;
import io.tidepool.pinned.ThreadAware;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/** The {@link CoreExecutor} of one reactor core: everything goes through its message inbox. */
final class ReactorExecutor implements CoreExecutor {
    private final Reactors reactors;
    private final ReactorCore rc;

    ReactorExecutor(Reactors reactors, ReactorCore rc) {
        this.reactors = reactors;
        this.rc = rc;
    }

    @Override
    public int cpu() {
        return rc.cpu;
    }

    @Override
    public Affinity affinity() {
        return rc.affinity;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        reactors.sendUserMessage(rc, task, reactors.pool().submissions().decorate(task));
    }

    @Override
    public <T> void send(ThreadAware<T> payload, Consumer<? super T> handler) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(handler, "handler");
        final Runnable delivery = new Delivery<>(payload, handler, Reactors.currentAffinity(), rc.affinity);
        reactors.sendUserMessage(rc, delivery, reactors.pool().submissions().decorate(delivery));
    }

    @Override
    public Poller poller(String name, Duration interval, Poller.Function function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(function, "function");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("poller interval must be >= 0: " + interval);
        }
        if (reactors.pool().isShutdown()) {
            throw new RejectedExecutionException("poller " + name + " rejected from "
                    + reactors.pool().config().name() + ": the pool is shut down");
        }
        final ReactorPoller p = new ReactorPoller(name, rc.cpu, interval, function);
        if (WorkerThread.currentCore(reactors.pool()) == rc.core) {
            rc.addPoller(p);
        } else {
            reactors.sendMessage(rc, new Registration(rc, p));
        }
        return p;
    }

    @Override
    public String toString() {
        return "CoreExecutor[cpu " + rc.cpu + " of " + reactors.pool().config().name() + "]";
    }

    /** A message that relocates its payload on the receiving core, then hands it over. */
    private record Delivery<T>(ThreadAware<T> payload, Consumer<? super T> handler,
            Affinity from, Affinity to) implements Runnable {
        @Override
        public void run() {
            handler.accept(payload.relocated(from, to));
        }
    }

    /** The message that adds a poller on its core; shutdownNow closes it instead. */
    record Registration(ReactorCore rc, ReactorPoller poller) implements Runnable {
        @Override
        public void run() {
            rc.addPoller(poller);
        }
    }
}
