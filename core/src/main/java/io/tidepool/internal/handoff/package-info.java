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
 * Blocking sections, the layer above the scheduler ({@code internal.worker}): the hand-off of a
 * worker's core to a backup thread while a task blocks, deferred sections and the monitor that
 * hands them off, the take-back of a worker when a section ends, the stuck-worker detector and
 * its retake, and the {@code spawnBlocking} threads. Module {@code io.tidepool.blocking} reaches
 * it through {@link io.tidepool.internal.handoff.BlockingSpi} only (the one package core
 * exports to it). It plugs into the worker layer as its
 * {@link io.tidepool.internal.worker.HandOffHooks}, and keeps its per-thread state in
 * {@link io.tidepool.internal.handoff.HandOffState}, in the thread's one slot for it.
 *
 * <h2>Implementation overview</h2>
 *
 * <h3>1. Blocking sections ({@link io.tidepool.internal.handoff.HandOffs})</h3>
 * tokio-threadpool's hand-off, reached from module {@code io.tidepool.blocking} through
 * {@link io.tidepool.internal.handoff.BlockingSpi}. A pool has {@code maxBlocking} permits (an atomic
 * count; 0 disables hand-offs) and a stack of idle backup threads.
 * <pre>
 *   tryHandOff():                          // on the thread running a task
 *     if this is not a thread of the pool holding a core, or lifecycle >= STOP: inline
 *     take a permit (CAS down from > 0), else: inline
 *     handedOffTasks++                     // volatile RMW, before the core leaves
 *     CAS(thread.core, core, null), else undo: inline   // the detector may be taking it
 *     thread.handedOffSelf = true          // so the thread knows it was not retaken
 *     backup = idle stack pop (under lock), else new WorkerThread (liveThreads++ first)
 *     backup.core = core; unpark(backup)   // or backup.start()
 *   body runs on the calling thread
 *   endHandOff(): release the permit, wake waiting async tasks;
 *                 take a worker back if one is parked idle (below): handedOffTasks--
 *   task returns: TaskRunner sees thread.core != core, handedOffTasks-- (unless taken back);
 *                 the loop returns; the thread runs the worker it took back, or waits as
 *                 an idle backup
 * </pre>
 * The receiving thread runs the ordinary worker loop on the same core: the same deque, inbox,
 * park, idle-set index and {@code WorkerId}, so tasks queued behind the blocking one continue at
 * once, and the idle set never notices (the core stays counted as unparked throughout). The
 * handing-off thread runs the rest of its section without a core: {@code Worker.current()} is empty there,
 * and its submissions go to an inbox as resubmissions, accepted after {@code shutdown()} like a
 * spawn from a worker. When its section ends it takes a worker back if one is idle (below);
 * otherwise it finishes its task without a core, waits on the idle stack for a later hand-off
 * and exits after {@code keepAlive}. When no permit is free, the section runs inline on the
 * worker; its queued tasks are then taken by other workers through ordinary stealing (a
 * searcher visits every victim's deque and inbox), exactly as behind any long task.
 *
 * <p><b>Taking a worker back ({@link io.tidepool.internal.handoff.TakeBack}; issue 5, improving on
 * tokio-threadpool, whose section thread never got a worker back).</b> Every core always has a
 * holder, so "a free worker" is a core whose holder B is parked idle; the section's thread T
 * takes it and B becomes the idle backup. Three things made this hard, and the protocol answers
 * each: (1) once woken, B touches its core's owner-only fields (the park event in its stats,
 * the search flag) before it could notice a loss; (2) B sleeps in the core's {@code Park},
 * possibly the user's {@code customPark}, which promises one parking thread; (3) nothing may
 * be added to the task path. So B gives the core away itself, at a safe point, and T waits:
 * <pre>
 *   T, at a section's end (no core, task X goes on):   B, in WorkerLoop.park:
 *     under the idle-set lock (claimParked):              transitionToParked(If), re-checks
 *       i = the sleeper parked last, else: done (no       while sleepState(i) == PARKED:
 *           worker idle; T stays coreless, as before)       STOP? answer (declines), return
 *       lifecycle &lt; STOP, else: done                     core.park.park()
 *       request[i] = T (release store)                    endParkEvent (its core still)
 *       i: off the stack, AWAKE, unparked+1 (volatile)    answer(): request[i] == null? go on
 *     cores[i].unpark.unpark()                              T = xchg(request[i], null)
 *     park on T's own thread until:                         STOP: T.declined = true; unpark T
 *       T.core != null (given), or T.declined, or          else: B.core = null;
 *       STOP and CAS(request[i], T, null) (withdrawn)             T.core = core (volatile);
 *     given: settle the hand-off's books now                      unpark T; B's loop ends,
 *       (eager: handedOffTasks--; retake: the orphan              B waits as an idle backup
 *       to inboxes, permit, count); X runs on as the
 *       worker's task; the loop goes on with that core
 * </pre>
 * Why it holds. <em>One holder:</em> nobody touches the core but B until B's volatile store
 * into T's core field; B clears its own field before, and every write B made to the core
 * (stats, search flag, deque bottom) happens-before T's volatile read of its field, as in any
 * hand-off. <em>One sleeper in the {@code Park}:</em> B answers only after its
 * {@code park()} returned, so T parks in it (when it next runs out of work) only after B left
 * it. <em>Every request resolved:</em> T's store of the request comes before the volatile store
 * that takes i out of PARKED, both under the idle-set lock, and B reads the state, then the
 * request; every other way out of PARKED (a notify, {@code unparkById}) also runs under that
 * lock and takes i off the stack, so a worker is claimed at most once per sleep and never
 * after it was woken, and B, waking because of the claim, sees the request. The one exit that
 * does not wait for the state is STOP, where B may read the slot before T's store: then T,
 * seeing STOP, withdraws the request with a CAS, and exactly one of B's exchange and T's CAS
 * wins it. <em>Idle-set counts:</em> the claim is exactly a non-searching wake, B leaves
 * without touching the idle set, and T runs the core's loop as the woken worker would. After a
 * declined or withdrawn request (STOP only) i stays counted unparked, which STOP no longer reads.
 * <em>Termination:</em> T's handed-off count drops only after the claim counted i unparked, so
 * the quiescence check sees one or the other. <em>Cost:</em> one volatile load after each park
 * returns, and the section's end; nothing on the task path. T waits for the answer (a
 * wake-up of B, microseconds) so that {@code Blocking.blocking} returning on a worker means
 * "this task runs on a worker again", synchronously: its spawns go to the worker's deque at
 * once. The end-of-task books use {@code HandOffState.takenBack}: the loop that started the
 * task with core C continues with the core taken back (the same or another); the holder that
 * gave its core away is told apart by {@code gaveCoreAway}. A section the monitor retook marks R
 * only after the successor core was given (or left for adoption), so a section end that sees R
 * also sees a pending adoption and then takes nothing back. Pinned-core mode has no take-back
 * (reactor loops do not answer requests). jcstress: {@code TakeBackStress}.
 *
 * <p><b>Idle backups ({@link io.tidepool.internal.handoff.Backups}).</b> A backup pushes itself on the stack under the lock and parks until its
 * core field is set, {@code keepAlive} passes, or the pool stops. Only the backup decides to
 * exit, by removing itself from the stack under the lock; a hand-off that popped it first always
 * delivers a core, so a core in transit is never dropped, even when {@code shutdownNow} races
 * the hand-off (the backup then runs the core's loop, which sees STOP and exits after running
 * what reached the deque).
 *
 * <p><b>Permit waiters ({@link io.tidepool.internal.handoff.Permits}).</b> The poll-based form registers the task's waker when no permit is
 * free: under the lock it adds the waker and stores the waiter count (volatile), then re-reads
 * the permits; a release adds the permit (volatile RMW), then reads the count. The two form a
 * Dekker pair, so either the waiter sees the permit and retries, or the release sees the waiter
 * and wakes it. A release wakes as many waiters as there are free permits (normally one).
 *
 * <p><b>Thread bounds.</b> At most {@code poolSize} threads hold a core, at most
 * {@code maxBlocking} run a section; the others are finishing a task whose section ended, or
 * are idle backups, which expire. Every thread is counted in {@code liveThreads} before it
 * starts and counts itself out when it exits; TERMINATED is set by the last one, backups
 * included. A thread that cannot start (out of native threads) is counted out again and the
 * section runs inline.
 *
 * <p><b>Shutdown.</b> {@code tryTerminate} first reads {@code handedOffTasks} (volatile) and
 * gives up while it is non-zero: such a task publishes whatever it creates before its count
 * drops, so a check that sees 0 sees that work in the queues or async set. The task whose count
 * reaches 0 under SHUTDOWN re-tries termination. TIDYING and STOP wake every idle backup, which
 * sees the state and exits; {@code shutdownNow} interrupts every live thread of the pool
 * (workers, sections and backups, from a registry), so sections blocked in interruptible calls
 * end.
 *
 * <p><b>Deferred sections ({@link io.tidepool.internal.handoff.Sections}; what
 * {@code Blocking.blocking}, {@code run} and {@code managedBlock} use).</b> The hand-off above costs two thread switches per section (the backup's wake-up,
 * then the section thread's park as an idle backup): about 3 µs, more than a short section
 * itself. So a section does not hand off at entry. It stores a section word in its thread (a
 * volatile store: section number | IN) and runs the body with its core; the monitor thread
 * ({@link io.tidepool.internal.handoff.BlockingMonitor}) hands the core off through the retake of
 * section 3 when it sees the same section still in progress one grace period
 * ({@code SECTION_GRACE_NANOS}, 100 µs) after it first saw it.
 * <pre>
 *   section thread T (core C, task X)            monitor (while sections are in progress:
 *     beginSection: word = k|IN (volatile)         every 50 µs; else asleep)
 *       sleeping? wake the monitor (CAS+unpark)    sees T in k for a grace period:
 *     body runs on T, with C                         permit, else give up on k (inline)
 *       (other workers steal from C meanwhile)       take C as in section 3, checking under
 *     endSection: CAS(word, k|IN, k)                    the idle-set lock that T is still in k
 *       failed (word is k|IN|R): word = k,           C' to an idle or new backup (or left
 *         permit back now; take a worker back           for T to adopt), then
 *         if one is parked (then settle the         CAS(T.word, k|IN, k|IN|R): the permit
 *         retake's books at once, no afterRetake)       goes back at the section's end
 *     X returns: T.core != C -> afterRetake
 *       (permit back unless the section did)
 * </pre>
 * What is kept: work queued behind a section runs promptly (other awake workers steal it at
 * once; the hand-off at the latest a grace period plus a scan later, which also covers a pool
 * of one worker and a section waiting for its own child); threads stay bounded by
 * {@code maxBlocking} (the permit is taken by the hand-off, returned at the section's end);
 * nesting, hooks and a thread without a core run inline as before; {@code shutdownNow}
 * interrupts the section's thread (it is a live pool thread either way); termination waits for
 * a section not handed off because its worker is unparked, and for a handed-off one through
 * {@code handedOffTasks}. What changes: the monitor thread exists whenever a
 * section can be deferred, {@code maxBlocking > 0} in the default mode (it sleeps in {@code LockSupport.park} while no section is in
 * progress; the sleep flag and the section word form a Dekker pair, so an entry wakes it only
 * when it sleeps); {@code Worker.current()} names the worker inside a section until the
 * hand-off; workers park through the guarded {@code transitionToParkedIf} whenever a retake is
 * possible. While a section is in progress its thread's pushes onto its deque all wake a
 * sleeper, not only a push onto an empty deque ({@code WorkerCore.inSection}): the thread may
 * block on what it pushed, and a push that read the core just before a retake lands on the
 * orphan. The poll-based form still hands off at entry (it must answer "pending" when no
 * permit is free). jcstress: {@code SectionRetakeStress}, {@code SectionPushStress}.
 *
 * <p><b>Switching to hand-off at entry.</b> Deferring pays off only for short sections; for
 * sections that keep blocking (a JDBC call, a file read) it costs the tasks queued behind each
 * one a grace period plus a monitor scan. So the pool keeps a hint, {@code longSections}: the
 * number of sections in a row (capped at {@code EAGER_AFTER} = 2) that outlasted the grace
 * period, judged at a deferred section's end by whether its thread still holds the section's
 * core, and at a hand-off's end by its length. While the hint is at the cap, {@code beginSection}
 * declines and the section hands off at entry ({@code tryHandOff}); the first section that
 * ends within the grace period resets it, so short sections are deferred again from the next
 * one on. The hint is a plain counter read and written with opaque accesses by every section's
 * thread without atomicity: a lost update delays the switch by a section, and no correctness
 * argument depends on it (both paths are the ones above). {@code EagerSectionTest}.
 *
 * <h3>2. spawnBlocking ({@link io.tidepool.internal.handoff.BlockingExecutor})</h3>
 * A JDK {@code ThreadPoolExecutor}, created on first use, with at most {@code blockingThreads}
 * threads ({@code <pool>-blocking-N}) that retire after {@code keepAlive}, and a bounded queue;
 * a full queue throws a {@code RejectedExecutionException} naming pool, state, capacity and
 * thread limit. It takes part in the lifecycle like a handed-off task: jobs in flight are
 * counted (an atomic), {@code tryTerminate} reads that count first and stays in SHUTDOWN while
 * it is non-zero, and the job whose count reaches zero retries termination; its threads are
 * pool threads for submissions (accepted after {@code shutdown()}, like a spawn), and the
 * executor counts as one live thread until it terminates. TIDYING shuts it down (it is idle
 * then); STOP calls its {@code shutdownNow}: running jobs are interrupted, queued jobs are
 * removed and their futures cancelled (not returned: they are not the caller's
 * {@code Runnable}s). A job checks its future before running its body, so a job cancelled
 * before it starts never runs; cancelling also removes it from the queue.
 *
 * <h3>3. Stuck-worker detection and retake ({@link io.tidepool.internal.handoff.BlockingMonitor},
 * {@link io.tidepool.internal.handoff.Retake})</h3>
 * Opt-in ({@code detectBlocking(threshold)}); when off, the detection below does not run (the
 * monitor thread and the retake still serve deferred sections, section 1) and the task path is
 * unchanged but for the opaque store of the running task (the same instruction as the plain
 * store of a "running" flag it replaced). When on, {@code TaskRunner.run} also makes one opaque store
 * of a task number; a daemon detector thread ({@code <pool>-detector}, counted as a live
 * thread) scans every {@code threshold / 4} and calls a thread stuck when it has seen the same
 * task number, still running, for {@code threshold}. It reports once per task (the pool's
 * {@code System.Logger} and a JFR event, with the stuck thread's stack) and, if a
 * {@code maxBlocking} permit is free, retakes the worker:
 * <pre>
 *   detector                                       stuck thread T (core C, task X)
 *     permit; C' = successor(C): same index, inbox,   X keeps running; a spawn reads T.core:
 *       park, handle; fresh deque and owner fields;      C: pushes on C.deque (its own deque)
 *       stats continued from C's                         null: resubmits to an inbox
 *     orphans += C.deque; handedOffTasks++           X returns: currentTask = null (opaque);
 *     under the idle-set lock:                         T.core != C and not handedOffSelf:
 *       T still in task X? CAS(T.core, C, null)          no count here
 *       (else undo everything)                         loop ends (at the latest next turn)
 *     cores[i] = C' (release store)                  afterRetake: C.deque to inboxes (run
 *     C' to an idle or new backup (as a hand-off)      after STOP), orphans -= C.deque,
 *                                                      permit back, handedOffTasks--
 *                                                    T waits as an idle backup thread
 * </pre>
 * <b>Why the stuck thread and the new holder never share a deque.</b> A Chase-Lev deque has one
 * owner. The stuck thread may push onto its deque at any moment (it read its core field just
 * before the CAS), so handing that deque to another thread would give it two owners. Instead T
 * keeps C and its deque for good, and the new holder gets a new deque; the old one is published
 * as an <em>orphan</em> in a copy-on-write array, and everything that must see every queue
 * looks there too: searchers ({@code WorkerLoop.search} steals from orphans first, even in a
 * one-worker pool; one volatile read when there are none), the sleep re-check and the
 * quiescence check ({@code anyQueueLooksNonEmpty}), and the {@code shutdownNow} sweep. A push
 * onto an orphan that makes it non-empty wakes a worker as any local push does. When X ends, T,
 * still the only owner, empties the orphan into inboxes as resubmissions, then removes it, then
 * drops the count: the quiescence check (count first, then queues) sees one or the other.
 *
 * <p><b>The take races the end of the task, without a fence on the task path.</b> T's stores
 * are opaque, so the detector may see "still in X" after T left X. Exactly one of T's own
 * hand-off and the retake wins, because both take the core with a CAS; T tells them apart by
 * its own {@code handedOffSelf} flag. If T left X, it may run its old core's loop for one more
 * turn before its loop condition sees the change: its own (orphan) deque, the shared inbox under
 * the consumer claim, steals, even another task (which then finds no core: spawns go to inboxes,
 * a blocking section runs inline). The one thing it must not do is park in the worker's name
 * while C' runs: whenever a retake is possible (detection on or {@code maxBlocking > 0}), a worker parks through
 * {@code IdleSet.transitionToParkedIf}, which re-checks under the idle-set lock that its thread
 * still holds the core, and the detector's check-and-CAS runs under the same lock. Conversely a
 * thread that parked released that lock after its store of "no task", so a detector that takes
 * the lock later sees it idle and does not retake. Counters of the successor start from C's
 * (opaque reads; each holder of a {@code WorkerStats} stays its only writer), so metrics do
 * not jump back; a count or two that T adds to C's stats after the copy is not seen.
 *
 * <p>Limits: a thread that cannot be started for C' (out of native threads) leaves C' to T,
 * which runs it when X ends ({@code adoptAfterTask}); until then other workers reach the
 * worker's inbox and orphan by stealing, as without a retake. After STOP the detector stops; a
 * retake racing a thread's exit under STOP can leave a permit counted, which no longer matters
 * (STOP terminates on the thread count). jcstress: {@code RetakeStress}.
 *
 * <h3>4. Memory ordering</h3>
 * <ul>
 *   <li>Retake: the core field is taken with a CAS by either the thread's own hand-off or the
 *       detector; the detector's CAS and a worker's decision to park are serialized by the
 *       idle-set lock; the successor core reaches its thread as in a hand-off; the pool's core
 *       slots are written with release stores and read plain (either core serves a reader; the
 *       new core's fields are final). jcstress: {@code RetakeStress}.</li>
 *   <li>Take-back: the request is stored (release) before the claim's volatile store of the
 *       sleep state, both under the idle-set lock; the holder reads the state, then the
 *       request (volatile), then hands the core over with a volatile store into the asker's
 *       core field, which the asker reads with a volatile load; the request slot is resolved
 *       by the holder's exchange or, after STOP, the asker's CAS. jcstress:
 *       {@code TakeBackStress}.</li>
 *   <li>Deferred sections: the section word is stored (volatile) by its thread at entry and
 *       moved out of the section by its CAS at exit; the monitor's only write is the CAS from
 *       IN to IN|R after a successful take, so exactly one CAS from IN wins and the permit goes
 *       back once. The monitor's sleep flag (volatile store, then volatile loads of the section
 *       words) and a section entry (volatile store of the word, then a volatile load of the
 *       flag) are a Dekker pair. jcstress: {@code SectionRetakeStress}.</li>
 *
 * </ul>
 * The hand-off of a core between threads (a volatile store of the core into the receiver's
 * field, read with a volatile load before the receiver touches the core) is the worker layer's;
 * see its package documentation.
 *
 * <h3>References</h3>
 * tokio-threadpool 0.1 ({@code blocking}: permits, backup threads, the hand-off of a worker).
 */
package io.tidepool.internal.handoff;
