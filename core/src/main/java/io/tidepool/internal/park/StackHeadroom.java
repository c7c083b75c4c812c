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
 * adds do not fit. {@link #ensure} makes sure that more stack than the wake path that follows it
 * needs is there (the idle-set transition under its monitor, then the default {@code Unpark},
 * or the withdrawal of a wake whose unpark threw). If the caller's stack is nearly exhausted the
 * error is thrown here, before anything changed; once {@code ensure} has returned, the steps
 * after it run on stack that has just been shown to be there. The path it stands for may run
 * interpreted (a cold path: the withdrawal, an atomic's first calls through its
 * {@code VarHandle}), about 30 small interpreted frames, some 3.5 KB.
 *
 * <p>Two ways to show it, chosen once per JVM:
 * <ul>
 *   <li><b>A reserved frame</b> ({@link #reserve}), on HotSpot's own compilers (C1 and C2) and
 *       interpreter. HotSpot must be able to turn any compiled frame back into interpreted
 *       frames (deoptimization), so a compiled method checks on entry that the interpreted
 *       frames it could become fit, page by page beyond the usual check, and the interpreter
 *       checks an interpreted frame's full size. {@code reserve} declares {@value #RESERVED_LONGS}
 *       {@code long} locals that are never used and has a call that never runs: its interpreted
 *       frame is about 7 KB, and the method that runs it, compiled or not, is checked for that
 *       much (measured, JDK 17 and 25: about 4 KB beyond the caller's frame compiled by C2 or
 *       C1, the check going page by page; 7.3 KB interpreted). Compiled, the check is a store or
 *       two to the stack; nothing else of the frame is written.</li>
 *   <li><b>A recursion</b> ({@link #probe}) of {@value #DEPTH} frames, each keeping eight
 *       {@code long}s live across its call so that compiled code must hold them in the frame:
 *       about 81 bytes a frame compiled by C2, 250-270 under C1 or the interpreter; about 3.4
 *       KB compiled. Used on any other JVM or compiler (a JVMCI compiler such as Graal), where
 *       the check above is not known to hold. It writes every frame: about 70 ns warm, and out
 *       of idle, its stack lines cold, about 0.3 µs on the path to a sleeping worker's wake.</li>
 * </ul>
 * {@code StackHeadroomTest} measures, in each mode of the JVM it runs on, that the way in use
 * throws at least as far from the stack's end as the recursion does compiled.
 *
 * <p>This is a margin, not a proof: a user {@code Unpark} may need any amount of stack. It is
 * paired with the order of the steps themselves ({@link IdleSet#workerToNotify}). An async
 * task's cancel probes too, with the recursion, before the state change that makes it final:
 * the handle's completion and the pool's bookkeeping after it must not be cut off by an
 * overflow.
 */
public final class StackHeadroom {
    /** Frames of the recursion. */
    static final int DEPTH = 40;
    /** {@code long} locals of {@link #reserve}, two interpreter slots each. */
    static final int RESERVED_LONGS = 450;
    /** Whether {@link #ensure} uses {@link #reserve}: HotSpot, with its own compilers. */
    static final boolean RESERVE_FRAME = reservesByFrame(
            System.getProperty("java.vm.name", ""),
            Boolean.getBoolean("jdk.internal.vm.ci.enabled"));

    /** Never written: the branch in {@link #reserve} is never taken, but no compiler can know. */
    private static volatile boolean never;

    private StackHeadroom() {}

    /**
     * Throws {@link StackOverflowError} unless the stack has room for the wake path (class doc).
     *
     * @return what the check computed, so that it is not dead code
     */
    public static int ensure() {
        return RESERVE_FRAME ? reserve() : probe(DEPTH);
    }

    /**
     * Throws {@link StackOverflowError} unless {@code frames} more frames of the recursion fit on
     * the stack: for a path deeper than the wake path (a cancel, which completes a future and
     * tells the pool).
     *
     * @param frames frames to probe, at least 1
     * @return what the probe computed, so the recursion is not dead code
     */
    public static int ensure(int frames) {
        return probe(frames);
    }

    /**
     * Whether a JVM checks a reserved frame as {@link #reserve} needs: HotSpot (its name ends in
     * "Server VM" or "Client VM") without a JVMCI compiler.
     *
     * @param vmName the {@code java.vm.name} property
     * @param jvmci whether JVMCI is enabled ({@code jdk.internal.vm.ci.enabled})
     * @return whether to use {@link #reserve}
     */
    static boolean reservesByFrame(String vmName, boolean jvmci) {
        return !jvmci && (vmName.endsWith("Server VM") || vmName.endsWith("Client VM"))
                && !vmName.contains("OpenJ9");
    }

    /**
     * A frame whose interpreted form is large (the locals below are never used, and exist only
     * for their slots) and whose compiled form is small; see the class doc. The call in the
     * branch gives both of HotSpot's compilers a point from which the frame could be
     * deoptimized, so that they check for its interpreted size.
     */
    @SuppressWarnings("unused")
    static int reserve() {
        long r000, r001, r002, r003, r004, r005, r006, r007, r008, r009, r010, r011;
        long r012, r013, r014, r015, r016, r017, r018, r019, r020, r021, r022, r023;
        long r024, r025, r026, r027, r028, r029, r030, r031, r032, r033, r034, r035;
        long r036, r037, r038, r039, r040, r041, r042, r043, r044, r045, r046, r047;
        long r048, r049, r050, r051, r052, r053, r054, r055, r056, r057, r058, r059;
        long r060, r061, r062, r063, r064, r065, r066, r067, r068, r069, r070, r071;
        long r072, r073, r074, r075, r076, r077, r078, r079, r080, r081, r082, r083;
        long r084, r085, r086, r087, r088, r089, r090, r091, r092, r093, r094, r095;
        long r096, r097, r098, r099, r100, r101, r102, r103, r104, r105, r106, r107;
        long r108, r109, r110, r111, r112, r113, r114, r115, r116, r117, r118, r119;
        long r120, r121, r122, r123, r124, r125, r126, r127, r128, r129, r130, r131;
        long r132, r133, r134, r135, r136, r137, r138, r139, r140, r141, r142, r143;
        long r144, r145, r146, r147, r148, r149, r150, r151, r152, r153, r154, r155;
        long r156, r157, r158, r159, r160, r161, r162, r163, r164, r165, r166, r167;
        long r168, r169, r170, r171, r172, r173, r174, r175, r176, r177, r178, r179;
        long r180, r181, r182, r183, r184, r185, r186, r187, r188, r189, r190, r191;
        long r192, r193, r194, r195, r196, r197, r198, r199, r200, r201, r202, r203;
        long r204, r205, r206, r207, r208, r209, r210, r211, r212, r213, r214, r215;
        long r216, r217, r218, r219, r220, r221, r222, r223, r224, r225, r226, r227;
        long r228, r229, r230, r231, r232, r233, r234, r235, r236, r237, r238, r239;
        long r240, r241, r242, r243, r244, r245, r246, r247, r248, r249, r250, r251;
        long r252, r253, r254, r255, r256, r257, r258, r259, r260, r261, r262, r263;
        long r264, r265, r266, r267, r268, r269, r270, r271, r272, r273, r274, r275;
        long r276, r277, r278, r279, r280, r281, r282, r283, r284, r285, r286, r287;
        long r288, r289, r290, r291, r292, r293, r294, r295, r296, r297, r298, r299;
        long r300, r301, r302, r303, r304, r305, r306, r307, r308, r309, r310, r311;
        long r312, r313, r314, r315, r316, r317, r318, r319, r320, r321, r322, r323;
        long r324, r325, r326, r327, r328, r329, r330, r331, r332, r333, r334, r335;
        long r336, r337, r338, r339, r340, r341, r342, r343, r344, r345, r346, r347;
        long r348, r349, r350, r351, r352, r353, r354, r355, r356, r357, r358, r359;
        long r360, r361, r362, r363, r364, r365, r366, r367, r368, r369, r370, r371;
        long r372, r373, r374, r375, r376, r377, r378, r379, r380, r381, r382, r383;
        long r384, r385, r386, r387, r388, r389, r390, r391, r392, r393, r394, r395;
        long r396, r397, r398, r399, r400, r401, r402, r403, r404, r405, r406, r407;
        long r408, r409, r410, r411, r412, r413, r414, r415, r416, r417, r418, r419;
        long r420, r421, r422, r423, r424, r425, r426, r427, r428, r429, r430, r431;
        long r432, r433, r434, r435, r436, r437, r438, r439, r440, r441, r442, r443;
        long r444, r445, r446, r447, r448, r449;
        if (never) {
            Thread.yield();
        }
        return 1;
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
