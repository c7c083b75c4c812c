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

package io.tidepool.internal.park;

/**
 * Decoders for the idle set's packed state word.
 *
 * <pre>
 *   bits 16..31            bits 0..15
 *  +---------------------+---------------------+
 *  | unparked workers    | searching workers   |
 *  +---------------------+---------------------+
 * </pre>
 * Both counts fit: a pool has at most 32768 workers, and at most half of them search.
 */
final class IdleState {
    static final int SEARCHING_MASK = 0xFFFF;
    static final int UNPARKED_SHIFT = 16;
    static final int ONE_SEARCHING = 1;
    static final int ONE_UNPARKED = 1 << UNPARKED_SHIFT;

    private IdleState() {}

    static int searching(int state) {
        return state & SEARCHING_MASK;
    }

    static int unparked(int state) {
        return state >>> UNPARKED_SHIFT;
    }

    static int of(int unparked, int searching) {
        return (unparked << UNPARKED_SHIFT) | searching;
    }
}
