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
 * Parking: the default {@link io.tidepool.internal.park.ThreadPark} and the
 * {@link io.tidepool.internal.park.IdleSet}, the port of tokio's idle/searching protocol that
 * decides which sleeping worker a submission wakes. The rules that make wake-ups neither lost
 * nor wasted are in the {@code IdleSet} class documentation; the worker-side half of the
 * protocol is in {@code io.tidepool.internal.worker.WorkerLoop}.
 */
package io.tidepool.internal.park;
