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

import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Deferred blocking sections: a section begins on its worker's thread, which keeps its core;
 * the {@link BlockingMonitor} hands the core off if the section outlasts the grace period. The
 * protocol is in the package documentation ("Deferred sections").
 *
 * <p><b>Switching to hand-off at entry.</b> A hint, {@link #longSections}: the number of sections
 * in a row (capped at {@link #EAGER_AFTER}) that outlasted the grace period, judged at a
 * deferred section's end by whether its thread still holds the section's core, and at a
 * hand-off's end by its length. While it is at the cap, {@link #begin} declines and the section
 * hands off at entry; the first section that ends within the grace period resets it.
 */
final class Sections {
    /**
     * Sections in a row that outlasted the monitor's grace period after which sections hand off
     * at entry instead of deferring (see {@link #begin}).
     */
    static final int EAGER_AFTER = 2;
    private static final VarHandle LONG_SECTIONS;

    static {
        try {
            LONG_SECTIONS = MethodHandles.lookup().findVarHandle(Sections.class, "longSections", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pool pool;
    private final Permits permits;
    private final TakeBack takeBack;
    /** The monitor, or null when no section can be deferred (and detection is off). */
    private final BlockingMonitor monitor;
    /** Whether sections may be deferred: {@code maxBlocking > 0} and the mode allows it. */
    private final boolean deferring;
    /**
     * A hint: how many sections in a row (capped at {@link #EAGER_AFTER}) lasted past the grace
     * period. Any section's thread writes it, with opaque accesses and no atomicity: a lost
     * update only delays the switch by a section.
     */
    private int longSections;

    Sections(Pool pool, Permits permits, TakeBack takeBack, BlockingMonitor monitor) {
        this.pool = pool;
        this.permits = permits;
        this.takeBack = takeBack;
        this.monitor = monitor;
        // pinned-core mode keeps the eager hand-off: the section's thread re-pins itself off
        // the reactor CPU at once, and the reactor loop does not take part in retakes
        this.deferring = permits.max() > 0 && pool.mode().defersSections();
    }

    /**
     * Begins a deferred section on the calling thread (see {@link BlockingMonitor}): the body
     * runs here, with the core, and the monitor hands the core off if the section outlasts the
     * grace period. Possible only where an eager hand-off would be: a thread holding a core, in
     * a task, not already in a section, with {@code maxBlocking > 0}, before STOP.
     *
     * @return whether a section began; if so the caller must call {@link #end}
     */
    boolean begin(WorkerThread self) {
        final WorkerCore core = self.lvCore();
        if (monitor == null || !deferring || core == null || self.lpCurrentTask() == null) {
            return false;
        }
        final HandOffState st = HandOffState.of(self);
        final long word = st.loSection();
        if ((word & HandOffState.SECTION_IN) != 0 || pool.lvLifecycle() >= Lifecycle.STOP) {
            return false;
        }
        if (loLongSections() >= EAGER_AFTER) {
            // the last sections all outlasted the grace period: this one most likely will
            // too, so the caller hands off at entry (tryHandOff) and the queued tasks move on
            // at once instead of a grace period and a monitor scan later
            return false;
        }
        // only this thread sets IN, so the number moves on without a race; volatile store,
        // then the monitor's sleep flag is read (the Dekker pair described in the monitor)
        st.sectionCore = core;
        // from here every push of this thread onto its deque wakes a parked worker (this thread
        // may block until such a task ran; see WorkStealingMode.pushLocal)
        core.spInSection(true);
        st.svSection((word & ~(HandOffState.SECTION_STEP - 1)) + HandOffState.SECTION_STEP
                | HandOffState.SECTION_IN);
        monitor.onSectionStart();
        return true;
    }


    /**
     * Ends the calling thread's deferred section. If the monitor handed the core off during it
     * (it set R), the section's permit is returned now, and the thread takes a worker back if
     * one is parked idle ({@link TakeBack}); the retake is then settled at once.
     */
    void end(WorkerThread self) {
        final HandOffState st = HandOffState.of(self);
        final long in = st.loSection() & ~HandOffState.SECTION_RETAKEN;
        final long out = in & ~HandOffState.SECTION_IN;
        final WorkerCore retaken = st.sectionCore;
        st.sectionCore = null;
        // the section's core, whether or not the monitor took it: only this thread pushes onto
        // its deque, and it no longer blocks
        retaken.spInSection(false);
        // a pollBlocking later in this poll must not answer WAIT (HandOffs.tryHandOffOrWait)
        if (self.lpCurrentTask() != null) {
            st.sectionInThisPoll = true;
            self.wantTaskEnd();
        }
        // the hint: did the monitor take the core (its CAS on our section word may still be
        // to come)? Then the section outlasted the grace period
        if (self.lvCore() != retaken) {
            noteLong();
        } else {
            noteShort();
        }
        if (st.casSection(in, out)) {
            return;
        }
        // the monitor's CAS from IN won: only this thread writes the word from here on
        st.svSection(out);
        st.sectionPermitReturned = true;
        permits.release();
        // the monitor gave the successor core away (or set adoptAfterTask) before its CAS to
        // IN|R, which our failed CAS read: tryTakeBack sees an adoption and leaves it alone
        if (takeBack.tryTakeBack(self)) {
            // this thread is still the only owner of the retaken core's deque (an orphan)
            Retake.settleRetaken(pool, self, retaken);
        }
    }


    /** One more section outlasted the grace period (a hint; see {@link #longSections}). */
    void noteLong() {
        final int n = loLongSections();
        if (n < EAGER_AFTER) {
            poLongSections(n + 1);
        }
    }


    /** A section ended within the grace period: the next ones defer again. */
    void noteShort() {
        // read first: most sections are short, and a store would dirty a shared line each time
        if (loLongSections() != 0) {
            poLongSections(0);
        }
    }


    private int loLongSections() {
        return (int) LONG_SECTIONS.getOpaque(this);
    }


    private void poLongSections(int n) {
        // opaque: a hint read by other sections' threads; nothing is published through it
        LONG_SECTIONS.setOpaque(this, n);
    }
}
