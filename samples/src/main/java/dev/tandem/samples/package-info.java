/**
 * Runnable samples of Tandem, meant to be copied from. {@link dev.tandem.samples.Samples} runs
 * them: {@code mvn -B -q package -DskipTests -Prun-samples -pl samples -am [-Dsample=NAME]}.
 *
 * <ul>
 *   <li>{@code http-fanout}: {@link dev.tandem.samples.HttpFanout}, JDK {@code HttpClient}
 *       futures adapted to executor futures, consumed as they complete, stragglers cancelled.
 *   <li>{@code loop-and-pool}: {@link dev.tandem.samples.LoopAndPool}, an event loop with timers
 *       and CPU work on a {@code FutureExecutor}, gathered on the loop; the deadlock guard.
 *   <li>{@code coroutines}: {@code CoroutinesOnTheLoop.kt}, coroutines on a loop awaiting both
 *       kinds of future, structured concurrency, a cancel message there and back.
 *   <li>{@code guava-migration}: {@link dev.tandem.samples.InventoryService} (legacy, Guava) used
 *       from Kotlin suspend functions ({@code InventoryClient.kt}) and from loop code ({@link
 *       dev.tandem.samples.LoopInventory}); {@code GuavaMigration.kt} runs it.
 * </ul>
 *
 * <p>Not a library: nothing here is published.
 */
@NullMarked
package dev.tandem.samples;

import org.jspecify.annotations.NullMarked;
