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
