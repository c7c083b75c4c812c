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
package io.tidepool.net;

/**
 * One worker's selector, in counts since the pool started: how the reactor's sockets are spread
 * over the workers, how many ready keys a select finds, and how often another thread had to
 * reach the selector. A diagnostic: each count is read without stopping the worker, so a
 * snapshot's counts may be from slightly different moments; the difference of two snapshots
 * taken some time apart is what one looks at.
 *
 * @param worker the worker's index
 * @param channels the sockets (listeners included) this selector owns and that are not closed
 * @param selects selects that could block (the worker ran out of tasks and parked)
 * @param polls selects that could not block (a busy worker's periodic look, or a close's flush)
 * @param keysReported ready keys reported by all selects and polls; divided by
 *     {@code selects + polls}, the batch that one select hands to its worker
 * @param wakeups {@code Selector.wakeup()} calls: another thread's unpark found this worker in
 *     select (a system call each)
 * @param handedOff interest changes made by a thread other than the owner (a task stolen to, or
 *     running on, another worker), queued for the owner to apply
 */
public record SelectorCounts(int worker, int channels, long selects, long polls, long keysReported,
        long wakeups, long handedOff) {
}
