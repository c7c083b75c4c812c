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

package io.tidepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs tidepool in a child JVM as a user's application would: finds core's compiled classes and
 * the jars of the modules it requires on this test's own class or module path, and runs a
 * {@code java} command of this test's {@code java.home} (so JDK 17, or 25 in the
 * {@code jdk25-tests} execution).
 */
public final class ChildJvm {
    /** How long a child may run. */
    private static final long TIMEOUT_SECONDS = 120;

    /** What a child JVM did: its command, whether it exited in time, its status and output. */
    public record Run(List<String> command, boolean exited, int status, String stdout,
            String stderr) {
        /** {@return everything about the run, for an assertion message} */
        public String report() {
            return String.join(" ", command) + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }

        /** Fails the test unless the child exited in time with status 0. */
        public void assertSucceeded() {
            assertTrue(exited, () -> "child JVM did not exit\n" + report());
            assertEquals(0, status, () -> "child JVM failed\n" + report());
        }
    }

    private ChildJvm() {}

    /** {@return the java launcher of this JVM's own runtime} */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs {@code command}, its output going to files in {@code work}, for at most two minutes.
     *
     * @param command the launcher ({@link #java()}) and its arguments
     * @param work an existing directory for the output files
     * @return what the child did; a child still running at the deadline is killed
     */
    public static Run run(List<String> command, Path work)
            throws IOException, InterruptedException {
        final Path stdout = work.resolve("stdout.txt");
        final Path stderr = work.resolve("stderr.txt");
        final Process p = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        final boolean exited = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        return new Run(List.copyOf(command), exited, exited ? p.exitValue() : -1,
                Files.readString(stdout), Files.readString(stderr));
    }

    /** {@return the directory or jar a class was loaded from} */
    public static Path codeLocation(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The jars on this test's class path or module path that hold a module io.tidepool requires,
     * directly or transitively (by name: explicit modules, or automatic ones named after their
     * jar): core's runtime dependencies, whatever they are, and none of the test-only jars nor
     * the optional ({@code requires static}) ones.
     */
    static List<Path> required(Path coreClasses) {
        final Set<Path> entries = new LinkedHashSet<>();
        for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
            final String value = System.getProperty(prop);
            if (value != null && !value.isEmpty()) {
                for (String entry : value.split(File.pathSeparator)) {
                    final Path path = Paths.get(entry);
                    if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                        entries.add(path.toAbsolutePath());
                    }
                }
            }
        }
        final ModuleDescriptor core = ModuleFinder.of(coreClasses).find("io.tidepool")
                .map(ModuleReference::descriptor)
                .orElseThrow(() -> new AssertionError("no module-info.class in " + coreClasses));
        final List<Path> jars = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final Deque<ModuleDescriptor> todo = new ArrayDeque<>(List.of(core));
        while (!todo.isEmpty()) {
            for (ModuleDescriptor.Requires r : todo.pop().requires()) {
                final boolean optional = r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC);
                if (optional || ModuleFinder.ofSystem().find(r.name()).isPresent() || !seen.add(r.name())) {
                    continue;
                }
                final Optional<Path> jar = entries.stream()
                        .filter(j -> providesModule(j, r.name()))
                        .findFirst();
                assertTrue(jar.isPresent(), "no jar on the test path provides module " + r.name()
                        + " required by io.tidepool; path: " + entries);
                jars.add(jar.get());
                ModuleFinder.of(jar.get()).find(r.name()).ifPresent(m -> todo.push(m.descriptor()));
            }
        }
        return jars;
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    private static boolean providesModule(Path jar, String module) {
        try {
            return ModuleFinder.of(jar).find(module).isPresent();
        } catch (RuntimeException unreadable) {
            // FindException for a jar that cannot be a module (say, an invalid automatic name)
            return false;
        }
    }
}
