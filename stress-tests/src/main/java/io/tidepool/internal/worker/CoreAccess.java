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

package io.tidepool.internal.worker;

/**
 * Stress tests of the layers above (internal.handoff) reach a core's owner-only fields through
 * this class: it sits in the worker package, so the fields stay package-private in production.
 */
public final class CoreAccess {
    private CoreAccess() {
    }

    /** A plain write of the core's batch poll count, as its holder makes it. */
    public static void spBatchPolls(WorkerCore core, int value) {
        core.batchPolls = value;
    }
}
