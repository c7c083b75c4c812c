/**
 * Blocking sections for tidepool tasks: {@link io.tidepool.blocking.Blocking}.
 */
package io.tidepool.blocking;
