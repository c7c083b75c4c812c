package io.tidepool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds what a child JVM needs to run tidepool as a user's application would: core's compiled
 * classes and the jars of the modules it requires, taken from this test's own class or module
 * path.
 */
final class RuntimeJars {
    private RuntimeJars() {}

    /** {@return the directory or jar a class was loaded from} */
    static Path codeLocation(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The jars on this test's class path or module path that hold a module io.tidepool requires,
     * directly or transitively (by name: explicit modules, or automatic ones named after their
     * jar): core's runtime dependencies, whatever they are, and none of the test-only jars nor
     * the optional ({@code requires static}) ones.
     */
    static List<Path> required(Path coreClasses) {
        final Set<Path> entries = new LinkedHashSet<>();
        for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
            final String value = System.getProperty(prop);
            if (value != null && !value.isEmpty()) {
                for (String entry : value.split(File.pathSeparator)) {
                    final Path path = Paths.get(entry);
                    if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                        entries.add(path.toAbsolutePath());
                    }
                }
            }
        }
        final ModuleDescriptor core = ModuleFinder.of(coreClasses).find("io.tidepool")
                .map(ModuleReference::descriptor)
                .orElseThrow(() -> new AssertionError("no module-info.class in " + coreClasses));
        final List<Path> jars = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final Deque<ModuleDescriptor> todo = new ArrayDeque<>(List.of(core));
        while (!todo.isEmpty()) {
            for (ModuleDescriptor.Requires r : todo.pop().requires()) {
                final boolean optional = r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC);
                if (optional || ModuleFinder.ofSystem().find(r.name()).isPresent() || !seen.add(r.name())) {
                    continue;
                }
                final Optional<Path> jar = entries.stream()
                        .filter(j -> providesModule(j, r.name()))
                        .findFirst();
                assertTrue(jar.isPresent(), "no jar on the test path provides module " + r.name()
                        + " required by io.tidepool; path: " + entries);
                jars.add(jar.get());
                ModuleFinder.of(jar.get()).find(r.name()).ifPresent(m -> todo.push(m.descriptor()));
            }
        }
        assertTrue(!jars.isEmpty(), "io.tidepool requires at least JCTools");
        return jars;
    }

    private static boolean providesModule(Path jar, String module) {
        try {
            return ModuleFinder.of(jar).find(module).isPresent();
        } catch (RuntimeException unreadable) {
            // FindException for a jar that cannot be a module (say, an invalid automatic name)
            return false;
        }
    }
}
