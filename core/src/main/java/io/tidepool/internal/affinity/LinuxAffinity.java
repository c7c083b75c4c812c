package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Thread affinity on Linux without native code: {@code /proc} to read, the util-linux tool
 * {@code taskset} to write.
 *
 * <p>Why no native library: {@code net.openhft:affinity} (through JNA) and JNA itself print
 * warnings a library must not cause: SLF4J's "No providers" lines on every JDK, and on JDK 24+
 * the JEP 472 "restricted method System::load" warning unless the application adds
 * {@code --enable-native-access}. tidepool runs on JDK 17 and 25 with no flags and no warnings,
 * and a thread is pinned only once in its life, so an exec per pin is affordable.
 *
 * <ul>
 *   <li>Thread id: {@code readlink /proc/thread-self} gives {@code <pid>/task/<tid>}.</li>
 *   <li>Pin: {@code taskset -p -c <cpu list> <tid>} ({@code sched_setaffinity} on that thread);
 *       the exit code is checked and the tool's stderr goes into the exception message. An exec
 *       costs about a millisecond or more (fork/exec of a small binary), which is why tidepool
 *       pins a thread once, when it starts, and never on a hot path.</li>
 *   <li>Current CPU: field 39 ({@code processor}) of {@code /proc/thread-self/stat}, counted
 *       after the last {@code ')'} since the command name may hold blanks and parentheses.</li>
 *   <li>Allowed CPUs: {@code Cpus_allowed_list} of {@code /proc/self/status} (process) or
 *       {@code /proc/thread-self/status} (thread).</li>
 *   <li>NUMA node: the {@code nodeM} entry of {@code /sys/devices/system/cpu/cpuN/} when
 *       {@code /sys/devices/system/node} lists several nodes, else 0.</li>
 * </ul>
 */
public final class LinuxAffinity implements AffinityBackend {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final Path CPU_DIR = Path.of("/sys/devices/system/cpu");
    private static final Path NODE_DIR = Path.of("/sys/devices/system/node");
    /** Field number of {@code processor} in {@code /proc/<tid>/stat} (proc(5)), 1-based. */
    private static final int PROCESSOR_FIELD = 39;
    private static final long TASKSET_TIMEOUT_SECONDS = 30;

    private final Path taskset;
    private final boolean severalNodes;

    private LinuxAffinity(Path taskset) {
        this.taskset = taskset;
        this.severalNodes = countNodes() > 1;
    }

    /**
     * The Linux backend if this system has what it needs, else an {@link UnsupportedAffinity}
     * saying what is missing.
     *
     * @return a backend; never null
     */
    public static AffinityBackend detect() {
        final String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) {
            return new UnsupportedAffinity("not Linux (os.name=" + os + ")");
        }
        if (!Files.isSymbolicLink(THREAD_SELF)) {
            return new UnsupportedAffinity("/proc/thread-self is missing (Linux 3.17+ with /proc)");
        }
        final Path tool = findOnPath("taskset");
        if (tool == null) {
            return new UnsupportedAffinity("the taskset tool (util-linux) is not on the PATH");
        }
        return new LinuxAffinity(tool);
    }

    @Override
    public String name() {
        return "linux-taskset";
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
        if (cpus.isEmpty()) {
            throw new AffinityException("cannot pin to an empty CPU set");
        }
        final long tid = currentTid();
        final List<String> cmd = List.of(taskset.toString(), "-p", "-c", cpus.toString(),
                Long.toString(tid));
        final Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AffinityException("could not run " + String.join(" ", cmd) + ": " + e, e);
        }
        try (InputStream err = p.getErrorStream()) {
            final String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(TASKSET_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AffinityException(String.join(" ", cmd) + " did not finish in "
                        + TASKSET_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new AffinityException(String.join(" ", cmd) + " failed with exit code "
                        + p.exitValue() + (stderr.isEmpty() ? "" : ": " + stderr));
            }
        } catch (IOException e) {
            throw new AffinityException("could not read the output of " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AffinityException("interrupted while running " + String.join(" ", cmd), e);
        }
    }

    @Override
    public CpuSet currentThreadAllowed() {
        return allowedList(THREAD_SELF.resolve("status"));
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

    private static CpuSet allowedList(Path status) {
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

    private static Path findOnPath(String tool) {
        final String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            final Path p = Path.of(dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
