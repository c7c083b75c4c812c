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

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application in a named module uses the pool as a user would: compiles a tiny module
 * {@code demo} that {@code requires io.tidepool}, then runs it in a child JVM of the same
 * {@code java.home} as this test (so on JDK 17, and on JDK 25 in the {@code jdk25-tests}
 * execution) with only the module path: core's classes plus every jar io.tidepool requires,
 * found on this test's own path. The child must print the expected result and nothing at all on
 * stderr (no warning of any kind: illegal access, Unsafe deprecation, JMX, JFR).
 */
@Timeout(180)
class NamedModuleTest {
    private static final String MODULE_INFO = String.join("\n",
            "module demo {",
            "    requires io.tidepool;",
            "    requires java.management;",
            "}",
            "");

    private static final String MAIN = String.join("\n",
            "package demo;",
            "",
            "import io.tidepool.PoolMetrics;",
            "import io.tidepool.ThreadPool;",
            "import java.lang.management.ManagementFactory;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.TimeUnit;",
            "import javax.management.ObjectName;",
            "",
            "public final class Main {",
            "    public static void main(String[] args) throws Exception {",
            "        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix(\"jpms-demo\")",
            "                .jmx(true).pollTimeHistogram(true).scheduleLatencyHistogram(true).build();",
            "        final int n = 1000;",
            "        final CountDownLatch done = new CountDownLatch(n);",
            "        for (int i = 0; i < n; i++) {",
            "            pool.execute(done::countDown);",
            "        }",
            "        if (!done.await(30, TimeUnit.SECONDS)) {",
            "            throw new IllegalStateException(\"tasks did not run: \" + pool);",
            "        }",
            "        final int answer = CompletableFuture.supplyAsync(() -> 21, pool)",
            "                .thenApplyAsync(x -> x * 2, pool).get(30, TimeUnit.SECONDS);",
            "        // a worker publishes its counts when its queues run dry, which may come just",
            "        // after the last task's countDown: wait (bounded) until they are in",
            "        final ObjectName name = new ObjectName(\"io.tidepool:type=ThreadPool,name=jpms-demo\");",
            "        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);",
            "        Object mbeanPolls = ManagementFactory.getPlatformMBeanServer().getAttribute(name, \"PollCount\");",
            "        while ((Long) mbeanPolls < n && System.nanoTime() < deadline) {",
            "            Thread.onSpinWait();",
            "            mbeanPolls = ManagementFactory.getPlatformMBeanServer().getAttribute(name, \"PollCount\");",
            "        }",
            "        pool.close();",
            "        final PoolMetrics m = pool.metrics();",
            "        System.out.println(\"answer=\" + answer",
            "                + \" polls=\" + m.pollCount()",
            "                + \" mbean=\" + ((Long) mbeanPolls >= n)",
            "                + \" histogram=\" + m.scheduleLatencyHistogram().orElseThrow().totalCount()",
            "                + \" terminated=\" + pool.isTerminated()",
            "                + \" module=\" + ThreadPool.class.getModule().getName()",
            "                + \" self=\" + Main.class.getModule().getName());",
            "    }",
            "}",
            "");

    @Test
    void shouldRunFromANamedModuleWithAnEmptyStderr() throws Exception {
        final Path coreClasses = ChildJvm.codeLocation(ThreadPool.class);
        assertTrue(Files.isDirectory(coreClasses), "core classes are not a directory: " + coreClasses);
        final Path work = coreClasses.getParent().resolve("jpms-demo");
        ChildJvm.deleteRecursively(work);
        final Path src = Files.createDirectories(work.resolve("src/demo"));
        Files.writeString(work.resolve("src/module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("Main.java"), MAIN);
        final Path out = Files.createDirectories(work.resolve("classes"));

        final List<Path> modulePath = new ArrayList<>();
        modulePath.add(coreClasses);
        modulePath.addAll(ChildJvm.required(coreClasses));
        final String mp = modulePath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));

        // javac in this JVM through java.base's tool SPI: javax.tools lives in java.compiler,
        // which the patched test module io.tidepool does not read
        final ToolProvider javac = ToolProvider.findFirst("javac").orElse(null);
        assertNotNull(javac, "no javac tool in this runtime (tests need a JDK)");
        final StringWriter diagnostics = new StringWriter();
        final PrintWriter w = new PrintWriter(diagnostics, true);
        final int status = javac.run(w, w, "--release", "17", "--module-path", mp,
                "-d", out.toString(),
                work.resolve("src/module-info.java").toString(), src.resolve("Main.java").toString());
        assertEquals(0, status, () -> "demo module did not compile:\n" + diagnostics);

        final ChildJvm.Run run = ChildJvm.run(List.of(ChildJvm.java(),
                "--module-path", out + File.pathSeparator + mp,
                "-m", "demo/demo.Main"), work);
        run.assertSucceeded();
        final String o = run.stdout();
        final String e = run.stderr();
        final String report = run.report();
        assertEquals("", e, () -> "stderr must be empty\n" + report);
        assertTrue(o.startsWith("answer=42 polls="), report);
        assertTrue(o.contains(" mbean=true histogram="), report);
        assertTrue(o.contains(" terminated=true module=io.tidepool self=demo"), report);
        // 1000 tasks + the two async stages, each run once, each with one latency value
        final long polls = Long.parseLong(field(o, "polls"));
        assertTrue(polls >= 1002, report);
        assertEquals(polls, Long.parseLong(field(o, "histogram")), report);
    }

    private static String field(String line, String name) {
        final int start = line.indexOf(" " + name + "=") + name.length() + 2;
        int end = line.indexOf(' ', start);
        return line.substring(start, end < 0 ? line.length() : end).trim();
    }
}
