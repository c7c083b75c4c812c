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

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-time JFR registration of tidepool's events (JFR's metadata, and on newer JDKs the
 * instrumentation of each event class) runs while the pool is built, not at a worker's first
 * park. At the first park it fell between the worker registering as parked and parking, so a
 * submission that woke the worker waited for it: about a second on a loaded machine, and more
 * than two minutes under valgrind (a CounterInstructions round that never finished). Checked in
 * a fresh JVM, where no earlier test has registered the events.
 */
class JfrRegistrationTest {
    @Test
    void shouldRegisterTheJfrEventsWhileBuildingThePool() throws Exception {
        final Path work = Files.createTempDirectory("tidepool-jfr-registration");
        try {
            final String classPath = String.join(File.pathSeparator,
                    ChildJvm.codeLocation(ThreadPool.class).toString(),
                    ChildJvm.codeLocation(JfrRegistrationMain.class).toString());
            final ChildJvm.Run run = ChildJvm.run(List.of(ChildJvm.java(), "-cp", classPath,
                    JfrRegistrationMain.class.getName()), work);
            run.assertSucceeded();
            assertTrue(run.stdout().contains(JfrRegistrationMain.PREFIX + "true"),
                    () -> "the pool's worker had not parked, and the events were not registered\n"
                            + run.report());
        } finally {
            ChildJvm.deleteRecursively(work);
        }
    }
}
