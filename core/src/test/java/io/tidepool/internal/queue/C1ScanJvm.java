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

package io.tidepool.internal.queue;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * Runs a fault scan in a JVM of its own, compiled by C1 only, for the stack-limit scans of
 * {@link LaneQueueFaultTest} and {@link DequeFaultTest}: in a JVM where a queue's callees are
 * already compiled and inlined by C2, their calls may need no more stack than a frame of the
 * dive, so no dive overflows inside them and the scan shows nothing (seen in a full build).
 */
final class C1ScanJvm {
    /** Longest a child JVM's scan may take. */
    static final long CHILD_SECONDS = 120;

    private C1ScanJvm() {}

    /**
     * Runs {@code main}'s {@code main(scan)} in a C1-only JVM of this JVM's runtime, with the
     * queue classes, the test classes and JUnit's assertions on its class path.
     *
     * @param main the child's main class, a test class of this package
     * @param scan the scan's name, the child's one argument
     * @return the child's output (standard output and error), then a line {@code exit status N}
     */
    static String run(Class<?> main, String scan) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String classPath = String.join(File.pathSeparator,
                codeLocation(Inbox.class), codeLocation(main),
                codeLocation(Assertions.class),
                codeLocation(Class.forName("org.opentest4j.AssertionFailedError")),
                codeLocation(Class.forName("org.junit.platform.commons.util.StringUtils")));
        final Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classPath,
                main.getName(), scan).redirectErrorStream(true).start();
        final CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = child.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "unreadable output: " + e;
            }
        });
        if (!child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the " + scan + " scan did not end within " + CHILD_SECONDS + " s");
        }
        return output.get(CHILD_SECONDS, TimeUnit.SECONDS) + "\nexit status " + child.exitValue();
    }

    /** Recurses until the stack overflows, then runs {@code action} once, {@code frame} frames up. */
    static void atFrame(int frame, Runnable action) {
        new Object() {
            int down() {
                int above;
                try {
                    above = down();
                } catch (StackOverflowError limit) {
                    above = 0;
                }
                if (above == frame) {
                    action.run();
                }
                return above + 1;
            }
        }.down();
    }

    private static String codeLocation(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
