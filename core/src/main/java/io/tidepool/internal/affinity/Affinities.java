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

package io.tidepool.internal.affinity;

/** The affinity backend of this JVM, detected once. */
public final class Affinities {
    private Affinities() {}

    private static final class Holder {
        static final AffinityBackend BACKEND = LinuxAffinity.detect();
    }

    /** {@return the backend detected for this platform (possibly an unsupported one)} */
    public static AffinityBackend backend() {
        return Holder.BACKEND;
    }
}
