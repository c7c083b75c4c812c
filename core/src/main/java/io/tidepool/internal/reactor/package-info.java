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

/**
 * Pinned-core mode, the top internal layer: one reactor per CPU, each running the reactor loop
 * on its pinned thread, with per-core messages, pollers and the unaffinitized threads. It
 * implements the worker layer's {@link io.tidepool.internal.worker.PoolMode} and uses the
 * scheduler's cores, queues and idle set; nothing below imports it.
 *
 * <h2>Implementation overview</h2>
 *
 * A pool built with {@code pinnedCores} has a {@link io.tidepool.internal.reactor.Reactors} as
 * its {@link io.tidepool.internal.worker.PoolMode}, the worker layer's seam: it takes
 * submissions and wakes, gives threads the reactor loop, pins them, and takes part in
 * shutdown; the default mode's paths and {@code WorkerLoop} carry no pinned-mode code. Each
 * worker index gets a {@link io.tidepool.internal.reactor.ReactorCore}: its CPU, a second inbox
 * for <em>messages</em> (per-core submissions, never stolen), a
 * {@link io.tidepool.internal.reactor.ReactorWake} word, an Agrona idle strategy and its
 * pollers.
 * <ul>
 *   <li><b>Pinning.</b> Every thread pins itself before it runs a core: the worker when it
 *       starts (once; an exec of {@code taskset}), a backup when a hand-off gives it the core
 *       (only if it is pinned elsewhere). {@code Pool.start} waits (through
 *       {@code PoolMode.started}) until every worker reported, so {@code build()} returns
 *       pinned workers, or fails in strict mode (after stopping
 *       them). A thread entering a blocking section re-pins itself to the unaffinitized CPUs so
 *       the backup has the reactor CPU to itself.</li>
 *   <li><b>Loop.</b> {@link io.tidepool.internal.reactor.ReactorLoop}: bounded batches of messages
 *       and tasks, due pollers, then {@code idle.idle(work)}. No searching state and no idle-set
 *       traffic while RUNNING: a reactor stays counted as unparked.</li>
 *   <li><b>Submission.</b> {@code execute} from a reactor pushes on its own deque (no wake: the
 *       owner runs it); from elsewhere it offers to a random core's task inbox. Messages go to
 *       the target's message inbox. After the offer (which ends with a volatile store) the
 *       submitter reads the target's wake word and unparks it if armed; the Dekker argument is in
 *       {@code ReactorWake}. Stealing (off by default) takes one task per idle turn from the
 *       nearest victim's deque or task inbox, never from a message inbox; with stealing on an
 *       idle thief finds new work when its idle strategy next wakes it (at most the strategy's
 *       longest park), since nobody wakes thieves.</li>
 *   <li><b>Shutdown.</b> Termination keeps the default rule (sealed, every worker parked in the
 *       idle set, no queue non-empty, no async task alive) and reactors take part in it rather
 *       than extending it: once SHUTDOWN, a reactor closes its pollers and, when a turn finds no
 *       work, parks in the idle set exactly like a default worker (transitionToParked, the
 *       SLEEPING wake word, re-check of its own queues, tryTerminate, park on its
 *       {@code Park}). A message from inside the pool to a sleeping reactor sees SLEEPING and
 *       wakes it with {@code unparkById} then its {@code Unpark}. The termination check also
 *       looks at the message inboxes. Alternatives were a separate busy-reactor count in
 *       {@code tryTerminate} (a second counter kept consistent with the idle set on every
 *       transition) or keeping pollers alive until termination (a poller returning work forever
 *       would then block termination); closing pollers at SHUTDOWN makes "quiescent" mean the
 *       same as in the default mode. {@code shutdown()} unparks every reactor so an idling one
 *       sees the new state at once. {@code shutdownNow()} closes and drains the message inboxes
 *       into the returned list (poller registrations excepted: their pollers are closed), then
 *       proceeds as in the default mode; a reactor exits after running what reached its own
 *       deque.</li>
 * </ul>
 *
 *
 * <h3>Memory ordering</h3>
 * A submitter publishes to a reactor's queues with an offer that ends in a volatile store, then
 * reads the reactor's wake word (volatile); the reactor stores its wake word (volatile) before
 * it re-reads its queues and idles: a Dekker pair, so a reactor never idles past a task queued
 * for it ({@link io.tidepool.internal.reactor.ReactorWake}; jcstress {@code ReactorWakeStress}).
 */
package io.tidepool.internal.reactor;
