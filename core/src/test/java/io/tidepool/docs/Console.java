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

package io.tidepool.docs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what a snippet prints on {@code System.out}, for its test to check. */
final class Console {
    /** A snippet body: the statements between a tag and its end. */
    @FunctionalInterface
    interface Snippet {
        void run() throws Exception;
    }

    private Console() {}

    /**
     * Runs {@code snippet} with {@code System.out} redirected and returns what was printed. Any
     * pool the snippet builds must be closed (and so quiet) when it returns.
     */
    static String capture(Snippet snippet) throws Exception {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(out);
        try {
            snippet.run();
        } finally {
            System.setOut(original);
            out.flush();
        }
        final String printed = bytes.toString(StandardCharsets.UTF_8);
        original.print(printed);
        return printed;
    }
}
