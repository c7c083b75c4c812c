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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Micrometer is an optional dependency: only {@code io.tidepool.micrometer} may refer to it, a
 * pool runs with no Micrometer on the class path, and a pool that is never bound loads no
 * Micrometer class even when Micrometer is there.
 */
@Timeout(180)
class OptionalMicrometerTest {
    private static final String MICROMETER = "io/micrometer/";
    private static final String BINDER_PACKAGE = "io/tidepool/micrometer/";

    @Test
    void onlyTheMicrometerPackageShouldReferToMicrometer() throws Exception {
        final Path classes = ChildJvm.codeLocation(ThreadPool.class);
        final List<String> offenders = new ArrayList<>();
        final List<String> binderRefs = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                scanned++;
                final String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                // class names in a constant pool are UTF-8 ("modified", the same for ASCII)
                final boolean refers = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                        .contains(MICROMETER);
                if (refers && name.startsWith(BINDER_PACKAGE)) {
                    binderRefs.add(name);
                } else if (refers && !name.equals("module-info.class")) {
                    offenders.add(name);
                }
            }
        }
        assertTrue(scanned > 50, "only " + scanned + " classes under " + classes);
        assertEquals(List.of(), offenders, "classes outside " + BINDER_PACKAGE + " refer to Micrometer");
        // the scan sees a reference where there is one
        assertTrue(binderRefs.contains(BINDER_PACKAGE + "TidepoolMetrics.class"), binderRefs::toString);
    }

    @Test
    void aPoolShouldRunWithoutMicrometerOnTheClassPath() throws Exception {
        final String out = runChild(false, List.of(), "probe");
        assertEquals("polls=100 micrometer=absent", out.strip());
    }

    @Test
    void aPoolNeverBoundShouldLoadNoMicrometerClass() throws Exception {
        final Path work = workDir("with-micrometer");
        final Path log = work.resolve("class-load.txt");
        final String out = runChild(true, List.of("-Xlog:class+load=info:file=" + log), "no-probe");
        assertEquals("polls=100 micrometer=unprobed", out.strip());
        final List<String> loaded = Files.readAllLines(log);
        // the log works: it shows the pool's own classes
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.tidepool.ThreadPool ")),
                () -> "no io.tidepool.ThreadPool in the class-load log " + log);
        final List<String> micrometer = loaded.stream().filter(l -> l.contains("io.micrometer."))
                .collect(Collectors.toList());
        assertEquals(List.of(), micrometer, "Micrometer classes loaded by a pool never bound");
    }

    /**
     * Runs {@link NoMicrometerChild} in a JVM of this test's {@code java.home} on a class path
     * of core's classes, its required jars, this test's classes and, if asked, Micrometer's jar.
     */
    private static String runChild(boolean withMicrometer, List<String> jvmArgs, String arg)
            throws Exception {
        final Path coreClasses = ChildJvm.codeLocation(ThreadPool.class);
        final List<Path> classPath = new ArrayList<>();
        classPath.add(coreClasses);
        classPath.addAll(ChildJvm.required(coreClasses));
        classPath.add(ChildJvm.codeLocation(NoMicrometerChild.class));
        if (withMicrometer) {
            classPath.add(ChildJvm.codeLocation(MeterRegistry.class));
        }
        final String cp = classPath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        final Path work = workDir(withMicrometer ? "with-micrometer" : "without-micrometer");
        final List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", cp, NoMicrometerChild.class.getName(), arg));
        final ChildJvm.Run run = ChildJvm.run(command, work);
        run.assertSucceeded();
        final String o = run.stdout();
        assertFalse(o.isEmpty(), run::report);
        return o;
    }

    private static Path workDir(String name) throws Exception {
        final Path dir = ChildJvm.codeLocation(ThreadPool.class).getParent()
                .resolve("optional-micrometer").resolve(name);
        Files.createDirectories(dir);
        return dir;
    }
}
