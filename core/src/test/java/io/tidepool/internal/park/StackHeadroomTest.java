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
package io.tidepool.internal.park;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link StackHeadroom#ensure()} throws at least as far from the end of the stack as the
 * recursion of {@link StackHeadroom#DEPTH} frames does compiled (the margin the wake path was
 * built and stress-tested with), in each of the JVM's modes: C2 after tiered compilation, C1
 * alone, the interpreter alone. Measured by {@link StackHeadroomRuler} in child JVMs of this
 * JVM's runtime, so the suite's run on each JDK measures that JDK.
 */
class StackHeadroomTest {
    private static final long CHILD_SECONDS = 120;
    private static final Pattern LINE =
            Pattern.compile("ensure=(-?\\d+) recursion=(-?\\d+) reserveFrame=(true|false)");

    /** One child's figures, in bytes. */
    private record Headroom(long ensure, long recursion, boolean reserveFrame, String output) {}

    @Test
    void shouldNeedAtLeastTheCompiledRecursionsHeadroomInEveryMode() throws Exception {
        final Headroom tiered = measure("-Xbatch");
        assertEquals(StackHeadroom.RESERVE_FRAME, tiered.reserveFrame(), tiered.output());
        // compiled by C2 the recursion is at its smallest: 40 frames of about 80 bytes
        assertTrue(tiered.recursion() > 2_000,
                () -> "the ruler measured no recursion\n" + tiered.output());
        assertTrue(tiered.ensure() >= tiered.recursion(),
                () -> "C2: ensure() needs less than the compiled recursion\n" + tiered.output());
        for (String mode : new String[] {"-XX:TieredStopAtLevel=1", "-Xint"}) {
            final Headroom h = measure(mode);
            assertTrue(h.ensure() >= tiered.recursion(), () -> mode + ": ensure() needs "
                    + h.ensure() + " bytes, less than the compiled recursion's "
                    + tiered.recursion() + "\n" + h.output());
        }
    }

    @Test
    void shouldReserveByFrameOnlyOnHotSpotsOwnCompilers() {
        assertTrue(StackHeadroom.reservesByFrame("OpenJDK 64-Bit Server VM", false));
        assertTrue(StackHeadroom.reservesByFrame("Java HotSpot(TM) 64-Bit Server VM", false));
        assertTrue(StackHeadroom.reservesByFrame("OpenJDK Client VM", false));
        assertFalse(StackHeadroom.reservesByFrame("OpenJDK 64-Bit Server VM", true));
        assertFalse(StackHeadroom.reservesByFrame("Eclipse OpenJ9 VM", false));
        assertFalse(StackHeadroom.reservesByFrame("", false));
    }

    private static Headroom measure(String... flags) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(flags));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, codeLocation(StackHeadroom.class),
                codeLocation(StackHeadroomRuler.class)));
        command.add(StackHeadroomRuler.class.getName());
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        final CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = child.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "unreadable output: " + e;
            }
        });
        if (!child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the ruler did not end within " + CHILD_SECONDS + " s: " + command);
        }
        final String out = String.join(" ", command) + "\n"
                + output.get(CHILD_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, child.exitValue(), out);
        final Matcher m = LINE.matcher(out);
        assertTrue(m.find(), out);
        return new Headroom(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Boolean.parseBoolean(m.group(3)), out);
    }

    private static String codeLocation(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
