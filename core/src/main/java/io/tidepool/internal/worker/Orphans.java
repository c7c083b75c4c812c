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

package io.tidepool.internal.worker;

import io.tidepool.internal.queue.WorkStealingDeque;
import java.util.Arrays;

/**
 * The deques of retaken cores ({@link Retake}): each is still owned by its stuck thread, which
 * may push onto it until its task ends, so it cannot go to the backup; everything that must see
 * every queue (thieves, the sleep re-check, the quiescence check, the shutdownNow sweep) looks
 * here too. Copy-on-write: readers do one volatile read of an array that is empty unless a
 * worker was retaken; the rare changes are serialized by a lock.
 */
final class Orphans {
    @SuppressWarnings("unchecked")
    private static final WorkStealingDeque<Runnable>[] NONE = new WorkStealingDeque[0];

    private final Object lock = new Object();
    /** Replaced, never changed in place; written under {@link #lock}. */
    private volatile WorkStealingDeque<Runnable>[] deques = NONE;

    /** {@return the orphan deques now} One volatile read; do not modify the array. */
    WorkStealingDeque<Runnable>[] lvDeques() {
        return deques;
    }

    void add(WorkStealingDeque<Runnable> deque) {
        synchronized (lock) {
            final WorkStealingDeque<Runnable>[] old = deques;
            final WorkStealingDeque<Runnable>[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = deque;
            deques = next;
        }
    }

    void remove(WorkStealingDeque<Runnable> deque) {
        synchronized (lock) {
            final WorkStealingDeque<Runnable>[] old = deques;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == deque) {
                    final WorkStealingDeque<Runnable>[] next = Arrays.copyOf(old, old.length - 1);
                    System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                    deques = next.length == 0 ? NONE : next;
                    return;
                }
            }
        }
    }
}
