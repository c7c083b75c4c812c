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
 * Makes a {@link StackOverflowError} happen before a multi-step transition starts rather than
 * between its steps.
 *
 * <p>HotSpot checks the stack when a method is entered: a call overflows only if the frames it
 * adds do not fit. {@link #ensure} calls itself {@value #DEPTH} times, deeper than the wake path
 * that follows it goes (the idle-set transition under its monitor, then the default
 * {@code Unpark}, or the withdrawal of a wake whose unpark threw). If the caller's stack is
 * nearly exhausted the error is thrown here, before anything changed; once {@code ensure} has
 * returned, the steps after it run on stack that has just been shown to be there.
 *
 * <p>The probe's frames are made large on purpose: each keeps eight {@code long}s live across
 * its call, so compiled code must hold them in the frame. The path it stands for may run
 * interpreted (a cold path: the withdrawal, an atomic's first calls through its
 * {@code VarHandle}) while the probe itself is compiled, and a compiled frame of an empty
 * recursion is about a seventh of an interpreted one. Measured on HotSpot x64 (JDK 17 and 25):
 * about 88 bytes a frame compiled by C2, 250-270 under C1 or the interpreter (an empty
 * recursion: 17 and 115); the probe reaches about 3.5 KB even when compiled, some 30 small
 * interpreted frames, and costs about 70 ns compiled. It runs only on the slow paths that take
 * a lock and unpark a thread anyway.
 *
 * <p>This is a margin, not a proof: a user {@code Unpark} may need any amount of stack. It is
 * paired with the order of the steps themselves ({@link IdleSet#workerToNotify}). An async
 * task's cancel probes too, before the state change that makes it final: the handle's
 * completion and the pool's bookkeeping after it must not be cut off by an overflow.
 */
public final class StackHeadroom {
    /** Frames of the probe. */
    static final int DEPTH = 40;

    private StackHeadroom() {}

    /**
     * Throws {@link StackOverflowError} unless {@link #DEPTH} more frames fit on the stack.
     *
     * @return what the probe computed, so the recursion is not dead code
     */
    public static int ensure() {
        return probe(DEPTH);
    }

    /**
     * Throws {@link StackOverflowError} unless {@code frames} more frames of the probe fit on the
     * stack: for a path deeper than the wake path (a cancel, which completes a future and tells
     * the pool).
     *
     * @param frames frames to probe, at least 1
     * @return what the probe computed, so the recursion is not dead code
     */
    public static int ensure(int frames) {
        return probe(frames);
    }

    private static int probe(int frames) {
        return (int) probe(frames, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    /** Recurses {@code frames} deep; the eight values are live across each call (class doc). */
    private static long probe(int frames, long a, long b, long c, long d, long e, long f, long g,
            long h) {
        if (frames == 0) {
            return a;
        }
        final long below = probe(frames - 1, b, c, d, e, f, g, h, a + 1);
        return below + (a ^ b ^ c ^ d ^ e ^ f ^ g ^ h);
    }
}
