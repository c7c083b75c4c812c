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
 * The scheduler, the bottom layer of a pool: workers, the worker loop, submission, waking,
 * running a task, and the run states up to termination. The layers above (the blocking hand-off
 * in {@code internal.handoff}, pinned-core mode in {@code internal.reactor}) plug in through
 * interfaces this package owns and never imports them.
 *
 * <h2>Implementation overview</h2>
 *
 * <h3>1. Shape</h3>
 * A pool ({@link io.tidepool.internal.worker.Pool}) has {@code n} workers. A worker is a
 * {@link io.tidepool.internal.worker.WorkerCore}: an index, a Chase-Lev deque, an external inbox, a
 * {@code Park}, and a few owner-only fields (searching flag, fairness and batch counts, random seed). The core
 * is run by a {@link io.tidepool.internal.worker.WorkerThread}, but is not the thread: a blocking
 * section hands the core to another thread, which continues the loop with the same queues and
 * identity (tokio-threadpool's hand-off). Threads start eagerly when the pool is built: the pool
 * size is fixed, ids are stable, and a parked thread costs no CPU, so tokio's lazy start buys
 * little here and would put a check on every submission.
 *
 * <h3>2. Submission ({@link io.tidepool.internal.worker.Submissions},
 * {@link io.tidepool.internal.worker.WorkStealingMode})</h3>
 * {@code Submissions} is where work enters (decoration, timestamps, rejection); the mode decides
 * where it goes:
 * <pre>
 *   execute(task):
 *     if the caller runs a core of this pool:       // a spawn from inside
 *         core.deque.push(task)
 *         if the deque was empty and the caller is not inside its own park:
 *             fullFence; notifyParked()              // see WorkStealingMode
 *     else:                                          // from outside
 *         first inbox.offerNew(task)                 // the wakee's, else the thread's own (by id);
 *           lane lock + flags: refused after shutdown; with maxQueued the lane's room too;
 *           full: the next lanes, then the next inboxes, out of line
 *         notifyParked()                             // inline: one volatile load and a compare
 * </pre>
 * Only a push onto an empty deque wakes anyone: the push that made the deque non-empty asked,
 * and a worker that went to sleep since re-checked every queue (section 4). A push made inside
 * the worker's own park (a reactor's park waking the tasks whose readiness it found) wakes
 * nobody: the worker looks at its deque when the park returns and runs the batch itself.
 * Plain {@code Runnable}s go into the queues as they are: no wrapper, no allocation beyond the
 * queue slot (the deque's array and the inbox's chunks are reused). An {@code AsyncTask} is
 * wrapped once, at spawn, in an {@code AsyncTaskCell}; waking it re-queues the same cell.
 *
 * <h3>3. The worker loop ({@link io.tidepool.internal.worker.WorkerLoop})</h3>
 * <pre>
 *   loop:
 *     every 61st turn: own inbox first                                       // fairness
 *     own deque: the task just spawned by the last task, at most 3 in a row (LIFO, warm);
 *                otherwise the oldest (FIFO)
 *     own inbox: take one, move up to 255 more into the deque (claim held meanwhile)
 *     out of a park longer than 50 µs with one task run since: straight to the park (a
 *             worker woken out of idle for a single task; see WorkerLoop.parksAtOnce)
 *     give way: one Thread.yield(), not yet searching (a thread this worker woke may be
 *             queued on its CPU)
 *     search: steal from orphan deques of retaken workers, if any (the hand-off layer's retake, {@code internal.handoff}); then,
 *             if fewer than half the workers search, become a searcher and visit every
 *             other worker from a random start: steal a batch from its deque with one CAS
 *             (half of it, rounded up, at most 64: one to run, the rest into the own deque),
 *             else take up to half of its inbox
 *     spin: 2 rounds of 64 pauses, looking again after each
 *     park (section 4)
 * </pre>
 * Order is FIFO with tokio's LIFO slot folded in: the newest task spawned by the task that just
 * ran goes next (message passing and chains of spawns stay on a warm core), at most three times
 * in a row; otherwise the oldest queued task goes. Unlike tokio's slot, the bottom of the deque
 * is stealable, so a task that spawns a child and then blocks waiting for it cannot strand the
 * child. A task that keeps re-spawning itself runs at most three times in a row before
 * everything queued before it, and the inbox is served at least every 61 turns, so a pool of one worker still
 * serves outside submissions while its tasks keep spawning. (A pure LIFO owner, as in
 * ForkJoinPool's default mode, starves older tasks under self-resubmission; that is what the
 * {@code spawn_many_remote_busy} benchmark shows.)
 *
 * <p>The loop is two methods so that it compiles well with no JVM flag: the per-task step (own
 * deque, the task, the hand-off and STOP checks) is {@code WorkerLoop.runOwn}, entered once per
 * run of own tasks, so C2 compiles it with its own profile and inlines the take and the
 * runner's steps around the task; the cold steps (inbox, search, spin, park) stay calls of the
 * outer method, whose on-stack-replacement compilation would otherwise spend its inlining
 * budget on them first (measured on JDK 17 and 25, see docs/benchmarks.md). The way out of
 * idle (search, spin, park, and after each wake the look for the task the worker was woken
 * for) is one call too, {@code WorkerLoop.idle}: a pool that idles between bursts turns the
 * outer loop too rarely for it ever to be compiled, so whatever runs in that loop's body runs
 * in the interpreter; {@code idle}, entered once per idle spell, is compiled by its invocation
 * count.
 *
 * <h3>4. Sleeping and waking ({@link io.tidepool.internal.park.IdleSet})</h3>
 * The protocol of tokio's multi-thread scheduler: a packed word counts unparked and searching
 * workers; the stack of sleepers changes under a lock only on slow paths. A submitter wakes a
 * worker only when nobody searches and somebody sleeps, and the woken worker counts as a
 * searcher at once, so a burst of submissions wakes one worker; a searcher that finds work and
 * was the last searcher wakes the next. Workers thus join one at a time while there is work to
 * find, and a pool with one task per millisecond keeps one worker awake, not all of them.
 *
 * <p>No lost wake-up: a worker going to sleep (1) decrements the counts with a volatile
 * read-modify-write under the lock, (2) re-checks its own deque and inbox, and (3) re-checks every
 * other queue and wakes someone if any is non-empty. A submitter (a) publishes the task, (b)
 * issues a full fence (or ends the inbox offer with its volatile unlock store), (c) reads the
 * counts. Volatile accesses are totally ordered, so either the submitter's read comes after the
 * decrement (it sees a sleeper and no searcher, and wakes one; or it sees a searcher, which
 * will re-check in its turn), or the worker's re-check comes after the publication (it sees the
 * task). tokio does step (3) only in the last searcher; that leaves a task queued behind a
 * worker whose current task blocks (it waits for that very task, say) with an idle worker
 * asleep. Tasks of an {@code ExecutorService} may block, so every sleeper re-checks: an O(n)
 * scan of volatile reads on a path that already takes a lock and a futex.
 *
 * <h3>5. Shutdown</h3>
 * Run states are in {@link io.tidepool.internal.worker.Lifecycle}: RUNNING, SHUTDOWN, STOP, TIDYING,
 * TERMINATED.
 * <ul>
 *   <li><b>shutdown()</b>: RUNNING to SHUTDOWN, then every inbox is shut to new tasks and
 *       waits for offers in flight (each lane lock read free once); then the pool is <em>sealed</em>. From then on an outside
 *       submission is refused, but a task spawned by a running task, and the wake of a pending
 *       async task, are accepted: accepted work can finish (tokio's {@code shutdown_on_idle}).
 *       The pool moves to TIDYING when it is quiescent: sealed, every worker parked, every queue
 *       empty, no live async task. Nothing can then create work (no task runs, no async task
 *       can be woken, no outside submission passes the shut inbox), so the check is final. It is made
 *       by the last worker to park, by {@code shutdown()} itself, and when the last async task
 *       ends. TIDYING closes the inboxes and wakes everyone; workers exit.</li>
 *   <li><b>shutdownNow()</b>: to STOP, close every inbox (waiting for offers in flight), then
 *       sweep: claim each inbox and drain it, steal everything from each deque. Every task is
 *       then exactly one of: run (a worker took it before the sweep, possibly winning a race
 *       with the sweep's steal), returned (the sweep took it), or refused. A spawn from inside
 *       racing the sweep pushes, fences, re-reads the state, and on STOP pops its own task back
 *       and refuses it; if the sweep already took it, it is in the returned list, and the spawn
 *       reports success. Async tasks are cancelled, not returned. Running tasks are interrupted;
 *       workers exit after their current task, first running anything that reached their own
 *       deque after the sweep (a steal in flight), so nothing is stranded.</li>
 * </ul>
 * TERMINATED is set by the last worker thread to exit, which completes the termination future.
 *
 * <h3>6. Seams</h3>
 * <ul>
 *   <li>{@link io.tidepool.internal.worker.PoolMode}: where a submission goes, which loop a
 *       thread runs, and what shutdown does to a mode's own queues. Two implementations:
 *       {@link io.tidepool.internal.worker.WorkStealingMode} (the default) and the reactor
 *       layer's {@code Reactors}. {@code submit} and {@code reschedule} are on the submission
 *       path; with at most two implementations in a JVM the call stays bimorphic and inlined.</li>
 *   <li>{@link io.tidepool.internal.worker.Overflow}: what an outside submission does when the
 *       {@code maxQueued} bound left no room (the public {@code RejectionHandler} behind it);
 *       called only on that slow path, so it costs the submission path nothing.</li>
 *   <li>{@link io.tidepool.internal.worker.HandOffHooks}: what the worker layer asks of the
 *       hand-off layer (one implementation): the threads' registry, the monitor's start, the
 *       take-back a parked worker answers, a task whose core left its thread, the next core of
 *       a thread that lost one, the termination books, {@code spawnBlocking}. Nothing on the
 *       task path: {@link io.tidepool.internal.worker.TaskRunner} calls in only when the task's
 *       core left its thread, the worker loop only around a park.</li>
 *   <li>{@link io.tidepool.internal.worker.WorkerThread} keeps its core (volatile; taken with a
 *       CAS by a hand-off or a retake), its current task and task number (opaque stores, read
 *       by the detector) and one slot for the hand-off layer's per-thread state.</li>
 *   <li>The pool is built with both layers' factories; the public {@code ThreadPool} wires
 *       them. {@link io.tidepool.internal.worker.Orphans} are the deques of retaken cores,
 *       which the hand-off layer publishes and every look at all queues visits.</li>
 * </ul>
 *
 * <h3>7. Memory ordering</h3>
 * <ul>
 *   <li>Deque: see {@link io.tidepool.internal.queue.WorkStealingDeque} (Lê et al. 2013).</li>
 *   <li>Inbox: each lane's {@code LaneQueue} publishes elements with release stores; the
 *       lane lock's CAS/volatile-store pair orders successive producers of a lane, the consumer
 *       claim's CAS/release pair successive consumers; shut/close against an offer is a Dekker
 *       pair of volatile accesses (flags RMW then lock read; lock CAS then flags read).</li>
 *   <li>Idle set: all count changes are volatile read-modify-writes; submitters and sleepers
 *       form the Dekker pattern of section 4.</li>
 *   <li>Shutdown: the lifecycle word is read with volatile loads on the submission paths; the
 *       local-spawn post-check uses a full fence between the push and the re-read.</li>
 *   <li>Core hand-off between threads: the previous holder's writes to the owner-only fields
 *       (searching, batch counts, the deque's bottom and array, counters) come before its volatile store
 *       of the core into the receiving thread's core field (or before {@code Thread.start()}),
 *       and the receiver reads that field with a volatile load before touching the core: a
 *       happens-before edge, so plain accesses are safe on both sides. The holder clears its
 *       own field first, so no moment has two owners. jcstress: {@code DequeHandOffStress}.</li>
 * </ul>
 * The hand-off layer's orderings (retake, take-back, deferred sections) are in its package
 * documentation, pinned-core mode's in {@code internal.reactor}.
 *
 * <h3>References</h3>
 * D. Chase, Y. Lev, "Dynamic Circular Work-Stealing Deque", SPAA 2005. N. M. Lê, A. Pop,
 * A. Cohen, F. Zappa Nardelli, "Correct and Efficient Work-Stealing for Weak Memory Models",
 * PPoPP 2013. tokio-threadpool 0.1 (worker, pool, sleep stack); tokio 1.x
 * {@code runtime/scheduler/multi_thread/idle.rs} (searching throttle).
  */
package io.tidepool.internal.worker;
