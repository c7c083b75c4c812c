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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.pinned.CpuSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Native pinning on JDK 22+, run by failsafe against the multi-release jar on a JDK 22+ JVM with
 * {@code --enable-native-access=io.tidepool} (see core's pom); the class-path cases run in child
 * JVMs of the same JDK, with and without {@code --enable-native-access=ALL-UNNAMED}. The
 * condition keeps it out of surefire runs that pick it up through a {@code -Dtest} pattern: they
 * run the classes from a directory, where no JVM uses the JDK 22 classes.
 */
@EnabledIfSystemProperty(named = "tidepool.core.jar", matches = ".+")
class NativeAffinityIT {
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @Test
    void shouldPinThroughSchedSetaffinityWhenNativeAccessIsEnabled() throws Exception {
        final AffinityBackend backend = Affinities.backend();
        assertEquals("linux-ffm", backend.name(), () -> "backend " + backend.name() + ": "
                + ((LinuxAffinity) backend).nativeUnavailableReason());
        final CpuSet allowed = backend.processAllowed();
        final CpuSet last = CpuSet.of(allowed.cpu(allowed.size() - 1));
        final AtomicReference<Object> result = new AtomicReference<>();
        final Thread t = new Thread(() -> {
            try {
                final List<CpuSet> seen = new ArrayList<>();
                for (CpuSet target : List.of(last, allowed)) {
                    backend.pinCurrentThread(target);
                    seen.add(procStatusOfThisThread());
                    seen.add(backend.currentThreadAllowed());
                }
                result.set(seen);
            } catch (Throwable e) {
                result.set(e);
            }
        }, "ffm-pin-test");
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(CHILD_TIMEOUT_SECONDS));
        assertTrue(result.get() instanceof List, () -> "pin failed: " + result.get());
        // kernel's view (/proc) and sched_getaffinity, after pinning to one CPU and then to all
        assertEquals(List.of(last, last, allowed, allowed), result.get());
    }

    @Test
    void shouldReportTheKernelsRefusalWithErrno() throws Exception {
        final AffinityBackend backend = Affinities.backend();
        assertEquals("linux-ffm", backend.name());
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        final Thread t = new Thread(() -> {
            try {
                final CpuSet before = backend.currentThreadAllowed();
                final AffinityException e = assertThrows(AffinityException.class,
                        () -> backend.pinCurrentThread(CpuSet.of(CpuSet.MAX_CPU)));
                outcome.complete(List.of(e.getMessage(), before, backend.currentThreadAllowed()));
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        final Object r = outcome.get(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(r instanceof List, () -> "unexpected: " + r);
        final List<?> list = (List<?>) r;
        final String message = (String) list.get(0);
        assertTrue(message.contains("EINVAL") && message.contains("65535"), message);
        assertEquals(list.get(1), list.get(2), "a refused pin left the affinity unchanged");
    }

    @Test
    void shouldFallBackToTasksetWithoutAWarningWhenNativeAccessIsNotEnabled() throws Exception {
        final Child child = runProbe();
        assertEquals("", child.stderr, "stderr of a JVM without --enable-native-access");
        assertTrue(child.stdout.contains("backend=linux-taskset\n"), child.stdout);
        assertTrue(child.stdout.contains("reason=native access is not enabled for the class path"),
                child.stdout);
        assertTrue(child.stdout.contains("pinned="), child.stdout);
    }

    @Test
    void shouldPinNativelyOnTheClassPathWithEnableNativeAccessAllUnnamed() throws Exception {
        final Child child = runProbe("--enable-native-access=ALL-UNNAMED");
        assertEquals("", child.stderr, "stderr of a JVM with --enable-native-access=ALL-UNNAMED");
        assertTrue(child.stdout.contains("backend=linux-ffm\nreason=null\n"), child.stdout);
        final CpuSet allowed = Affinities.backend().processAllowed();
        assertTrue(child.stdout.contains("pinned=" + allowed.cpu(allowed.size() - 1) + "\n"),
                child.stdout);
    }

    private static CpuSet procStatusOfThisThread() {
        final Path status = Path.of("/proc/self/task/" + LinuxAffinity.currentTid() + "/status");
        return LinuxAffinity.allowedList(status);
    }

    private record Child(String stdout, String stderr) {}

    /** Runs {@link AffinityProbe} on the class path (the jar and the test classes) of this JDK. */
    private static Child runProbe(String... jvmFlags) throws Exception {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmFlags));
        cmd.add("-cp");
        cmd.add(property("tidepool.core.jar") + java.io.File.pathSeparator
                + property("tidepool.test.classes"));
        cmd.add(AffinityProbe.class.getName());
        final Process p = new ProcessBuilder(cmd).start();
        final CompletableFuture<String> err = CompletableFuture.supplyAsync(
                () -> read(p.getErrorStream()));
        final String out = read(p.getInputStream());
        assertTrue(p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS), "child JVM timed out");
        final String stderr = err.get(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + "\n" + out + stderr);
        return new Child(out, stderr);
    }

    private static String property(String name) {
        final String value = System.getProperty(name);
        assertTrue(value != null && Files.exists(Path.of(value)),
                () -> "system property " + name + " (set by core's pom): " + value);
        return value;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
