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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the user docs and the tagged snippet regions of test sources. A snippet region is the
 * lines between {@code // tag::name[]} and {@code // end::name[]} of a source file; a fenced
 * {@code java} block of a user doc names its region with the line
 * {@code <!-- snippet: path/from/repo/root.java#name -->} just before the fence.
 */
final class DocFiles {
    static final String MARKER_PREFIX = "<!-- snippet: ";
    static final String SAMPLE_PREFIX = "<!-- sample: ";

    private DocFiles() {}

    /** A fenced block of a markdown file: its language, body, first line and the marker before it. */
    record Fence(Path file, int line, String language, String body, String marker) {
        String where() {
            return root().relativize(file) + ":" + line;
        }
    }

    /** {@return the repository root: the nearest directory up from here holding .ci/run} */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci").resolve("run"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (.ci/run) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** {@return README.md and every markdown file of docs/guide} */
    static List<Path> userDocs() {
        final List<Path> docs = new ArrayList<>();
        docs.add(root().resolve("README.md"));
        try (Stream<Path> guide = Files.list(root().resolve("docs").resolve("guide"))) {
            guide.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return every fenced block of {@code file}, with the comment marker line before it, if any} */
    static List<Fence> fences(Path file) {
        final List<String> lines = lines(file);
        final List<Fence> fences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            final String open = lines.get(i).strip();
            if (!open.startsWith("```")) {
                continue;
            }
            final int start = i;
            final StringBuilder body = new StringBuilder();
            i++;
            while (i < lines.size() && !lines.get(i).strip().equals("```")) {
                body.append(lines.get(i)).append('\n');
                i++;
            }
            if (i == lines.size()) {
                throw new AssertionError(file + ":" + (start + 1) + ": fence never closed");
            }
            final String before = start > 0 ? lines.get(start - 1).strip() : "";
            fences.add(new Fence(file, start + 1, open.substring(3).strip(), body.toString(),
                    before.startsWith("<!--") ? before : null));
        }
        return fences;
    }

    /**
     * The tagged region {@code tag} of {@code source} (a path from the repository root), with
     * its common indentation removed.
     */
    static String region(String source, String tag) {
        final Path file = root().resolve(source);
        if (!Files.exists(file)) {
            throw new AssertionError("snippet source " + source + " does not exist");
        }
        final List<String> lines = lines(file);
        final String begin = "// tag::" + tag + "[]";
        final String end = "// end::" + tag + "[]";
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(begin)) {
                if (from >= 0) {
                    throw new AssertionError(source + ": tag " + tag + " opened twice");
                }
                from = i + 1;
            }
        }
        if (from < 0) {
            throw new AssertionError(source + ": no " + begin);
        }
        final List<String> region = new ArrayList<>();
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(end)) {
                return dedent(region);
            }
            region.add(lines.get(i));
        }
        throw new AssertionError(source + ": tag " + tag + " has no " + end);
    }

    /** {@return the lines without their common leading blanks and trailing blanks, joined} */
    static String dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /**
     * The body of the fenced block of {@code doc} (a path from the repository root) preceded by
     * {@code <!-- sample: name -->}: sample output that a test compares with real output.
     */
    static String sample(String doc, String name) {
        final String marker = SAMPLE_PREFIX + name + " -->";
        for (Fence f : fences(root().resolve(doc))) {
            if (marker.equals(f.marker())) {
                return f.body();
            }
        }
        throw new AssertionError(doc + " has no block marked " + marker);
    }
}
