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

package io.tidepool.internal.reactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.tidepool.pinned.CpuSet;
import org.junit.jupiter.api.Test;

class ReactorsTest {
    private static int[] victims(String cpus, int self) {
        return Reactors.victimsNearestFirst(CpuSet.parse(cpus), self);
    }

    @Test
    void thievesShouldTryTheNearestCpuNumberFirst() {
        // CPUs 0-3,6: worker indices 0..4 on CPUs 0,1,2,3,6
        assertArrayEquals(new int[] {1, 2, 3, 4}, victims("0-3,6", 0));
        // from CPU 2: CPUs 1 and 3 (distance 1, lower first), 0 (2), 6 (4)
        assertArrayEquals(new int[] {1, 3, 0, 4}, victims("0-3,6", 2));
        // from CPU 6: CPU 3, 2, 1, 0
        assertArrayEquals(new int[] {3, 2, 1, 0}, victims("0-3,6", 4));
        assertArrayEquals(new int[] {}, victims("5", 0));
    }
}
