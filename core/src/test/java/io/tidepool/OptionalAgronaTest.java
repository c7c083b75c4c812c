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

import io.tidepool.internal.reactor.ReactorIdles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Agrona is an optional dependency: on a class path of core's classes and the jars io.tidepool
 * requires (so without Agrona), a default pool and a pinned pool with the built-in idle
 * strategy run and load no Agrona class, and a pinned pool given an idle strategy fails
 * {@code build()} with the dependency to add.
 */
@Timeout(180)
class OptionalAgronaTest {
    @Test
    void onlyTheAdapterShouldReferToAgrona() throws Exception {
        final Path classes = ChildJvm.codeLocation(ThreadPool.class);
        final List<String> refer = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                // class names in a constant pool are UTF-8 ("modified", the same for ASCII)
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("org/agrona/")) {
                    refer.add(classes.relativize(f).toString().replace(File.separatorChar, '/'));
                }
            }
        }
        refer.sort(null);
        // ThreadPoolBuilder: only in the generic signature of idleStrategy(Supplier), which the
        // JVM never resolves (the child JVMs below load the builder without Agrona)
        assertEquals(List.of("io/tidepool/ThreadPoolBuilder.class",
                "io/tidepool/internal/reactor/AgronaIdle.class"), refer);
    }

    @Test
    void aDefaultPoolShouldRunAndLoadNoAgronaClass() throws Exception {
        assertEquals("default ran=100", runChild("default").strip());
    }

    @Test
    void aPinnedPoolShouldUseTheBuiltInIdleStrategyWithoutAgrona() throws Exception {
        assertEquals("pinned ran=100 core=true", runChild("pinned").strip());
    }

    @Test
    void anIdleStrategyWithoutAgronaShouldFailBuildNamingTheDependency() throws Exception {
        final String out = runChild("strategy").strip();
        assertTrue(out.startsWith("strategy refused: idleStrategy needs Agrona"), out);
        assertTrue(out.contains("add org.agrona:agrona:" + ReactorIdles.AGRONA_VERSION
                + " to the class path"), out);
    }

    @Test
    void theVersionNamedInTheMessageShouldBeTheOneTidepoolIsBuiltWith() throws Exception {
        // the Agrona jar on this test's path is the pom's agrona.version
        final String jar = ChildJvm.codeLocation(IdleStrategy.class).getFileName().toString();
        assertEquals("agrona-" + ReactorIdles.AGRONA_VERSION + ".jar", jar);
    }

    /**
     * Runs {@link NoAgronaChild} with {@code mode} in a JVM of this test's {@code java.home}
     * with class loading logged, checks that the log works and names no Agrona class.
     */
    private static String runChild(String mode) throws Exception {
        final Path coreClasses = ChildJvm.codeLocation(ThreadPool.class);
        final List<Path> classPath = new ArrayList<>();
        classPath.add(coreClasses);
        classPath.addAll(ChildJvm.required(coreClasses));
        classPath.add(ChildJvm.codeLocation(NoAgronaChild.class));
        final Path agrona = ChildJvm.codeLocation(IdleStrategy.class);
        assertTrue(!classPath.contains(agrona), () -> "Agrona is required by core: " + classPath);
        final String cp = classPath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        final Path work = coreClasses.getParent().resolve("optional-agrona").resolve(mode);
        Files.createDirectories(work);
        final Path log = work.resolve("class-load.txt");
        final ChildJvm.Run run = ChildJvm.run(List.of(ChildJvm.java(),
                "-Xlog:class+load=info:file=" + log,
                "-cp", cp, NoAgronaChild.class.getName(), mode), work);
        run.assertSucceeded();
        final List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.tidepool.ThreadPoolBuilder ")),
                () -> "no io.tidepool.ThreadPoolBuilder in the class-load log " + log);
        final List<String> agronaClasses = loaded.stream().filter(l -> l.contains("org.agrona."))
                .collect(Collectors.toList());
        assertEquals(List.of(), agronaClasses, () -> "Agrona classes loaded\n" + run.report());
        return run.stdout();
    }
}
