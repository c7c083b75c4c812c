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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application that uses core without pinned mode links into a custom runtime image:
 * compiles a module {@code demo} that {@code requires io.tidepool}, runs the {@code jlink} of
 * this test's own JDK on it, core's jar (a multi-release jar like the published one, made from
 * the compiled classes) and whatever jars io.tidepool requires (none today: core needs only the
 * JDK), then runs the image's own {@code java}. jlink refuses automatic modules, so this fails
 * if core requires one (Agrona, before it became optional) or loses its module descriptor.
 */
@Timeout(300)
class JlinkTest {
    private static final String MODULE_INFO = "module demo {\n    requires io.tidepool;\n}\n";

    private static final String MAIN = String.join("\n",
            "package demo;",
            "",
            "import io.tidepool.ThreadPool;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.TimeUnit;",
            "import java.util.stream.Collectors;",
            "",
            "public final class Main {",
            "    public static void main(String[] args) throws Exception {",
            "        final int n = 1000;",
            "        final int answer;",
            "        try (ThreadPool pool = ThreadPool.builder().poolSize(2).build()) {",
            "            final CountDownLatch done = new CountDownLatch(n);",
            "            for (int i = 0; i < n; i++) {",
            "                pool.execute(done::countDown);",
            "            }",
            "            if (!done.await(30, TimeUnit.SECONDS)) {",
            "                throw new IllegalStateException(\"tasks did not run: \" + pool);",
            "            }",
            "            answer = CompletableFuture.supplyAsync(() -> 21, pool)",
            "                    .thenApplyAsync(x -> x * 2, pool).get(30, TimeUnit.SECONDS);",
            "        }",
            "        System.out.println(\"answer=\" + answer);",
            "        System.out.println(\"home=\" + System.getProperty(\"java.home\"));",
            "        System.out.println(\"modules=\" + ModuleLayer.boot().modules().stream()",
            "                .map(Module::getName).sorted().collect(Collectors.joining(\",\")));",
            "    }",
            "}",
            "");

    @Test
    void anApplicationWithoutPinnedModeShouldLinkIntoAnImageThatRunsAPool() throws Exception {
        final Path jlink = Paths.get(System.getProperty("java.home"), "bin", "jlink");
        assumeTrue(Files.isExecutable(jlink), "no jlink in this runtime: " + jlink);
        final Path coreClasses = ChildJvm.codeLocation(ThreadPool.class);
        final Path work = coreClasses.getParent().resolve("jlink-demo");
        ChildJvm.deleteRecursively(work);
        final Path mods = Files.createDirectories(work.resolve("mods"));

        final List<Path> modulePath = new ArrayList<>();
        modulePath.add(multiReleaseJar(coreClasses, mods.resolve("tidepool-core.jar")));
        modulePath.addAll(ChildJvm.required(coreClasses));
        final Path demo = compileDemo(work, modulePath);
        modulePath.add(0, demo);
        final String mp = modulePath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));

        final Path image = work.resolve("image");
        final ChildJvm.Run link = ChildJvm.run(List.of(jlink.toString(),
                "--module-path", mp, "--add-modules", "demo", "--output", image.toString(),
                "--strip-debug", "--no-header-files", "--no-man-pages"), work);
        link.assertSucceeded();

        final Path java = image.resolve("bin").resolve("java");
        assertTrue(Files.isExecutable(java), () -> "no java in the image\n" + link.report());
        final ChildJvm.Run run = ChildJvm.run(List.of(java.toString(), "-m", "demo/demo.Main"), work);
        run.assertSucceeded();
        final String report = run.report();
        assertEquals("", run.stderr(), () -> "stderr must be empty\n" + report);
        final List<String> lines = run.stdout().lines().collect(Collectors.toList());
        assertEquals(3, lines.size(), report);
        assertEquals("answer=42", lines.get(0), report);
        assertEquals("home=" + image.toRealPath(), "home=" + Paths.get(lines.get(1).substring(5)).toRealPath(),
                report);
        final List<String> modules = List.of(lines.get(2).substring("modules=".length()).split(","));
        assertTrue(modules.containsAll(List.of("demo", "io.tidepool")), report);
        // core needs no third-party module: the image holds JDK modules and these two only
        final List<String> foreign = modules.stream()
                .filter(m -> !m.equals("demo") && !m.equals("io.tidepool") && !m.startsWith("java.")
                        && !m.startsWith("jdk."))
                .collect(Collectors.toList());
        assertEquals(List.of(), foreign, report);
    }

    /** Compiles the demo module against {@code modulePath}; returns its classes directory. */
    private static Path compileDemo(Path work, List<Path> modulePath) throws IOException {
        final Path src = Files.createDirectories(work.resolve("src/demo"));
        Files.writeString(work.resolve("src/module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("Main.java"), MAIN);
        final Path out = Files.createDirectories(work.resolve("demo-classes"));
        // javac through java.base's tool SPI, as NamedModuleTest explains
        final ToolProvider javac = ToolProvider.findFirst("javac").orElse(null);
        assertNotNull(javac, "no javac tool in this runtime (tests need a JDK)");
        final StringWriter diagnostics = new StringWriter();
        final PrintWriter w = new PrintWriter(diagnostics, true);
        final int status = javac.run(w, w, "--release", "17", "--module-path",
                modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-d", out.toString(),
                work.resolve("src/module-info.java").toString(), src.resolve("Main.java").toString());
        assertEquals(0, status, () -> "demo module did not compile:\n" + diagnostics);
        return out;
    }

    /**
     * Jars {@code classes} as the build's jar plugin does: a {@code Multi-Release} manifest,
     * so a jlink older than a {@code META-INF/versions} release ignores those classes.
     */
    private static Path multiReleaseJar(Path classes, Path jar) throws IOException {
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                final String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
