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

import io.tidepool.internal.metrics.BlockingEvents;
import io.tidepool.internal.queue.WorkStealingDeque;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.util.function.BooleanSupplier;

/**
 * The retake of a stuck worker: the detector ({@link BlockingMonitor}) gives the worker of a
 * thread stuck in one task to a backup thread, without waiting for, or racing, the stuck thread.
 *
 * <h2>Protocol</h2>
 * <pre>
 *   detector (tryRetake):                        stuck thread T (old core C):
 *     take a permit, else give up                  ... inside task X; may push on C.deque
 *     C' = new core: C's index, inbox, park,          (its own, single-threaded as always)
 *          handle; a fresh deque; fresh owner
 *          fields; stats continued from C's
 *     orphans += C.deque                           X returns: currentTask = null (opaque)
 *     handedOffTasks++                             run ends: T.core != C and T did not hand
 *     under the idle-set lock:                       off itself, so nothing is counted here
 *       if T still runs task number seq           loop: T.core != C, exits (and a park would
 *         and CAS(T.core, C, null): taken              re-check T.core under the idle-set lock)
 *     if not taken: undo all, give up              afterRetake (T, the only owner of C.deque):
 *     cores[i] = C' (release store)                  move what is left to inboxes (or run it
 *     give C' to an idle or new backup thread          after STOP), orphans -= C.deque,
 *       (as a hand-off does)                           release the permit, handedOffTasks--
 *                                                  T waits as an idle backup thread
 * </pre>
 *
 * <h2>Why it is safe</h2>
 * <ul>
 *   <li><b>No deque has two owners.</b> The stuck thread keeps its old core and its deque: owner
 *       operations on it stay single-threaded, even if T pushes onto it after the retake (it
 *       read its core just before the CAS). The new holder gets a new deque. Everyone else only
 *       steals from the old deque, which is published as an <em>orphan</em> (a copy-on-write
 *       array that searchers, the sleep re-check, the quiescence check and the shutdownNow
 *       sweep also look at), so nothing pushed onto it is stranded.</li>
 *   <li><b>The core is taken exactly once.</b> A blocking section's hand-off also takes the core
 *       with a CAS on the thread's core field; whoever wins owns the move. The stuck thread
 *       knows which one happened: {@code handedOffSelf} is set only by its own successful
 *       hand-off.</li>
 *   <li><b>No lost or double count.</b> The retake adds 1 to {@code handedOffTasks} before the
 *       core leaves; only {@link #afterRetake} takes it back, once, after the orphan is empty
 *       and removed, so the quiescence check (which reads the count first) sees the count or
 *       the resubmitted tasks.</li>
 *   <li><b>No fence on the task path.</b> The stuck thread publishes only opaque stores (the
 *       task number and the running task), so the detector may act on a stale view: T may
 *       already have left the task. That is harmless, because the worker's identity in the idle
 *       set is the only thing T could misuse, and T cannot park in the worker's name: the CAS
 *       runs under the idle-set lock, and whenever a retake is possible (detection on, or
 *       {@code maxBlocking > 0} for deferred sections) a worker parks only if, under the
 *       same lock, its thread still holds the core. Before that, T can only run its old core's
 *       loop (its own deque, the shared inbox under its consumer claim, steals), which is what
 *       any thread finishing with a core may do, and it sees the change at the next loop
 *       turn. A detector that reads "still in task X" under the lock after T parked cannot
 *       happen: T's store of "no task" comes before its release of that lock.</li>
 *   <li><b>Thread bound.</b> A retake takes one of the {@code maxBlocking} permits, as a section
 *       does; with none free the worker is not retaken (the detection is still reported).</li>
 * </ul>
 *
 * <h2>Deferred blocking sections ({@link #tryRetakeSection})</h2>
 * A section begun on a worker first runs on the worker's own thread; the monitor retakes the
 * worker when the section lasts past a grace period. The take is the one above, with the
 * check under the lock being "T's section word is still the one watched" instead of the task
 * number. The permit belongs to the section, not the task, when the retake wins the race
 * with the section's end:
 * <pre>
 *   monitor, after the take succeeded:            T at the end of section k:
 *     C' to a backup (or left for T to adopt)       CAS(T.section, IN(k), OUT(k))
 *     CAS(T.section, IN(k), IN(k)|R)                failed: the word is IN(k)|R: store OUT(k),
 *                                                     release the permit, permitReturned = true,
 *                                                     take a worker back if one is parked and
 *                                                     no adoption is pending (TakeBack): then
 *                                                     settleRetaken now, not at task end
 *                                                 afterRetake, at task end: release the permit
 *                                                   unless permitReturned (then clear it)
 * </pre>
 * Exactly one CAS from IN(k) wins: if the monitor's, the permit is returned when the section
 * ends (as an eager hand-off returns it); if T's, the section had ended before the monitor
 * marked it and the retake is an ordinary one, whose permit returns at task end. Either way it
 * is returned once.
 *
 * <p>jcstress: {@code RetakeStress} races the retake against the stuck thread's pushes and a
 * thief on the orphan and the new core; {@code SectionRetakeStress} races the section's end
 * against the section retake (permit returned once, every task run once).
 */
final class Retake {
    /** The worker was given to a backup thread. */
    static final int RETAKEN = 0;
    /** No permit was free: nothing changed. */
    static final int NO_PERMIT = 1;
    /** The thread had left the task, handed off itself, or the pool is stopping: nothing changed. */
    static final int NOT_TAKEN = 2;

    private Retake() {}

    /**
     * On the detector's thread: takes {@code old} from {@code stuck}, which has been seen
     * running task number {@code seq} since before the threshold, and gives a successor core to
     * a backup thread.
     *
     * @return {@link #RETAKEN}, {@link #NO_PERMIT} or {@link #NOT_TAKEN}
     */
    static int tryRetake(Pool pool, WorkerThread stuck, WorkerCore old, long seq) {
        final HandOffs handOffs = HandOffs.of(pool);
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            return NOT_TAKEN;
        }
        if (!handOffs.permits().tryAcquire()) {
            return NO_PERMIT;
        }
        final WorkerCore fresh = take(pool, stuck, old,
                () -> stuck.loCurrentTask() != null && stuck.loTaskSeq() == seq);
        if (fresh == null) {
            return NOT_TAKEN;
        }
        if (handOffs.backups().giveCore(fresh) == null) {
            // no thread could start: the stuck thread runs the new core when its task ends;
            // meanwhile other workers reach the worker's inbox and orphan by stealing
            HandOffState.of(stuck).svAdoptAfterTask(fresh);
        }
        return RETAKEN;
    }

    /**
     * The take itself, with a permit already held: builds the successor, publishes the orphan,
     * takes the core from {@code stuck} if it is still in task number {@code seq}, and publishes
     * the successor in the pool's core array. On failure everything is undone, the permit
     * included.
     *
     * @return the successor core, owned by nobody yet (the caller gives it to a thread), or
     *     null if the core was not taken
     */
    static WorkerCore take(Pool pool, WorkerThread stuck, WorkerCore old, long seq) {
        return take(pool, stuck, old,
                () -> stuck.loCurrentTask() != null && stuck.loTaskSeq() == seq);
    }

    /**
     * The monitor's hand-off of a thread in a deferred blocking section: as {@link #tryRetake},
     * if {@code stuck} is still in the section whose word is {@code word}; the permit then goes
     * back when the section ends (see the class documentation).
     *
     * @return {@link #RETAKEN}, {@link #NO_PERMIT} or {@link #NOT_TAKEN}
     */
    static int tryRetakeSection(Pool pool, WorkerThread stuck, WorkerCore old, long word) {
        final HandOffs handOffs = HandOffs.of(pool);
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            return NOT_TAKEN;
        }
        if (!handOffs.permits().tryAcquire()) {
            return NO_PERMIT;
        }
        final WorkerCore fresh = take(pool, stuck, old, () -> HandOffState.of(stuck).loSection() == word);
        if (fresh == null) {
            return NOT_TAKEN;
        }
        final WorkerThread receiver = handOffs.backups().giveCore(fresh);
        if (receiver == null) {
            HandOffState.of(stuck).svAdoptAfterTask(fresh);
        }
        // after the adoption's store: a section end that sees R may take a worker back
        // (TakeBack) only when no adoption is pending, and reads it after this CAS
        markSectionRetaken(pool, stuck, word);
        // JFR: reported when the hand-off happens, as an event of no duration (the monitor
        // cannot hand the section's thread a token to end it safely; the metrics count it too)
        BlockingEvents.endHandOff(BlockingEvents.beginHandOff(pool.config().name(), old.index,
                receiver == null ? stuck.getName() : receiver.getName()));
        return RETAKEN;
    }

    /**
     * The take of a thread in a deferred section, with a permit already held: as
     * {@link #take(Pool, WorkerThread, WorkerCore, long)} if {@code stuck} is still in section
     * {@code word}; then marks the section retaken (R) if it has not ended meanwhile, so the
     * permit goes back at its end. On failure everything is undone, the permit included.
     *
     * @return the successor core (the caller gives it to a thread), or null if not taken
     */
    static WorkerCore takeSection(Pool pool, WorkerThread stuck, WorkerCore old, long word) {
        final WorkerCore fresh = take(pool, stuck, old, () -> HandOffState.of(stuck).loSection() == word);
        if (fresh != null) {
            markSectionRetaken(pool, stuck, word);
        }
        return fresh;
    }

    /** After the take: the permit goes with the section if it is still in progress. */
    private static void markSectionRetaken(Pool pool, WorkerThread stuck, long word) {
        HandOffState.of(stuck).casSection(word, word | HandOffState.SECTION_RETAKEN);
        HandOffs.of(pool).countHandOff();
    }

    private static WorkerCore take(Pool pool, WorkerThread stuck, WorkerCore old,
            BooleanSupplier stillThere) {
        final HandOffs handOffs = HandOffs.of(pool);
        final WorkerCore fresh = old.successor();
        // published before the core can leave: afterRetake, which removes it, runs only after
        // the CAS below succeeded
        pool.addOrphan(old.deque);
        handOffs.handedOffTaskStarted();
        final boolean taken = pool.idle().underLock(() ->
                pool.lvLifecycle() < Lifecycle.STOP
                        && stillThere.getAsBoolean() && stuck.casCore(old, null));
        if (!taken) {
            pool.removeOrphan(old.deque);
            handOffs.handedOffTaskEnded();
            handOffs.permits().release();
            return null;
        }
        // release store: readers of the slot read it plain and work with either core (same
        // inbox and park; the old deque is an orphan they also visit); the new core's final
        // fields are safe through any publication, and its owner fields reach the thread that
        // runs it through the hand-off's volatile store of its core field
        pool.publishCore(old.index, fresh);
        return fresh;
    }

    /**
     * On the stuck thread, after its loop ended because its core was retaken: empties the
     * orphan deque (it is its only owner), removes it, and counts the handed-off task as ended.
     *
     * @return a core to run next (only when the retake could not start a thread), or null to
     *     wait as an idle backup
     */
    static WorkerCore afterRetake(Pool pool, WorkerThread self, WorkerCore old) {
        settleRetaken(pool, self, old);
        final WorkerCore adopt = HandOffState.of(self).lvAdoptAfterTask();
        if (adopt != null) {
            HandOffState.of(self).svAdoptAfterTask(null);
            self.svCore(adopt);
        }
        return adopt;
    }

    /**
     * The books of a retake, on the thread it was taken from, which is the only owner of the
     * old core's deque: empties and removes the orphan, returns the permit (unless the section
     * did), counts the handed-off task as ended. At the end of its task ({@link #afterRetake}),
     * or at the end of its section when it took a worker back ({@link TakeBack}).
     */
    static void settleRetaken(Pool pool, WorkerThread self, WorkerCore old) {
        if (old.lpSearching()) {
            old.spSearching(false);
            if (pool.idle().transitionFromSearching()) {
                pool.notifyParked();
            }
        }
        final WorkStealingDeque<Runnable> orphan = old.deque;
        Runnable task;
        while ((task = orphan.pollOldest()) != null) {
            if (!pool.resubmit(task)) {
                // STOP: the shutdownNow sweep did not get it, so it counts as started
                pool.runner().runDetached(self, task);
            }
        }
        pool.removeOrphan(orphan);
        final HandOffs handOffs = HandOffs.of(pool);
        if (HandOffState.of(self).sectionPermitReturned) {
            // the section this task was in when retaken returned it at its end
            HandOffState.of(self).sectionPermitReturned = false;
        } else {
            handOffs.permits().release();
        }
        handOffs.handedOffTaskEnded();
    }
}
