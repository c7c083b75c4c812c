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

/**
 * tidepool blocking: run blocking code from pool tasks without stalling the pool. A blocking
 * section hands the calling worker's queues and identity to a backup thread while the calling
 * thread blocks; see {@link io.tidepool.blocking.Blocking}.
 */
module io.tidepool.blocking {
    requires transitive io.tidepool;

    exports io.tidepool.blocking;
}
