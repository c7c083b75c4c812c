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

package io.tidepool.blocking;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.tidepool.internal.handoff.BlockingSpi;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The blocking module reaches core's internals only through the hand-off layer's SPI (issue
 * 13); module-info exports that one package to it, and this rule keeps the module to the one
 * class there that is meant for it.
 */
class BlockingLayeringTest {
    /** This module's main classes, read from the build output. */
    private static final JavaClasses BLOCKING =
            new ClassFileImporter().importPath(Path.of("target", "classes"));

    static final ArchRule SEES_ONLY_THE_SPI = noClasses()
            .that().resideInAPackage("io.tidepool.blocking..")
            .should().dependOnClassesThat(resideInAPackage("io.tidepool.internal..")
                    .and(not(type(BlockingSpi.class))))
            .because("core's internals are reached through BlockingSpi only");

    @Test
    void blockingShouldSeeOnlyTheSpi() {
        SEES_ONLY_THE_SPI.check(BLOCKING);
    }
}
