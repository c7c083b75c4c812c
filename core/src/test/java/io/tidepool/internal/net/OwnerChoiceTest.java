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

package io.tidepool.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Selectors#choose}: which park a channel's first arm makes its owner. */
class OwnerChoiceTest {
    /** The worker the calling thread "runs"; -1: none. */
    private volatile int current = -1;
    private Selectors group;
    private SelectorPark[] parks;
    private final List<Pipe> pipes = new ArrayList<>();

    @BeforeEach
    void open() {
        group = new Selectors(() -> current);
        parks = new SelectorPark[] {group.newPark(0), group.newPark(1), group.newPark(2)};
        group.seal();
    }

    @AfterEach
    void close() throws IOException {
        for (SelectorPark p : parks) {
            p.close();
        }
        for (Pipe pipe : pipes) {
            pipe.sink().close();
        }
    }

    /** Registers a new pipe's read end and arms its read, which chooses the owner. */
    private IoRegistration armNew() throws IOException {
        final Pipe pipe = Pipe.open();
        pipes.add(pipe);
        pipe.source().configureBlocking(false);
        final IoRegistration reg = group.register(pipe.source());
        reg.arm(SelectionKey.OP_READ, () -> { });
        return reg;
    }

    private int[] owned() {
        return new int[] {parks[0].lvOwned(), parks[1].lvOwned(), parks[2].lvOwned()};
    }

    @Test
    void shouldDealTheChannelsOfOneWorkerEvenlyOverEveryPark() throws IOException {
        current = 1;
        for (int i = 0; i < 30; i++) {
            armNew();
        }
        assertEquals(List.of(10, 10, 10), List.of(owned()[0], owned()[1], owned()[2]));
    }

    @Test
    void shouldPreferTheCallingWorkerOnATie() throws IOException {
        current = 2;
        armNew();
        assertEquals(List.of(0, 0, 1), List.of(owned()[0], owned()[1], owned()[2]));
    }

    @Test
    void shouldChooseTheParkWhoseChannelsWereClosedForTheNextChannels() throws IOException {
        current = 0;
        final List<IoRegistration> regs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            regs.add(armNew());
        }
        // dealt 0, 1, 2, 0, 1, 2: close the two of park 1, once each and once more (idempotent)
        regs.get(1).close();
        regs.get(4).close();
        regs.get(4).close();
        assertEquals(List.of(2, 0, 2), List.of(owned()[0], owned()[1], owned()[2]));
        armNew();
        armNew();
        assertEquals(List.of(2, 2, 2), List.of(owned()[0], owned()[1], owned()[2]));
    }

    @Test
    void shouldKeepTheFirstOwnerOfAChannelForEveryLaterArm() throws IOException {
        current = 0;
        final IoRegistration reg = armNew();
        current = 1;
        reg.arm(SelectionKey.OP_WRITE, () -> { });
        armNew();
        assertEquals(List.of(1, 1, 0), List.of(owned()[0], owned()[1], owned()[2]));
    }
}
