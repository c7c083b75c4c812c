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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins by running the util-linux tool: {@code taskset -p -c <cpu list> <tid>}
 * ({@code sched_setaffinity} on that thread), and reads the thread's allowed CPUs from
 * {@code Cpus_allowed_list} of {@code /proc/thread-self/status}. The exit code is checked and
 * the tool's stderr goes into the exception message.
 *
 * <p>An exec costs a millisecond or more (fork/exec of a small binary; 1 to 7 ms measured on a
 * loaded machine), which is why tidepool pins a thread once, when it starts, and never on a hot
 * path; the FFM pinner ({@link NativeAffinity}) replaces it on JDK 22+ when the application
 * enables native access.
 */
final class TasksetPinner implements ThreadPinner {
    private static final long TASKSET_TIMEOUT_SECONDS = 30;

    private final Path taskset;

    private TasksetPinner(Path taskset) {
        this.taskset = taskset;
    }

    /**
     * The pinner if {@code taskset} is on the {@code PATH} (or in {@code /usr/bin}, {@code /bin}).
     *
     * @return the pinner, or null if there is no {@code taskset}
     */
    static TasksetPinner find() {
        final String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            final Path p = Path.of(dir, "taskset");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return new TasksetPinner(p);
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "linux-taskset";
    }

    @Override
    public void pinCurrentThread(CpuSet cpus) {
        if (cpus.isEmpty()) {
            throw new AffinityException("cannot pin to an empty CPU set");
        }
        final long tid = LinuxAffinity.currentTid();
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
        return LinuxAffinity.allowedList(LinuxAffinity.THREAD_SELF.resolve("status"));
    }
}
