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

package io.tidepool.internal.task;

/**
 * States of an {@link AsyncTaskCell}, one {@code int}.
 *
 * <pre>
 *   bit 5     bit 4          bit 3            bits 0..2
 *  +---------+--------------+----------------+-------------------------------------------------------------+
 *  | REQUEUE | INTERRUPTING | CANCEL_PENDING | IDLE | SCHEDULED | RUNNING | NOTIFIED | COMPLETE | CANCELLED |
 *  +---------+--------------+----------------+-------------------------------------------------------------+
 *
 *            spawn            run             poll: pending
 *   (new) ----------> SCHEDULED ----> RUNNING ---------------> IDLE
 *                        ^              |  wake                 |  wake
 *                        |              v                       |
 *                        +---------- NOTIFIED <-----------------+ (via SCHEDULED)
 *                     poll: pending
 *   RUNNING/NOTIFIED --poll: ready or threw--> COMPLETE
 *   IDLE/SCHEDULED --cancel--> CANCELLED;  RUNNING/NOTIFIED --cancel--> +CANCEL_PENDING --poll ends--> CANCELLED
 * </pre>
 * {@code CANCEL_PENDING} is only ever set together with RUNNING or NOTIFIED. {@code INTERRUPTING}
 * is set with it by {@code cancel(true)} while it interrupts the polling thread; the poll's end
 * waits for it to clear, so the interrupt lands inside the poll and never in a later task.
 * {@code REQUEUE} is only ever set together with SCHEDULED, by the wake after one whose queuing
 * threw (that one records it in a field, see {@code AsyncTaskCell}): the cell may or may not be
 * in a queue, so this wake queues it again (a second copy is harmless,
 * {@code run} polls only a SCHEDULED cell and every copy but the first finds it otherwise).
 */
final class TaskState {
    static final int IDLE = 0;
    static final int SCHEDULED = 1;
    static final int RUNNING = 2;
    static final int NOTIFIED = 3;
    static final int COMPLETE = 4;
    static final int CANCELLED = 5;
    static final int LIFECYCLE_MASK = 0b111;
    static final int CANCEL_PENDING = 0b1000;
    static final int INTERRUPTING = 0b1_0000;
    static final int REQUEUE = 0b10_0000;

    private TaskState() {}

    static int lifecycle(int state) {
        return state & LIFECYCLE_MASK;
    }

    static boolean isCancelPending(int state) {
        return (state & CANCEL_PENDING) != 0;
    }

    static boolean isInterrupting(int state) {
        return (state & INTERRUPTING) != 0;
    }

    static String name(int state) {
        final String base = switch (lifecycle(state)) {
            case IDLE -> "IDLE";
            case SCHEDULED -> "SCHEDULED";
            case RUNNING -> "RUNNING";
            case NOTIFIED -> "NOTIFIED";
            case COMPLETE -> "COMPLETE";
            case CANCELLED -> "CANCELLED";
            default -> "?" + lifecycle(state);
        };
        final String cancel = isCancelPending(state) ? base + "+CANCEL_PENDING" : base;
        final String requeue = (state & REQUEUE) != 0 ? cancel + "+REQUEUE" : cancel;
        return isInterrupting(state) ? requeue + "+INTERRUPTING" : requeue;
    }
}
