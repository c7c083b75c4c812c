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

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Encodes what a queue race took into one {@code int}, so a jcstress outcome reads as the
 * sequence of elements taken.
 *
 * <p>Elements in these races are the numbers 1 to 9. A sequence is written as decimal digits in
 * the order taken: taking 3, then 4, then 5 gives {@code 345}; taking nothing gives {@code 0}.
 * A lost, duplicated or reordered element therefore shows up as a different number.
 */
public final class Outcomes {
    /** The element an arbiter pushes last and expects to steal back: 9. */
    public static final int PROBE = 9;

    private Outcomes() {
    }

    /**
     * The code of one taken element: the element itself, or 0 for {@code null}.
     *
     * @param e the element taken, or {@code null}
     * @return its code
     */
    public static int code(Integer e) {
        return e == null ? 0 : e;
    }

    /**
     * Appends one element to a digit sequence.
     *
     * @param sequence the sequence so far
     * @param e an element in 1..9
     * @return the sequence followed by {@code e}
     */
    public static int append(int sequence, int e) {
        if (e < 1 || e > 9) {
            throw new IllegalArgumentException("element must be in 1..9: " + e);
        }
        return sequence * 10 + e;
    }

    /**
     * Steals everything left in a work-stealing deque, then pushes {@link #PROBE} and steals it back; the
     * result is the digit sequence of all of it. The caller must be allowed to act as the owner
     * (a jcstress arbiter is: it happens after every actor).
     *
     * <p>A deque left consistent yields its leftovers followed by 9; a deque whose indices were
     * corrupted (top past bottom) loses the probe, so the sequence does not end in 9.
     *
     * @param steal the deque's steal
     * @param push the deque's push
     * @return leftovers, then the probe if it came back
     */
    public static int drainAndProbe(Supplier<Integer> steal, Consumer<Integer> push) {
        int sequence = 0;
        Integer e;
        while ((e = steal.get()) != null) {
            sequence = append(sequence, e);
        }
        push.accept(PROBE);
        e = steal.get();
        return e == null ? sequence : append(sequence, e);
    }
}
