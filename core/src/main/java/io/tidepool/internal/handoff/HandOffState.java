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

import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hand-off layer's state of one pool thread, kept in the thread's one slot for it
 * ({@link WorkerThread#handOffState()}): its blocking section, permit, take-back and the
 * monitor's notes. Fields marked <em>this thread only</em> are touched only by the thread the
 * state belongs to.
 */
final class HandOffState {
    private static final VarHandle SECTION;

    /**
     * Layout of {@link #section}, the deferred blocking section word:
     * <pre>
     *   63                              2   1         0
     *   +-------------------------------+---+---------+
     *   |  section number (this thread)  | R | IN      |
     *   +-------------------------------+---+---------+
     * </pre>
     * IN: a section is in progress on this thread, which still held its core when it began.
     * R (retaken): the monitor took the core during that section and its permit goes back when
     * the section ends (set by the monitor's CAS from IN, cleared by the thread's exit).
     */
    static final long SECTION_IN = 1L;
    static final long SECTION_RETAKEN = 2L;
    static final long SECTION_STEP = 4L;

    static {
        try {
            SECTION = MethodHandles.lookup().findVarHandle(HandOffState.class, "section", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** This thread's number as an idle backup, 0 until it first is one. This thread only. */
    int backupNumber;
    /** Whether this thread is in a blocking section that took a permit. This thread only. */
    boolean holdsPermit;
    /**
     * Whether this thread's current task handed its core off itself (a blocking section), as
     * opposed to the detector taking it. This thread only; cleared when its loop ends.
     */
    boolean handedOffSelf;
    /** The JFR event of the blocking section in progress, or null. This thread only. */
    Object handOffEvent;
    /** When this thread's current hand-off began ({@code System.nanoTime()}). This thread only. */
    long handOffNanos;
    /**
     * A core the detector retook from this thread but could not give to another thread (none
     * could start): this thread runs it when its stuck task ends. Volatile; null normally.
     */
    private volatile WorkerCore adoptAfterTask;
    /**
     * The deferred blocking section word (layout above). Written by this thread (a volatile
     * store at entry, a CAS at exit) and by the monitor (a CAS from IN to IN|R during a retake).
     */
    private long section;
    /**
     * Whether the permit of a retake was already returned at the end of this thread's section,
     * so the end of its task must not return it again. This thread only.
     */
    boolean sectionPermitReturned;
    /**
     * The core this thread held when its current deferred section began; the section's end
     * needs it for a take-back after the monitor retook it (the orphan to empty). This thread
     * only.
     */
    WorkerCore sectionCore;
    /**
     * The core a take-back ({@link TakeBack}) gave this thread during its current task, or
     * null: the loop that ran the task started with another core (or this same one), and its
     * end must continue with this one. This thread only.
     */
    WorkerCore takenBack;
    /**
     * Whether the running task already had a blocking section (or a ready {@code pollBlocking})
     * in this poll: a later {@code pollBlocking} of the same poll then never answers WAIT, it
     * runs inline if no permit is free (issue 15, item 11). Cleared when the task ends
     * ({@code HandOffs.taskEnded}). This thread only.
     */
    boolean sectionInThisPoll;
    /** Whether this thread, parked idle, gave its core to a take-back. This thread only. */
    boolean gaveCoreAway;
    /** Set by a holder that declined this thread's take-back (STOP); volatile. */
    private volatile boolean takeBackDeclined;
    /** The section word the monitor last saw here, when, and whether it is done with it. Monitor thread only. */
    long watchedSection;
    long watchedSince;
    boolean watchedGaveUp;

    /** {@return the state of {@code t}} Set when the hand-off layer registered it. */
    static HandOffState of(WorkerThread t) {
        return (HandOffState) t.handOffState();
    }

    /** The section word; opaque load, for the monitor and this thread. */
    long loSection() {
        return (long) SECTION.getOpaque(this);
    }

    /** The section word; volatile load, for the monitor's check before it sleeps. */
    long lvSection() {
        return (long) SECTION.getVolatile(this);
    }

    /**
     * Enters section {@code word} (IN set): a volatile store, so that the monitor's sleep flag
     * read after it cannot be satisfied before the store is visible (the Dekker pair with
     * {@link BlockingMonitor}'s sleep). This thread only.
     */
    void svSection(long word) {
        SECTION.setVolatile(this, word);
    }

    /** Moves the section word with a volatile CAS (thread exit or monitor retake). */
    boolean casSection(long expected, long value) {
        return SECTION.compareAndSet(this, expected, value);
    }

    boolean lvTakeBackDeclined() {
        return takeBackDeclined;
    }

    void svTakeBackDeclined(boolean declined) {
        takeBackDeclined = declined;
    }

    WorkerCore lvAdoptAfterTask() {
        return adoptAfterTask;
    }

    void svAdoptAfterTask(WorkerCore c) {
        adoptAfterTask = c;
    }
}
