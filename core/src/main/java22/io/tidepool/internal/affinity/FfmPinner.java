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

package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The native pinner on JDK 22+, a class of the jar's {@code META-INF/versions/22} only, made by
 * {@link NativeAffinity#load}: {@code sched_setaffinity} and {@code sched_getaffinity} from the
 * C library, called through the Foreign Function &amp; Memory API with {@code pid} 0, which means
 * the calling thread. A pin costs a system call instead of a {@code taskset} process.
 *
 * <p>Restricted methods: {@link Linker#downcallHandle} is one. Called from a module without
 * native access it prints the JEP 472 warning on JDK 24+ (and will throw once the default turns
 * to deny). So {@link NativeAffinity#load} first asks {@link Module#isNativeAccessEnabled()},
 * which is not restricted, and makes no pinner (the caller falls back to {@code taskset})
 * unless the application ran with {@code --enable-native-access=io.tidepool} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path). Nothing restricted is called before
 * that check.
 *
 * <p>The mask is the kernel's {@code cpu_set_t}: an array of {@code unsigned long}, CPU {@code n}
 * at bit {@code n % 64} of word {@code n / 64}, in native byte order. It is sized to the highest
 * CPU to set (at least 128 bytes, glibc's {@code CPU_SETSIZE} of 1024 CPUs); to read, the size
 * doubles from 128 bytes while the kernel answers {@code EINVAL} (its CPU count is larger), up
 * to {@link CpuSet#MAX_CPU}. {@code errno} is captured by the downcall itself
 * ({@link Linker.Option#captureCallState}), so the JVM cannot overwrite it in between.
 *
 * <p>Thread-safe: the handles are immutable and each call allocates its mask in its own
 * confined arena.
 */
final class FfmPinner implements ThreadPinner {
    private static final int MIN_MASK_BYTES = 128;
    private static final int MAX_MASK_BYTES = (CpuSet.MAX_CPU + 1) / 8;
    private static final int EINVAL = 22;

    private final MethodHandle setAffinity;
    private final MethodHandle getAffinity;
    private final StructLayout callState;
    private final VarHandle errno;

    /**
     * Links the two functions; call only when native access is enabled for this module.
     *
     * @param linker the native linker
     * @param set the address of {@code sched_setaffinity}
     * @param get the address of {@code sched_getaffinity}
     */
    @SuppressWarnings("restricted")     // made only when Module.isNativeAccessEnabled()
    FfmPinner(Linker linker, MemorySegment set, MemorySegment get) {
        // int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask), and the
        // same shape for sched_getaffinity; the first argument of the handle is the errno slot
        final FunctionDescriptor shape = FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
        final Linker.Option captureErrno = Linker.Option.captureCallState("errno");
        this.setAffinity = linker.downcallHandle(set, shape, captureErrno);
        this.getAffinity = linker.downcallHandle(get, shape, captureErrno);
        this.callState = Linker.Option.captureStateLayout();
        this.errno = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    }

    @Override
    public String name() {
        return "linux-ffm";
    }

    @Override
    public void pinCurrentThread(CpuSet cpus) {
        if (cpus.isEmpty()) {
            throw new AffinityException("cannot pin to an empty CPU set");
        }
        final long bytes = Math.max(MIN_MASK_BYTES, (cpus.cpu(cpus.size() - 1) / 64 + 1) * 8L);
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment mask = arena.allocate(bytes, 8);     // zeroed
            for (int i = 0; i < cpus.size(); i++) {
                final int cpu = cpus.cpu(i);
                final long offset = (cpu >>> 6) * 8L;
                mask.set(ValueLayout.JAVA_LONG, offset,
                        mask.get(ValueLayout.JAVA_LONG, offset) | (1L << (cpu & 63)));
            }
            final MemorySegment state = arena.allocate(callState);
            final int rc = call(setAffinity, state, bytes, mask);
            if (rc != 0) {
                throw new AffinityException("sched_setaffinity(0, " + bytes + ", {" + cpus
                        + "}) for thread " + Thread.currentThread().getName() + " failed: "
                        + errnoText((int) errno.get(state, 0L)));
            }
        }
    }

    @Override
    public CpuSet currentThreadAllowed() {
        for (long bytes = MIN_MASK_BYTES; bytes <= MAX_MASK_BYTES; bytes *= 2) {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment mask = arena.allocate(bytes, 8);
                final MemorySegment state = arena.allocate(callState);
                // success: glibc returns 0 and zeroes the mask past the kernel's part (the raw
                // system call returns the bytes written; the arena zeroed the rest already)
                final int rc = call(getAffinity, state, bytes, mask);
                if (rc >= 0) {
                    return toCpuSet(mask, bytes);
                }
                final int err = (int) errno.get(state, 0L);
                if (err != EINVAL) {
                    throw new AffinityException("sched_getaffinity(0, " + bytes + ") failed: "
                            + errnoText(err));
                }
            }
        }
        throw new AffinityException("sched_getaffinity: the kernel's CPU mask is larger than "
                + MAX_MASK_BYTES + " bytes");
    }

    private static int call(MethodHandle handle, MemorySegment state, long bytes,
            MemorySegment mask) {
        try {
            return (int) handle.invokeExact(state, 0, bytes, mask);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AffinityException("native affinity call failed: " + t, t);
        }
    }

    private static CpuSet toCpuSet(MemorySegment mask, long bytes) {
        int[] cpus = new int[64];
        int n = 0;
        for (long offset = 0; offset + 8 <= bytes; offset += 8) {
            long word = mask.get(ValueLayout.JAVA_LONG, offset);
            while (word != 0) {
                final int cpu = (int) (offset * 8) + Long.numberOfTrailingZeros(word);
                if (n == cpus.length) {
                    cpus = Arrays.copyOf(cpus, n * 2);
                }
                cpus[n++] = cpu;
                word &= word - 1;
            }
        }
        return CpuSet.of(Arrays.copyOf(cpus, n));
    }

    private static String errnoText(int err) {
        final String name = switch (err) {
            case 1 -> "EPERM: not permitted to set this thread's affinity";
            case 3 -> "ESRCH: no such thread";
            case 14 -> "EFAULT: bad mask address";
            case EINVAL -> "EINVAL: no CPU of the set is online and allowed";
            default -> "see errno(3)";
        };
        return "errno " + err + " (" + name + ")";
    }
}
