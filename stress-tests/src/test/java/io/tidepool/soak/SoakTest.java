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

package io.tidepool.soak;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The CI-sized soak: about 12 seconds of {@link Soak} rounds. {@code -Dsoak.seconds=N} and
 * {@code -Dsoak.seed=S} override the length and the seed; the seed is printed either way.
 */
class SoakTest {
    @Test
    void shouldAccountForEveryTaskAndTerminateUnderARandomMixWithShutdown() {
        final long seed = Long.getLong("soak.seed", ThreadLocalRandom.current().nextLong());
        runAndCheck(new Soak.Config(Long.getLong("soak.seconds", 12), 3, 1, 2, seed));
    }

    /** Runs the soak under a preemptive timeout and checks that it ran and saw no violation. */
    private static Soak.Result runAndCheck(Soak.Config config) {
        final long seed = config.seed();
        final Soak.Result result = assertTimeoutPreemptively(
                Duration.ofSeconds(config.seconds() + Soak.TERMINATION_SECONDS + 30),
                () -> Soak.run(config, System.out),
                "soak hung; seed=" + seed);
        System.out.println(Soak.summary(result));
        assertTrue(result.rounds() > 0, "no round ran");
        assertTrue(result.passed(), () -> "seed=" + seed + ": " + Soak.summary(result) + "\n"
                + String.join("\n", result.violations().subList(0, Math.min(20, result.violations().size()))));
        return result;
    }

    /**
     * The quick fault soak: a few seconds of rounds with injected faults (throwing parks,
     * unparks, hooks and tasks, submissions and wakes at the stack limit), in a pool of one
     * worker, where a worker lost to a fault strands its queue (with a park that rethrows
     * planted, its rounds failed to terminate). {@code -Dsoak.faultSeconds=N} overrides the
     * length.
     */
    @Test
    void shouldAccountForEveryTaskAndTerminateWithInjectedFaults() {
        final long seed = Long.getLong("soak.seed", ThreadLocalRandom.current().nextLong());
        final Soak.Result result = runAndCheck(
                new Soak.Config(Long.getLong("soak.faultSeconds", 6), 3, 1, 1, seed, true));
        assertTrue(result.faultsInjected() > 0, "no fault was injected; seed=" + seed);
    }
}
