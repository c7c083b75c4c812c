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

package io.tidepool.internal.queue.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.ZII_Result;

/**
 * Two races of {@code InboxStress} ({@code OfferVsClose} and {@code
 * OfferThenReadVsWriteThenCheck}), unchanged, pointed at the planted bugs of
 * {@link BrokenLaneInbox}. These are expected to FAIL: they are the evidence that the races see
 * a producer that reads the flags before it locks its lane, and an unlock that is only a release
 * store. Every class name here contains "Broken", and the default run excludes them with
 * {@code -t '^(?!.*Broken).*'} (see docs/design/correctness.md).
 */
public final class BrokenLaneInboxStress {
    private BrokenLaneInboxStress() {
    }

    /** Offer against close with the producer's flag read before its lock. */
    @JCStressTest
    @Outcome(id = "true, 1, 0", expect = ACCEPTABLE, desc = "offer accepted before the close; the closer's drain found it")
    @Outcome(id = "false, 0, 0", expect = ACCEPTABLE, desc = "offer refused by the closed inbox; nothing queued")
    @Outcome(expect = FORBIDDEN, desc = "accepted but missing, refused but present, or queued after close() returned (the planted bug)")
    @State
    public static class FlagsBeforeLockOfferVsClose {
        private final BrokenLaneInbox inbox = new BrokenLaneInbox(BrokenLaneInbox.Bug.FLAGS_BEFORE_LOCK);

        /** Offers a new task. */
        @Actor
        public void producer(ZII_Result r) {
            r.r1 = inbox.offer(1);
        }

        /** Closes, then drains. */
        @Actor
        public void closer(ZII_Result r) {
            inbox.close();
            r.r2 = inbox.drain();
        }

        /** Drains whatever arrived after the closer's drain. */
        @Arbiter
        public void arbiter(ZII_Result r) {
            r.r3 = inbox.drain();
        }
    }

    /** Offer then volatile read against volatile write then isEmpty, with a release unlock. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: the sleeper saw an empty inbox and the submitter saw it awake (the planted bug)")
    @Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "one side saw the other")
    @State
    public static class ReleaseUnlockOfferThenReadVsWriteThenCheck {
        private final BrokenLaneInbox inbox = new BrokenLaneInbox(BrokenLaneInbox.Bug.RELEASE_UNLOCK);
        private volatile int sleeping;

        /** Offers, then reads the idle word. */
        @Actor
        public void submitter(II_Result r) {
            inbox.offer(1);
            r.r2 = sleeping;
        }

        /** Writes the idle word, then looks at the inbox. */
        @Actor
        public void sleeper(II_Result r) {
            sleeping = 1;
            r.r1 = inbox.isEmpty() ? 0 : 1;
        }
    }
}
