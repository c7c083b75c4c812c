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

package io.tidepool.internal.queue;

/**
 * Decoders of the {@code top} word of {@link WorkStealingDeque}: the index of the oldest element
 * and a stamp that the owner bumps to invalidate thieves in flight.
 *
 * <pre>
 *   63                             32 31                              0
 *  +---------------------------------+---------------------------------+
 *  |             stamp               |              index              |
 *  +---------------------------------+---------------------------------+
 * </pre>
 * Both halves wrap modulo 2<sup>32</sup> and are only compared for equality or subtracted as
 * {@code int}s, so a wrap is harmless; the index never carries into the stamp. A thief's CAS from
 * a stale word could succeed only if both halves came back to the same values, which takes
 * 2<sup>32</sup> owner pops at one index or 2<sup>32</sup> takes from the deque while that
 * thief stands between its read of {@code top} and its CAS.
 */
final class TopWord {
    static final int STAMP_SHIFT = 32;
    static final long INDEX_MASK = 0xFFFF_FFFFL;
    static final long STAMP_MASK = ~INDEX_MASK;

    private TopWord() {
    }

    /** {@return the word of {@code stamp} and {@code index}} */
    static long pack(int stamp, int index) {
        return ((long) stamp << STAMP_SHIFT) | (index & INDEX_MASK);
    }

    /** {@return the index half of {@code top}} */
    static int index(long top) {
        return (int) top;
    }

    /** {@return the stamp half of {@code top}} */
    static int stamp(long top) {
        return (int) (top >>> STAMP_SHIFT);
    }

    /** {@return {@code top} with its index replaced by {@code index}, the stamp unchanged} */
    static long withIndex(long top, int index) {
        return (top & STAMP_MASK) | (index & INDEX_MASK);
    }

    /** {@return {@code top} with its stamp moved by one, the index unchanged} */
    static long nextStamp(long top) {
        return top + (1L << STAMP_SHIFT);
    }
}
