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

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layering of core, as rules that fail the build (issue 13). Arrows run one way:
 * <pre>
 *   io.tidepool, io.tidepool.pinned, io.tidepool.net (public API, the facade wires the layers)
 *     -> internal.net (the selector reactor; below it only the public Park SPI)
 *     -> internal.reactor (pinned-core mode)
 *       -> internal.handoff (blocking sections)
 *         -> internal.worker (the scheduler)
 *           -> internal.queue, park, task, metrics, affinity (building blocks)
 * </pre>
 * A lower layer reaches a higher one only through an interface it owns itself
 * ({@code worker.PoolMode}, {@code worker.HandOffHooks}). Internals may use the public
 * package only for the SPI and value types users hand in or get back ({@link #PUBLIC_SPI}), never
 * the facade ({@code ThreadPool}, its builder, metrics views).
 */
class LayeringTest {
    /** Public types the internals may use: what users implement or pass in, and plain values. */
    static final Set<String> PUBLIC_SPI = Set.of(
            "io.tidepool.Park", "io.tidepool.Unpark", "io.tidepool.Waker", "io.tidepool.AsyncTask",
            "io.tidepool.Poll", "io.tidepool.TaskContext", "io.tidepool.TaskHandle",
            "io.tidepool.pinned.CpuSet", "io.tidepool.pinned.Affinity", "io.tidepool.pinned.Poller",
            "io.tidepool.pinned.Poller$Function", "io.tidepool.pinned.PerCore",
            "io.tidepool.pinned.ThreadAware", "io.tidepool.pinned.CoreExecutor",
            "io.tidepool.ContextPropagator", "io.tidepool.ContextPropagator$Scope");

    /** core's own main classes, read from the build output (the module's classes, no tests). */
    static final JavaClasses CORE = new ClassFileImporter().importPath(Path.of("target", "classes"));

    static final String[] BASE = {"io.tidepool.internal.queue..", "io.tidepool.internal.park..",
            "io.tidepool.internal.task..", "io.tidepool.internal.metrics..",
            "io.tidepool.internal.affinity.."};

    static final ArchRule NO_CYCLES_BETWEEN_INTERNAL_PACKAGES = slices()
            .matching("io.tidepool.internal.(*)..").namingSlices("internal.$1")
            .should().beFreeOfCycles();

    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("public").definedBy("io.tidepool", "io.tidepool.pinned", "io.tidepool.net")
            .layer("net").definedBy("io.tidepool.internal.net..")
            .layer("reactor").definedBy("io.tidepool.internal.reactor..")
            .layer("handoff").definedBy("io.tidepool.internal.handoff..")
            .layer("worker").definedBy("io.tidepool.internal.worker..")
            .layer("base").definedBy(BASE)
            .whereLayer("net").mayOnlyBeAccessedByLayers("public")
            .whereLayer("reactor").mayOnlyBeAccessedByLayers("public")
            .whereLayer("handoff").mayOnlyBeAccessedByLayers("reactor", "public")
            .whereLayer("worker").mayOnlyBeAccessedByLayers("handoff", "reactor", "public")
            .whereLayer("base").mayOnlyBeAccessedByLayers("worker", "handoff", "reactor", "public")
            // the public SPI and value types are below every layer (checked by the next rule)
            .ignoreDependency(resideInAPackage("io.tidepool.internal.."), publicSpi());

    static final ArchRule INTERNALS_USE_ONLY_THE_PUBLIC_SPI = noClasses()
            .that().resideInAPackage("io.tidepool.internal..")
            .should().dependOnClassesThat(resideInAnyPackage("io.tidepool", "io.tidepool.pinned", "io.tidepool.net")
                    .and(not(publicSpi())))
            .because("the facade sits on top: internals see only what users hand in or get back");

    static final ArchRule NO_INTERNAL_TYPES_IN_EXPORTED_SIGNATURES = classes()
            .that().resideInAnyPackage("io.tidepool", "io.tidepool.pinned", "io.tidepool.net")
            .and().arePublic()
            .should(exposeNoInternalType());

    @Test
    void internalPackagesShouldBeFreeOfCycles() {
        NO_CYCLES_BETWEEN_INTERNAL_PACKAGES.check(CORE);
    }

    @Test
    void layersShouldDependOnlyDownwards() {
        LAYERS.check(CORE);
    }

    @Test
    void internalsShouldUseOnlyThePublicSpi() {
        INTERNALS_USE_ONLY_THE_PUBLIC_SPI.check(CORE);
    }

    @Test
    void exportedSignaturesShouldNotNameInternalTypes() {
        NO_INTERNAL_TYPES_IN_EXPORTED_SIGNATURES.check(CORE);
    }

    private static DescribedPredicate<JavaClass> publicSpi() {
        return DescribedPredicate.describe("a public SPI or value type",
                c -> PUBLIC_SPI.contains(c.getName()));
    }

    /** Public or protected members, supertypes included, name no io.tidepool.internal type. */
    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no io.tidepool.internal type in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                final List<String> found = new ArrayList<>();
                c.getRawSuperclass().ifPresent(s -> note(found, c.getName() + " extends", s));
                for (JavaClass i : c.getRawInterfaces()) {
                    note(found, c.getName() + " implements", i);
                }
                for (JavaCodeUnit u : c.getCodeUnits()) {
                    if (exposed(u.getModifiers())) {
                        note(found, u.getFullName() + " returns", u.getRawReturnType());
                        for (JavaClass p : u.getRawParameterTypes()) {
                            note(found, u.getFullName() + " takes", p);
                        }
                    }
                }
                for (JavaField f : c.getFields()) {
                    if (exposed(f.getModifiers())) {
                        note(found, f.getFullName() + " is", f.getRawType());
                    }
                }
                for (String s : found) {
                    events.add(SimpleConditionEvent.violated(c, s));
                }
            }
        };
    }

    private static boolean exposed(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void note(List<String> found, String where, JavaClass type) {
        final JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        if (base.getPackageName().startsWith("io.tidepool.internal")) {
            found.add(where + " " + base.getName());
        }
    }
}
