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

package io.tidepool.internal.park;

import io.tidepool.Park;
import java.util.function.Consumer;
import java.util.function.Function;

/** Closes a terminated pool's parks ({@link Park#close()}), each once, whatever one throws. */
public final class Parks {
    private Parks() {}

    /**
     * Calls {@link Park#close()} on the park of every worker, in worker order. Called once, by
     * the thread that terminated the pool; a throwing close is handed to {@code failed} and the
     * next park is still closed.
     *
     * @param <W> the worker type
     * @param workers the pool's workers, one park each
     * @param parkOf the park of a worker
     * @param failed receives what a close threw
     */
    public static <W> void closeAll(W[] workers, Function<W, Park> parkOf, Consumer<Throwable> failed) {
        for (W worker : workers) {
            try {
                parkOf.apply(worker).close();
            } catch (Throwable t) {
                failed.accept(t);
            }
        }
    }
}
