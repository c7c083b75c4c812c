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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Thread affinity on Linux: {@code /proc} and {@code /sys} to read, a {@link ThreadPinner} to
 * pin. The pinner calls {@code sched_setaffinity} through the FFM API on JDK 22+ when the
 * application enabled native access for tidepool ({@link NativeAffinity}, backend name
 * {@code linux-ffm}), and runs the util-linux tool {@code taskset} otherwise ({@link
 * TasksetPinner}, {@code linux-taskset}).
 *
 * <p>Why no native library: {@code net.openhft:affinity} (through JNA) and JNA itself print
 * warnings a library must not cause: SLF4J's "No providers" lines on every JDK, and on JDK 24+
 * the JEP 472 "restricted method System::load" warning unless the application adds
 * {@code --enable-native-access}. tidepool runs on JDK 17 and 25 with no flags and no warnings:
 * the FFM pinner is used only when native access is already enabled for tidepool's module (or
 * the unnamed module, on the class path), checked before any restricted method is called, so
 * without the flag there is no warning, only a DEBUG line on the {@code io.tidepool.affinity}
 * {@link System.Logger} saying why {@code taskset} is used.
 *
 * <ul>
 *   <li>Thread id: {@code readlink /proc/thread-self} gives {@code <pid>/task/<tid>}.</li>
 *   <li>Pin: see the two pinners; a thread is pinned once, when it starts.</li>
 *   <li>Current CPU: field 39 ({@code processor}) of {@code /proc/thread-self/stat}, counted
 *       after the last {@code ')'} since the command name may hold blanks and parentheses.</li>
 *   <li>Allowed CPUs: {@code Cpus_allowed_list} of {@code /proc/self/status} (process); the
 *       pinner reads the thread's ({@code sched_getaffinity} or
 *       {@code /proc/thread-self/status}).</li>
 *   <li>NUMA node: the {@code nodeM} entry of {@code /sys/devices/system/cpu/cpuN/} when
 *       {@code /sys/devices/system/node} lists several nodes, else 0.</li>
 * </ul>
 */
public final class LinuxAffinity implements AffinityBackend {
    static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final System.Logger LOG = System.getLogger("io.tidepool.affinity");
    private static final Path CPU_DIR = Path.of("/sys/devices/system/cpu");
    private static final Path NODE_DIR = Path.of("/sys/devices/system/node");
    /** Field number of {@code processor} in {@code /proc/<tid>/stat} (proc(5)), 1-based. */
    private static final int PROCESSOR_FIELD = 39;

    private final ThreadPinner pinner;
    private final String nativeUnavailable;
    private final boolean severalNodes;

    private LinuxAffinity(ThreadPinner pinner, String nativeUnavailable) {
        this.pinner = pinner;
        this.nativeUnavailable = nativeUnavailable;
        this.severalNodes = countNodes() > 1;
    }

    /**
     * The Linux backend if this system has what it needs, else an {@link UnsupportedAffinity}
     * saying what is missing. The native pinner is preferred; {@code taskset} is the fallback.
     *
     * @return a backend; never null
     */
    public static AffinityBackend detect() {
        final String missing = missingPlatform();
        if (missing != null) {
            return new UnsupportedAffinity(missing);
        }
        final String[] why = new String[1];
        final ThreadPinner ffm = NativeAffinity.load(reason -> why[0] = reason);
        if (ffm != null) {
            LOG.log(System.Logger.Level.DEBUG, "pinning threads with sched_setaffinity (FFM)");
            return new LinuxAffinity(ffm, null);
        }
        final TasksetPinner taskset = TasksetPinner.find();
        if (taskset == null) {
            return new UnsupportedAffinity("the taskset tool (util-linux) is not on the PATH, and "
                    + why[0]);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "pinning threads with taskset: " + why[0]);
        return new LinuxAffinity(taskset, why[0]);
    }

    /**
     * The Linux backend with the {@code taskset} pinner whatever the JDK, for tests of that path.
     *
     * @return the backend, or an {@link UnsupportedAffinity} saying what is missing
     */
    static AffinityBackend detectTaskset() {
        final String missing = missingPlatform();
        final TasksetPinner taskset = missing == null ? TasksetPinner.find() : null;
        if (taskset == null) {
            return new UnsupportedAffinity(missing != null ? missing
                    : "the taskset tool (util-linux) is not on the PATH");
        }
        return new LinuxAffinity(taskset, "taskset chosen by the caller");
    }

    private static String missingPlatform() {
        final String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) {
            return "not Linux (os.name=" + os + ")";
        }
        if (!Files.isSymbolicLink(THREAD_SELF)) {
            return "/proc/thread-self is missing (Linux 3.17+ with /proc)";
        }
        return null;
    }

    /**
     * Why threads are pinned with {@code taskset} rather than natively, or null when they are
     * pinned natively (also logged at DEBUG when the backend is detected).
     *
     * @return the reason, or null
     */
    public String nativeUnavailableReason() {
        return nativeUnavailable;
    }

    @Override
    public String name() {
        return pinner.name();
    }

    @Override
    public String unsupportedReason() {
        return null;
    }

    @Override
    public CpuSet processAllowed() {
        return allowedList(Path.of("/proc/self/status"));
    }

    @Override
    public CpuSet present() {
        try {
            return CpuSet.parse(Files.readString(CPU_DIR.resolve("present")));
        } catch (IOException e) {
            return processAllowed();
        }
    }

    @Override
    public void pinCurrentThread(CpuSet cpus) {
        pinner.pinCurrentThread(cpus);
    }

    @Override
    public CpuSet currentThreadAllowed() {
        return pinner.currentThreadAllowed();
    }

    @Override
    public int currentCpu() {
        try {
            final String stat = Files.readString(THREAD_SELF.resolve("stat"));
            return processorField(stat);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public int numaNode(int cpu) {
        if (!severalNodes) {
            return 0;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(CPU_DIR.resolve("cpu" + cpu),
                "node[0-9]*")) {
            for (Path p : dir) {
                return Integer.parseInt(p.getFileName().toString().substring(4));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The {@code processor} field of a {@code stat} line.
     *
     * @param stat the content of {@code /proc/<pid>/task/<tid>/stat}
     * @return the CPU number
     * @throws IllegalArgumentException if the line has too few fields
     */
    static int processorField(String stat) {
        // fields 1 and 2 are "pid (comm)"; comm may contain ") ", so count from the last ')'
        final String[] rest = stat.substring(stat.lastIndexOf(')') + 1).strip().split(" ");
        final int index = PROCESSOR_FIELD - 3;
        if (rest.length <= index) {
            throw new IllegalArgumentException("short stat line: " + stat);
        }
        return Integer.parseInt(rest[index]);
    }

    /** {@return the kernel's id of the calling thread} */
    static long currentTid() {
        try {
            final String link = Files.readSymbolicLink(THREAD_SELF).toString();
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code Cpus_allowed_list} of a {@code status} file of {@code /proc}.
     *
     * @param status the file
     * @return the CPUs listed
     */
    static CpuSet allowedList(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return CpuSet.parse(line.substring("Cpus_allowed_list:".length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no Cpus_allowed_list in " + status);
    }

    private static int countNodes() {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(NODE_DIR, "node[0-9]*")) {
            int n = 0;
            for (Path ignored : dir) {
                n++;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }
}
