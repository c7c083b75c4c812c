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
 * Timers: one hierarchical timer wheel per worker, the delayed and periodic tasks of
 * {@code ThreadPool}'s {@code ScheduledExecutorService}, async sleeps and task timeouts.
 *
 * <h2>Implementation overview</h2>
 * tokio-threadpool got its timers by plugging tokio-timer into each worker through the custom
 * park: every worker keeps a wheel and parks until its next deadline. tidepool does the same
 * with its own wheel ({@link io.tidepool.internal.timer.TimerWheel}: six levels of 64 slots,
 * 65.5 us ticks, occupancy bitmaps, O(1) insert and remove; Varghese and Lauck, SOSP 1987).
 * Agrona's {@code DeadlineTimerWheel} was not used: Agrona is an optional dependency that a
 * default pool must not load (OptionalAgronaTest), and that wheel keys timers by long ids, so
 * a cancel from another thread or a fired task would need an id-to-task map; here the timer
 * object itself is the slot list node, so a task's timer, future and node are one allocation.
 *
 * <h3>Ownership: the claim</h3>
 * A {@link io.tidepool.internal.timer.TimerCore} belongs to a worker index, not a thread (a
 * blocking section moves the worker to another thread; the stuck-worker detector's successor
 * core shares it, as it shares the inbox). Whoever uses the wheel holds its claim: the worker
 * loop between tasks (a timer turn), a parked worker helping it (below), or a
 * {@code shutdown()}/{@code shutdownNow()} sweep. A
 * task never holds it, so a thread stuck in a task never blocks or races a wheel.
 *
 * <h3>Arriving: the message stack</h3>
 * A timer set by a task goes to its worker's message stack without a wake (the worker takes a
 * timer turn before it parks). A timer from elsewhere goes, if near (due within the horizon,
 * below), to a random worker's stack (a parked one rather than a running one, see Help); if
 * far, to the stack of the calling thread's own worker (a hash of its id), and wakes
 * that worker only if its wake word says it would sleep past the deadline (Dekker: push, then
 * read the word; the worker stores the word, then reads the deadlines on the stack). After timer
 * traffic a worker sleeps at most a horizon (about 34 ms) past its turn, so a timeout seconds
 * out wakes nobody: it waits on the stack until the sleep ends. A cancel is a CAS on the timer's
 * state word, from any thread; a timer cancelled on the stack is dropped by the next drain (no
 * wake, no second push), an armed one is pushed once more, as a removal, and the claim holder
 * unlinks it in O(1) on its next turn: nothing stays in a wheel. One push in 1024, at random,
 * wakes a sleeping worker anyway, bounding a parked worker's stack under schedule-then-cancel
 * churn.
 *
 * <h3>Horizon: far timers wake nobody</h3>
 * What request timeouts do, schedule a timeout seconds out and cancel it a moment later, must
 * not cost a wake per timer. A worker whose last turn applied messages (timer traffic) sleeps
 * at most the horizon ({@code TimerCore.HORIZON_NANOS}, about 34 ms) beyond its turn, even with
 * an empty wheel; a timer due after that end travels on the stack without a wake and is armed
 * (or, cancelled meanwhile, dropped) when the worker wakes at the end of its sleep. Without
 * traffic the worker sleeps until its next deadline, without a timeout if it has none, so an
 * idle pool costs one extra wake after its last timer, not one per horizon. A cancellation
 * needs no wake either: a cancelled queued timer is dropped by the next drain, a cancelled
 * armed timer's removal waits for it. One push in 1024, drawn at random, wakes a sleeping
 * worker anyway, so the stack stays short under a stream of schedule-then-cancel. After
 * {@code shutdown()} (eager) every message wakes the worker, so the pool terminates promptly.
 *
 * <h3>Help: a parked worker fires a running worker's late timers</h3>
 * A worker takes timer turns only between tasks (when its queues run dry, and every 61 tasks),
 * so a long task, or its thread preempted by the OS, would hold back every timer of its wheel
 * while another worker sleeps: late by the task's length, where a
 * {@code ScheduledThreadPoolExecutor} with a free thread fires on time. So a worker about to
 * park looks at the cores of the workers that run (their wake word says awake): it applies
 * their messages, so their deadlines are published, and parks until its own next deadline or
 * a watched one plus a grace
 * ({@code TimerCore.HELP_GRACE_NANOS}, 250 µs), whichever comes first; a watched timer still
 * unfired by then it expires itself, under that core's claim, onto its own deque (stealing
 * still moves fired tasks, not wheels). A near timer from outside goes to a parked worker
 * rather than a running one when one of two random choices is parked. Any timer from outside
 * pushed to a running worker (the pusher's read of the wake word after its push says awake)
 * makes the first parked worker be awake by its deadline plus the grace (Dekker: the pusher
 * reads the parked worker's wake word after its push, the parker looks at the running workers'
 * stacks after storing its word). A worker that parks beside a running one looks again within
 * a horizon, so a far timer pushed to a running worker after it parked finds it due back
 * before the deadline: one load of its word, no wake. Not covered: a worker that starts
 * running, or sets a timer from its own task, after the others parked; they look at it when
 * they next wake. The costs: a few loads per other worker at each park, a wake per horizon
 * for a parked worker while another runs, and a wake for nothing when a watched worker fired
 * its timer itself.
 *
 * <p>Why far timers do not choose: whether a worker runs now says nothing of what it does a
 * horizon later, when a far timer is due, so a choice buys a far timer nothing; and it cost the
 * request-timeout churn (schedule a 1-10 s timeout from outside, cancel it) some 50
 * instructions per operation on the submitting thread, about 15% (callgrind,
 * {@code benchmarks/scripts/churn-instructions.sh}): a random draw and the wake words of one or
 * two workers read before the push, another read of the target's word after it (the push's
 * own read already had it), and the loop over the other workers whenever the target was awake.
 * A far timer now costs what it did before the help: one push, one read of the word.
 *
 * <h3>Firing</h3>
 * A timer turn expires every timer whose deadline has passed, exactly (a reached slot's timers
 * wait in the due list for their own deadlines). A delayed task's timer pushes the task on the
 * worker's deque, where thieves may take it: work stealing moves fired tasks, never wheels. A
 * sleep's and a timeout's timers push themselves too, and wake or stop their task as a task:
 * no foreign code (a custom waker, a handle's dependents) ever runs under the claim, where a
 * {@code shutdown()} it called would wait for the claim forever. A periodic task re-arms the same
 * object on the wheel of the worker that ran it. In pinned-core mode each reactor polls its own
 * wheel every loop turn and runs what fired on its own core.
 *
 * <h3>Shutdown and termination</h3>
 * See {@link io.tidepool.internal.timer.Timers}: the policies, the sweeps, and the re-check
 * after a push that closes the race with a sweep. A shut-down pool terminates only when no
 * delayed task is armed or in flight ({@code TimerCore.anyPending}, read stack, claim, count);
 * sleeps and timeouts do not hold it, their async task does while it lives.
 *
 * <h3>Time</h3>
 * {@link io.tidepool.internal.timer.TimerClock}: {@code System.nanoTime()}, or a virtual clock
 * a test advances; on a virtual clock workers park without a timeout and an advance wakes the
 * workers whose wake word it reached. On the system clock a worker's timed park ends a timer
 * slack (50 µs, Linux's default) before its next deadline, because the kernel usually ends it
 * that much after its timeout, and the worker spins the rest ({@code TimerTurns}); a near
 * wheel slot reports its earliest exact deadline, so one park reaches a timer.
 */
package io.tidepool.internal.timer;
