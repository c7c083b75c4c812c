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

import io.tidepool.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StackHeadroom#ensure()} throws at least as far from the end of the stack as the
 * recursion of {@link StackHeadroom#DEPTH} frames does compiled (the margin the wake path was
 * built and stress-tested with), in each of the JVM's modes: C2 after tiered compilation, C1
 * alone, the interpreter alone. Measured by {@link StackHeadroomRuler} in child JVMs of this
 * JVM's runtime, so the suite's run on each JDK measures that JDK.
 */
class StackHeadroomTest {
    private static final Pattern LINE =
            Pattern.compile("ensure=(-?\\d+) recursion=(-?\\d+) reserveFrame=(true|false)");

    @TempDir
    Path work;

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

    private Headroom measure(String... flags) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        command.addAll(List.of(flags));
        command.add("-cp");
        command.add(String.join(File.pathSeparator,
                ChildJvm.codeLocation(StackHeadroom.class).toString(),
                ChildJvm.codeLocation(StackHeadroomRuler.class).toString()));
        command.add(StackHeadroomRuler.class.getName());
        final ChildJvm.Run run = ChildJvm.run(command, Files.createTempDirectory(work, "child"));
        run.assertSucceeded();
        final Matcher m = LINE.matcher(run.stdout());
        assertTrue(m.find(), run::report);
        return new Headroom(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Boolean.parseBoolean(m.group(3)), run.report());
    }
}
