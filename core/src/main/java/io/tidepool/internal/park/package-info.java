/**
 * Parking: the default {@link io.tidepool.internal.park.ThreadPark} and the
 * {@link io.tidepool.internal.park.IdleSet}, the port of tokio's idle/searching protocol that
 * decides which sleeping worker a submission wakes. The rules that make wake-ups neither lost
 * nor wasted are in the {@code IdleSet} class documentation; the worker-side half of the
 * protocol is in {@code io.tidepool.internal.worker.WorkerLoop}.
 */
package io.tidepool.internal.park;
