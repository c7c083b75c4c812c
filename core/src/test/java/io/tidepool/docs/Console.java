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
