/**
 * Tandem's contracts: the two kinds of future and the event loop, with no implementation.
 *
 * <p>{@link dev.tandem.api.ExecutorFuture} is Python's {@code concurrent.futures.Future}: a
 * result produced on threads, safe to use from any thread, with blocking waits that time out.
 * {@link dev.tandem.api.LoopFuture} is Python's {@code asyncio.Future}: a result confined to
 * one single-threaded {@link dev.tandem.api.EventLoop}, which never blocks and whose callbacks
 * always run later, on the loop. Both share {@link dev.tandem.api.AsyncFuture}, so group
 * operations may take the two kinds mixed.
 *
 * <p>What is not here: implementations live in {@code tandem-loop} ({@code
 * dev.tandem.loop.EventLoops}), {@code tandem-jvm-threads} ({@code
 * dev.tandem.threads.ExecutorFutures}, {@code FutureExecutor}) and {@code tandem-interop}
 * (conversions and coroutines). The contract test kit that every implementation passes ships
 * as this module's {@code test-jar} (package {@code dev.tandem.api.contract}).
 *
 * <p>Every type in this package is null-marked (JSpecify): a parameter or result may be null
 * only where it says {@code @Nullable}. Type parameters of futures admit nullable types, so a
 * Kotlin caller may use {@code AsyncFuture<String?>}.
 */
@NullMarked
package dev.tandem.api;

import org.jspecify.annotations.NullMarked;
