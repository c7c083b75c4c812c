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
 * The readiness reactor behind {@code io.tidepool.net}: one {@link java.nio.channels.Selector}
 * per worker, plugged in through the public {@link io.tidepool.Park} SPI (tokio-threadpool
 * received its reactor the same way, through a custom park). Nothing in the scheduler knows
 * about it.
 *
 * <h2>Implementation overview</h2>
 *
 * <h3>1. The park is the select ({@link io.tidepool.internal.net.SelectorPark})</h3>
 * A worker that runs out of tasks parks, and parking is {@code select()} (or
 * {@code select(timeout)} when the worker has a deadline). Before selecting, the park applies
 * the commands other threads queued (registrations, interest changes, closes). It selects
 * with an action ({@code Selector.select(Consumer, long)}), so no selected-key set is filled
 * and cleared; the action's first call clears the "in select" flag, and each call wakes the
 * tasks whose socket it reports ready, so the wakes (which push onto this worker's own deque)
 * cost no {@code wakeup()}. Nor do they wake another worker: a push made inside the owner's
 * park notifies nobody, and the worker runs the batch when the park returns (see the worker
 * package's {@code WorkStealingMode.pushLocal}); counted on the echo benchmark at 64
 * connections, a wake per batch had cost a second worker's {@code wakeup()} for about one
 * round trip in twenty, with a steal or a contended monitor behind many of them. The batch
 * runs in the order the selector reported it, oldest wake first, as Netty runs one select's
 * keys: a wake inside the park is not a spawn of the task that ran last, so the worker loop's
 * LIFO rule does not take the newest first (it did, and the socket found ready last went
 * ahead of the rest of its batch). The wakes of a non-blocking poll made from inside a running
 * task (below) are still that task's spawns to the LIFO rule: the last of them runs next,
 * ahead of the tasks already queued; on the echo benchmark such polls are rare (about one per
 * 25 round trips or fewer). A worker kept busy polls without blocking every
 * {@code SelectorPark.ARMS_PER_POLL} interest changes, or after as many as its last select
 * reported keys, so that it runs the tasks one select woke before it looks again (their
 * sockets would be reported again for nothing: the selector is level-triggered).
 *
 * <h3>2. Waking a worker without a system call</h3>
 * An unpark sets a permit and then reads the "in select" flag; the park sets the flag and then
 * takes the permit. Both are volatile accesses, so at least one side sees the other (Dekker):
 * either the park does not select, or the unparker calls {@code Selector.wakeup()}, which
 * also makes the next select return if the current one has not started. A worker that is
 * running costs its unparker one read-modify-write. The jcstress tests in this package race
 * an unpark, and a queued registration, against a worker entering select.
 *
 * <h3>3. Ownership ({@link io.tidepool.internal.net.IoRegistration})</h3>
 * A channel's key lives in exactly one selector, its owner's, chosen when a task first waits on
 * it (the selector that owns the fewest open channels, the waiting task's worker on a tie, as
 * Netty deals channels to its event loops); only the thread running the owning worker touches
 * the key. A task on the owner changes
 * the interest directly; any other thread ORs the operation into the registration's pending
 * set and, if that set was empty, queues the registration on the owner and unparks it.
 * A wake is one-shot: readiness wakes, once, the waker that armed each ready operation. The
 * selector is level-triggered and every operation tries its system call before arming, so
 * readiness that arrives before the arm is reported by the next select. The key's interest
 * lags behind the armed set: an operation that fired stays in the interest, and is dropped only
 * when more than {@code IoRegistration.UNWANTED_REPORTS_KEPT} selects in a row report it with
 * nobody armed; a connection that waits for a read after every reply then costs no
 * {@code epoll_ctl} per round trip (two with a strict one-shot interest), even when its task
 * waits in a queue behind many others while its owner selects again.
 *
 * <p>A readiness cache per direction (tokio's {@code clear_readiness}) saves the system call
 * that would find nothing: a read that returned fewer bytes than asked drained the receive
 * buffer, so the next read arms at once instead of reading; a select that reports the
 * direction ready (or a close) lets the next call try again. The flag is a hint: the
 * level-triggered select, not the flag, guarantees that readiness is never lost.
 *
 * <h3>4. Closing and descriptors</h3>
 * Closing a registered channel cancels its key; the JDK frees the descriptor when the
 * selector next selects. A close on the owner therefore selects at once (without blocking); a
 * close elsewhere queues a no-op command, which wakes the owner to select. Every channel is
 * tracked by {@link io.tidepool.internal.net.Selectors} until closed; when the pool terminates
 * and closes its parks, each park closes its channels and selector, and the last closes what
 * was never registered, so no descriptor outlives the pool.
 *
 * <h3>5. What a busy worker misses</h3>
 * The worker loop has no hook for the reactor: the selector is polled when its worker idles, and without
 * blocking every {@code SelectorPark.ARMS_PER_POLL} direct interest changes. A worker that is
 * kept busy by tasks that never wait on a socket does not see its sockets' readiness until it
 * idles; tokio avoids this by polling its driver every 61 scheduler ticks, which here would
 * need a hook in the worker loop. And a batch of long tasks that one select woke runs on its
 * owner unless another worker is awake and steals from it: a parked worker is not woken for
 * it (tokio wakes one after its driver's park when more than one task is queued; counted on
 * the echo benchmark, that cost more parks and context switches than it saved).
 */
package io.tidepool.internal.net;
