/**
 * Micrometer metrics for Tandem's event loops: {@link dev.tandem.micrometer.LoopMetrics}, a
 * {@code MeterBinder} that publishes a loop's {@link dev.tandem.loop.LoopHealth} with a {@code
 * loop} tag.
 *
 * <p>What is here: the binder only. What is not: the health snapshot itself ({@code
 * tandem-loop}'s {@code LoopOperations.health}), and Micrometer, which this module declares as
 * an optional dependency: the application brings its own {@code micrometer-core}.
 */
@NullMarked
package dev.tandem.micrometer;

import org.jspecify.annotations.NullMarked;
