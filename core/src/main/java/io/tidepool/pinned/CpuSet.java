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

package io.tidepool.pinned;

import io.tidepool.internal.affinity.Affinities;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU numbers, written in the Linux "cpu list" form: {@code "0-3,6"}.
 *
 * <p>{@link #parse} accepts a comma-separated list of CPU numbers and inclusive ranges
 * ({@code a-b} with {@code a <= b}); no blanks inside, no repeated CPU, CPU numbers
 * 0..{@value #MAX_CPU}. {@link #toString()} prints the canonical form (ascending, runs of two or
 * more CPUs as ranges), so {@code parse(s.toString()).equals(s)} always holds.
 *
 * <p>Thread-safe (immutable). The order of a set is ascending CPU number; {@link #cpu(int)} and
 * {@link #toArray()} follow it, and a pinned pool's worker {@code i} runs on {@code cpu(i)}.
 */
public final class CpuSet {
    /** Largest CPU number accepted (Linux's default {@code CONFIG_NR_CPUS} limit is 8192). */
    public static final int MAX_CPU = 65_535;

    private static final CpuSet EMPTY = new CpuSet(new BitSet());

    private final BitSet bits;
    private final int[] cpus;

    private CpuSet(BitSet bits) {
        this.bits = bits;
        this.cpus = bits.stream().toArray();
    }

    /**
     * Parses a CPU list such as {@code "0-3,6"}; surrounding blanks are ignored.
     *
     * @param text the list to parse
     * @return the set
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException naming the text and the position of the first error: empty
     *     text, a missing or non-numeric CPU number, a range whose end is below its start, a CPU
     *     above {@value #MAX_CPU}, or a CPU listed twice
     */
    public static CpuSet parse(String text) {
        Objects.requireNonNull(text, "text");
        final String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("bad CPU list \"" + text + "\": empty");
        }
        final BitSet bits = new BitSet();
        int pos = 0;
        while (true) {
            final int itemStart = pos;
            final int first = number(s, pos, text);
            pos = skipDigits(s, pos);
            int last = first;
            if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
                last = number(s, pos, text);
                pos = skipDigits(s, pos);
                if (last < first) {
                    throw bad(text, itemStart, "range end " + last + " is below its start " + first);
                }
            }
            for (int c = first; c <= last; c++) {
                if (bits.get(c)) {
                    throw bad(text, itemStart, "CPU " + c + " is listed twice");
                }
                bits.set(c);
            }
            if (pos == s.length()) {
                return new CpuSet(bits);
            }
            if (s.charAt(pos) != ',') {
                throw bad(text, pos, "expected ',' or '-' but found '" + s.charAt(pos) + "'");
            }
            pos++;
        }
    }

    /**
     * The set of the given CPUs.
     *
     * @param cpus CPU numbers, 0..{@value #MAX_CPU}, each at most once; none gives the empty set
     * @return the set
     * @throws IllegalArgumentException naming a CPU out of range or repeated
     */
    public static CpuSet of(int... cpus) {
        final BitSet bits = new BitSet();
        for (int c : cpus) {
            checkCpu(c);
            if (bits.get(c)) {
                throw new IllegalArgumentException("CPU " + c + " is listed twice in "
                        + Arrays.toString(cpus));
            }
            bits.set(c);
        }
        return bits.isEmpty() ? EMPTY : new CpuSet(bits);
    }

    /**
     * The CPUs {@code first..last}, both included.
     *
     * @param first the lowest CPU
     * @param last the highest CPU, {@code >= first}
     * @return the set
     * @throws IllegalArgumentException naming a CPU out of range, or if {@code last < first}
     */
    public static CpuSet range(int first, int last) {
        checkCpu(first);
        checkCpu(last);
        if (last < first) {
            throw new IllegalArgumentException("range end " + last + " is below its start " + first);
        }
        final BitSet bits = new BitSet();
        bits.set(first, last + 1);
        return new CpuSet(bits);
    }

    /**
     * The CPUs this process may run on ({@code Cpus_allowed_list} of {@code /proc/self/status}
     * on Linux); elsewhere {@code 0..availableProcessors-1}.
     *
     * @return the process's allowed set
     */
    public static CpuSet allowed() {
        return Affinities.backend().processAllowed();
    }

    /**
     * Whether {@code cpu} is in the set.
     *
     * @param cpu a CPU number; negative numbers are never in a set
     * @return whether the set holds it
     */
    public boolean contains(int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    /** {@return the number of CPUs in the set} */
    public int size() {
        return cpus.length;
    }

    /** {@return whether the set holds no CPU} */
    public boolean isEmpty() {
        return cpus.length == 0;
    }

    /**
     * The {@code index}-th CPU in ascending order.
     *
     * @param index 0..size()-1
     * @return the CPU number
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public int cpu(int index) {
        Objects.checkIndex(index, cpus.length);
        return cpus[index];
    }

    /**
     * The position of {@code cpu} in ascending order, or -1.
     *
     * @param cpu a CPU number
     * @return its index, or -1 if it is not in the set
     */
    public int indexOf(int cpu) {
        final int i = Arrays.binarySearch(cpus, cpu);
        return i >= 0 ? i : -1;
    }

    /** {@return the CPUs in ascending order} */
    public IntStream stream() {
        return Arrays.stream(cpus);
    }

    /** {@return a new array of the CPUs in ascending order} */
    public int[] toArray() {
        return cpus.clone();
    }

    /**
     * The CPUs in this set and not in {@code other}.
     *
     * @param other the CPUs to remove
     * @return the difference, possibly empty
     */
    public CpuSet minus(CpuSet other) {
        final BitSet b = (BitSet) bits.clone();
        b.andNot(other.bits);
        return b.isEmpty() ? EMPTY : new CpuSet(b);
    }

    /**
     * Whether every CPU of {@code other} is in this set.
     *
     * @param other the set to test
     * @return {@code true} if {@code other} is a subset of this set
     */
    public boolean containsAll(CpuSet other) {
        return other.minus(this).isEmpty();
    }

    /** {@return the canonical list form, e.g. {@code "0-3,6"}; empty string for the empty set} */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < cpus.length) {
            int j = i;
            while (j + 1 < cpus.length && cpus[j + 1] == cpus[j] + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(cpus[i]);
            if (j > i) {
                sb.append('-').append(cpus[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    private static int number(String s, int pos, String text) {
        final int end = skipDigits(s, pos);
        if (end == pos) {
            throw bad(text, pos, pos < s.length()
                    ? "expected a CPU number but found '" + s.charAt(pos) + "'"
                    : "expected a CPU number at the end");
        }
        if (end - pos > 6) {
            throw bad(text, pos, "CPU " + s.substring(pos, end) + " is above " + MAX_CPU);
        }
        final int n = Integer.parseInt(s, pos, end, 10);
        if (n > MAX_CPU) {
            throw bad(text, pos, "CPU " + n + " is above " + MAX_CPU);
        }
        return n;
    }

    private static int skipDigits(String s, int pos) {
        int i = pos;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException bad(String text, int pos, String what) {
        // positions count from the first non-blank character, as the user sees the list
        return new IllegalArgumentException(
                "bad CPU list \"" + text + "\" at position " + pos + ": " + what);
    }

    private static void checkCpu(int cpu) {
        if (cpu < 0 || cpu > MAX_CPU) {
            throw new IllegalArgumentException("CPU must be in 0.." + MAX_CPU + ": " + cpu);
        }
    }
}
