/**
 * The scheduler: workers, the worker loop, submission, waking and shutdown.
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
 * <h3>2. Submission</h3>
 * <pre>
 *   execute(task):
 *     if the caller runs a core of this pool:       // a spawn from inside
 *         core.deque.push(task); fullFence; notifyParked()
 *     else:                                          // from outside
 *         random worker's inbox.offer(task)          // lane lock + flags: refused after shutdown
 *         notifyParked()
 * </pre>
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
 *     search: steal from orphan deques of retaken workers, if any (section 8); then,
 *             if fewer than half the workers search, become a searcher and visit every
 *             other worker from a random start: steal one task + up to half the rest of its
 *             deque, else take up to half of its inbox
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
 * <h3>6. Blocking sections ({@link io.tidepool.internal.worker.HandOffs})</h3>
 * tokio-threadpool's hand-off, reached from module {@code io.tidepool.blocking} through
 * {@link io.tidepool.internal.worker.BlockingSpi}. A pool has {@code maxBlocking} permits (an atomic
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
 *   task returns: runTask sees thread.core != core, handedOffTasks-- (unless taken back);
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
 * <p><b>Taking a worker back ({@link io.tidepool.internal.worker.TakeBack}; issue 5, improving on
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
 * once. The end-of-task books use {@code WorkerThread.takenBack}: the loop that started the
 * task with core C continues with the core taken back (the same or another); the holder that
 * gave its core away is told apart by {@code gaveCoreAway}. A section the monitor retook marks R
 * only after the successor core was given (or left for adoption), so a section end that sees R
 * also sees a pending adoption and then takes nothing back. Pinned-core mode has no take-back
 * (reactor loops do not answer requests). jcstress: {@code TakeBackStress}.
 *
 * <p><b>Idle backups.</b> A backup pushes itself on the stack under the lock and parks until its
 * core field is set, {@code keepAlive} passes, or the pool stops. Only the backup decides to
 * exit, by removing itself from the stack under the lock; a hand-off that popped it first always
 * delivers a core, so a core in transit is never dropped, even when {@code shutdownNow} races
 * the hand-off (the backup then runs the core's loop, which sees STOP and exits after running
 * what reached the deque).
 *
 * <p><b>Permit waiters.</b> The poll-based form registers the task's waker when no permit is
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
 * <p><b>Deferred sections (what {@code Blocking.blocking}, {@code run} and {@code managedBlock}
 * use).</b> The hand-off above costs two thread switches per section (the backup's wake-up,
 * then the section thread's park as an idle backup): about 3 µs, more than a short section
 * itself. So a section does not hand off at entry. It stores a section word in its thread (a
 * volatile store: section number | IN) and runs the body with its core; the monitor thread
 * ({@link io.tidepool.internal.worker.StuckWorkerMonitor}) hands the core off through the retake of
 * section 8 when it sees the same section still in progress one grace period
 * ({@code SECTION_GRACE_NANOS}, 100 µs) after it first saw it.
 * <pre>
 *   section thread T (core C, task X)            monitor (while sections are in progress:
 *     beginSection: word = k|IN (volatile)         every 50 µs; else asleep)
 *       sleeping? wake the monitor (CAS+unpark)    sees T in k for a grace period:
 *     body runs on T, with C                         permit, else give up on k (inline)
 *       (other workers steal from C meanwhile)       take C as in section 8, checking under
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
 * {@code handedOffTasks}. What changes: the monitor thread exists whenever
 * {@code maxBlocking > 0} (it sleeps in {@code LockSupport.park} while no section is in
 * progress; the sleep flag and the section word form a Dekker pair, so an entry wakes it only
 * when it sleeps); {@code Worker.current()} names the worker inside a section until the
 * hand-off; workers park through the guarded {@code transitionToParkedIf} whenever a retake is
 * possible. The poll-based form still hands off at entry (it must answer "pending" when no
 * permit is free). jcstress: {@code SectionRetakeStress}.
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
 * <h3>7. spawnBlocking ({@link io.tidepool.internal.worker.BlockingExecutor})</h3>
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
 * <h3>8. Stuck-worker detection and retake ({@link io.tidepool.internal.worker.StuckWorkerMonitor},
 * {@link io.tidepool.internal.worker.Retake})</h3>
 * Opt-in ({@code detectBlocking(threshold)}); when off, the detection below does not run (the
 * monitor thread and the retake still serve deferred sections, section 6) and the task path is
 * unchanged but for the opaque store of the running task (the same instruction as the plain
 * store of a "running" flag it replaced). When on, {@code runTask} also makes one opaque store
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
 * <h3>9. Pinned-core mode ({@link io.tidepool.internal.reactor.Reactors})</h3>
 * A pool built with {@code pinnedCores} has a {@code Reactors} beside its workers; the default
 * mode has none, and its only trace on the default paths is a null check of a final field in
 * {@code execute}/{@code reschedule} and in {@code WorkerBody}'s choice of loop (WorkerLoop is
 * untouched). Each worker index gets a {@code ReactorCore}: its CPU,
 * a second inbox for <em>messages</em> (per-core submissions, never stolen), a
 * {@code ReactorWake} word, an Agrona idle strategy and its pollers.
 * <ul>
 *   <li><b>Pinning.</b> Every thread pins itself before it runs a core: the worker when it
 *       starts (once; an exec of {@code taskset}), a backup when a hand-off gives it the core
 *       (only if it is pinned elsewhere). {@code Pool.start} waits until every worker reported,
 *       so {@code build()} returns pinned workers, or fails in strict mode (after stopping
 *       them). A thread entering a blocking section re-pins itself to the unaffinitized CPUs so
 *       the backup has the reactor CPU to itself.</li>
 *   <li><b>Loop.</b> {@code ReactorLoop}: bounded batches of messages
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
 * <h3>10. Memory ordering summary</h3>
 * <ul>
 *   <li>Deque: see {@link io.tidepool.internal.queue.WorkStealingDeque} (Lê et al. 2013).</li>
 *   <li>Inbox: each lane's JCTools SPSC queue publishes elements with release stores; the
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
 * </ul>
 *
 * <h3>References</h3>
 * D. Chase, Y. Lev, "Dynamic Circular Work-Stealing Deque", SPAA 2005. N. M. Lê, A. Pop,
 * A. Cohen, F. Zappa Nardelli, "Correct and Efficient Work-Stealing for Weak Memory Models",
 * PPoPP 2013. tokio-threadpool 0.1 (worker, pool, sleep stack, blocking); tokio 1.x
 * {@code runtime/scheduler/multi_thread/idle.rs} (searching throttle).
 */
package io.tidepool.internal.worker;
