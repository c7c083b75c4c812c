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
 * A child JVM's main class for {@link StackHeadroomTest}: how far from the end of a thread's
 * stack {@link StackHeadroom#ensure()} and the recursion of {@link StackHeadroom#DEPTH} frames
 * throw, in bytes, in whatever compilation mode the JVM runs. Prints one line:
 * {@code ensure=B recursion=B reserveFrame=true|false}.
 *
 * <p>The ruler is a recursion whose every frame calls the check through an interface with
 * several implementations, so that no compiler inlines the check into it: the ruler's frame and
 * its own stack check are the same whichever check it calls. A check that needs more stack than
 * the ruler's next frame throws first, so many frames before the end: that many ruler frames,
 * times the ruler's frame size, is the check's headroom. The frame size comes from two threads
 * whose stacks differ by {@link #STACK_STEP} bytes, measured with each check ({@link #unreached}).
 */
public final class StackHeadroomRuler {
    private static final long STACK = 1L << 20;
    private static final long STACK_STEP = 1L << 20;

    /** A check called from the ruler. */
    interface Check {
        int run();
    }

    private static final Check NONE = () -> 0;
    private static final Check ENSURE = StackHeadroom::ensure;
    private static final Check RECURSION = () -> StackHeadroom.ensure(StackHeadroom.DEPTH);
    private static final Check OTHER = () -> 2;

    /** Depth limit of the ruler; unlimited while measuring. */
    private static int limit = Integer.MAX_VALUE;

    private StackHeadroomRuler() {}

    /**
     * Recurses until the check or the ruler's own next call overflows.
     *
     * @return the depth reached: negative if the check threw there, positive if the ruler's
     *     next call did
     */
    private static int ruler(int depth, Check check) {
        if (depth >= limit) {
            return depth;
        }
        try {
            check.run();
        } catch (StackOverflowError e) {
            return -depth;
        }
        try {
            return ruler(depth + 1, check);
        } catch (StackOverflowError e) {
            return depth;
        }
    }

    /** {@return the depth at which {@code check} (or the ruler) stopped, on a new thread} */
    private static int depth(Check check, long stackSize) throws InterruptedException {
        final int[] reached = new int[1];
        final Thread t = new Thread(null, () -> reached[0] = Math.abs(ruler(0, check)),
                "ruler", stackSize);
        t.start();
        t.join();
        return reached[0];
    }

    /**
     * The bytes of a thread's stack the ruler did not reach with {@code check}: the thread's own
     * frames and guard zones, plus the headroom the check needs beyond the ruler's next frame.
     * The ruler's frame size is measured with the same check (two stack sizes), as compiled code
     * may differ from one run of the ruler to the next.
     */
    private static double unreached(Check check) throws InterruptedException {
        final int small = depth(check, STACK);
        final int large = depth(check, STACK + STACK_STEP);
        final double frameBytes = (double) STACK_STEP / (large - small);
        return STACK - small * frameBytes;
    }

    public static void main(String[] args) throws InterruptedException {
        // every check through the interface, so the call in the ruler is megamorphic; enough
        // calls for every compiler's thresholds (the child runs with -Xbatch)
        limit = 4;
        final Check[] all = {NONE, ENSURE, RECURSION, OTHER};
        for (int i = 0; i < 30_000; i++) {
            ruler(0, all[i & 3]);
        }
        limit = Integer.MAX_VALUE;
        // the first overflows recompile the ruler (its handlers were never run): measure three
        // times and keep the last
        long ensure = 0;
        long recursion = 0;
        for (int round = 0; round < 3; round++) {
            final double none = unreached(NONE);
            ensure = Math.round(unreached(ENSURE) - none);
            recursion = Math.round(unreached(RECURSION) - none);
        }
        System.out.println("ensure=" + ensure + " recursion=" + recursion
                + " reserveFrame=" + StackHeadroom.RESERVE_FRAME);
    }
}
