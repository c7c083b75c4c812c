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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The bytecode shape of the spawn entry point, which the JIT's code for every spawning task
 * depends on: {@link ThreadPool#execute} casts nothing. A cast of {@code requireNonNull}'s result
 * back to {@code Runnable} is a subtype check against an interface, and with it JDK 17's C2
 * compiled a spawning task's loop with a dozen values spilled every spawn in 9 of 11 JVMs,
 * without it in 1 of 12 (docs/notes/counter-cost-split.md).
 */
class SpawnPathShapeTest {
    @Test
    void executeShouldCastNothing() throws Exception {
        final String code = disassembled("public void execute(java.lang.Runnable);");
        assertTrue(code.contains("invokevirtual"), "execute calls on:\n" + code);
        assertFalse(code.contains("checkcast"), "execute casts:\n" + code);
    }

    @Test
    void executeShouldStillRejectNullByName() {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).build()) {
            final NullPointerException e = assertThrows(NullPointerException.class, () -> pool.execute(null));
            assertEquals("task", e.getMessage());
        }
    }

    /** The {@code javap -c} text of one method of {@link ThreadPool}, up to its closing blank line. */
    private static String disassembled(String signature) throws Exception {
        final ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new IllegalStateException("no javap in this JDK"));
        final Path classes = Path.of(ThreadPool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int rc = javap.run(new PrintWriter(out), new PrintWriter(err),
                "-c", "-cp", classes.toString(), ThreadPool.class.getName());
        assertEquals(0, rc, "javap failed: " + err);
        final String text = out.toString();
        final int start = text.indexOf(signature);
        assertTrue(start >= 0, "no " + signature + " in:\n" + text);
        final int end = text.indexOf("\n\n", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
