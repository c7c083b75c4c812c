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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md and docs/guide in step with compiled, tested code: every fenced {@code java}
 * block is the tagged region of a test source it names (the {@code *SnippetsTest} classes next to
 * this one and in blocking's {@code io.tidepool.blocking.docs}, whose tests run each region and
 * check what it did), every tag is shown somewhere, relative links resolve, and nothing of a lab
 * notebook leaks into user docs.
 */
class DocSnippetsTest {
    /** Where snippet sources live; each tag in them must be shown in a user doc. */
    private static final List<String> SNIPPET_DIRS = List.of(
            "core/src/test/java/io/tidepool/docs",
            "blocking/src/test/java/io/tidepool/blocking/docs");
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyJavaBlockShouldBeTheTaggedRegionItNames() {
        final List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Path doc : DocFiles.userDocs()) {
            for (DocFiles.Fence f : DocFiles.fences(doc)) {
                if (!f.language().equals("java")) {
                    continue;
                }
                checked++;
                final String problem = mismatch(f, f.body());
                if (problem != null) {
                    failures.add(problem);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
        assertTrue(checked >= 20, "only " + checked + " java blocks found in the user docs");
    }

    @Test
    void aBlockThatDriftsFromItsSourceShouldBeCaught() {
        final DocFiles.Fence f = DocFiles.fences(DocFiles.root().resolve("README.md")).stream()
                .filter(x -> x.language().equals("java")).findFirst().orElseThrow();
        assertEquals(null, mismatch(f, f.body()));
        final String drifted = f.body().replaceFirst("\\d", "9");
        assertFalse(drifted.equals(f.body()), "the README's first java block has no digit to alter");
        assertNotNull(mismatch(f, drifted));
        assertNotNull(mismatch(f, f.body() + "extra();\n"));
    }

    @Test
    void everyTagShouldBeShownInAUserDoc() throws IOException {
        final Set<String> shown = new HashSet<>();
        for (Path doc : DocFiles.userDocs()) {
            for (DocFiles.Fence f : DocFiles.fences(doc)) {
                if (f.marker() != null && f.marker().startsWith(DocFiles.MARKER_PREFIX)) {
                    shown.add(target(f.marker()));
                }
            }
        }
        final List<String> unshown = new ArrayList<>();
        for (String dir : SNIPPET_DIRS) {
            try (Stream<Path> files = Files.list(DocFiles.root().resolve(dir))) {
                for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                    final String source = DocFiles.root().relativize(file).toString();
                    for (String line : DocFiles.lines(file)) {
                        final Matcher m = TAG.matcher(line);
                        if (m.matches() && !shown.contains(source + "#" + m.group(1))) {
                            unshown.add(source + "#" + m.group(1));
                        }
                    }
                }
            }
        }
        assertTrue(unshown.isEmpty(), "tagged regions no user doc shows: " + unshown);
    }

    @Test
    void relativeLinksShouldResolve() {
        final List<String> broken = new ArrayList<>();
        for (Path doc : DocFiles.userDocs()) {
            final List<String> lines = DocFiles.lines(doc);
            for (int i = 0; i < lines.size(); i++) {
                final Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    final String target = m.group(1).replaceFirst("#.*$", "");
                    if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                        continue;
                    }
                    if (!Files.exists(doc.getParent().resolve(target))) {
                        broken.add(DocFiles.root().relativize(doc) + ":" + (i + 1) + " " + target);
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links: " + broken);
    }

    @Test
    void userDocsShouldCarryNoLabNotes() {
        final List<Pattern> forbidden = Arrays.asList(
                Pattern.compile("\\b(commit|at) [0-9a-f]{7,40}\\b"),
                Pattern.compile("(?i)\\bstop \\d+"),
                Pattern.compile("/usr/lib/jvm"),
                Pattern.compile("/tmp/"));
        final List<String> found = new ArrayList<>();
        for (Path doc : DocFiles.userDocs()) {
            final List<String> lines = DocFiles.lines(doc);
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern p : forbidden) {
                    if (p.matcher(lines.get(i)).find()) {
                        found.add(DocFiles.root().relativize(doc) + ":" + (i + 1) + " " + lines.get(i));
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "lab notes in user docs:\n" + String.join("\n", found));
    }

    /** Null if {@code body} is exactly the region the fence names, else what is wrong. */
    private static String mismatch(DocFiles.Fence f, String body) {
        if (f.marker() == null || !f.marker().startsWith(DocFiles.MARKER_PREFIX)) {
            return f.where() + ": java block without a " + DocFiles.MARKER_PREFIX + "path#tag --> line";
        }
        final String target = target(f.marker());
        final int hash = target.indexOf('#');
        if (hash < 0 || !target.substring(0, hash).endsWith("Test.java")) {
            // surefire runs only *Test classes: a region elsewhere would be compiled but never run
            return f.where() + ": " + target + " is not path/SomethingTest.java#tag";
        }
        final String expected;
        try {
            expected = DocFiles.region(target.substring(0, hash), target.substring(hash + 1));
        } catch (AssertionError e) {
            return f.where() + ": " + e.getMessage();
        }
        final String actual = DocFiles.dedent(List.of(body.split("\n", -1)).subList(0,
                body.split("\n", -1).length - (body.endsWith("\n") ? 1 : 0)));
        if (expected.equals(actual)) {
            return null;
        }
        final String[] e = expected.split("\n");
        final String[] a = actual.split("\n");
        int line = 0;
        while (line < e.length && line < a.length && e[line].equals(a[line])) {
            line++;
        }
        return f.where() + ": differs from " + target + " at its line " + (line + 1)
                + "\n  source: " + (line < e.length ? e[line] : "<end>")
                + "\n  doc:    " + (line < a.length ? a[line] : "<end>");
    }

    private static String target(String marker) {
        return marker.substring(DocFiles.MARKER_PREFIX.length(), marker.length() - "-->".length()).strip();
    }
}
