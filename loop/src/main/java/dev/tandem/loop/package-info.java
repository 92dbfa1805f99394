/**
 * Tandem's event loop and loop futures: Python's asyncio loop and {@code asyncio.Future} for the
 * JVM.
 *
 * <p>What is here: {@link dev.tandem.loop.EventLoops} (create loops, on the calling thread or
 * in the {@linkplain dev.tandem.loop.BackgroundLoop background}), {@link
 * dev.tandem.loop.EventLoopBuilder} (clock, exception handler, debug mode), {@link
 * dev.tandem.loop.ManualClock} (a fake clock for timer tests), {@link
 * dev.tandem.loop.LoopExceptionHandler} and {@link dev.tandem.loop.LoopErrorContext} (where
 * callback failures and unretrieved failures go), and {@link dev.tandem.loop.LoopFutures}
 * (gather, wait, as-completed, shield, wait-for, and adopting futures of any kind into a loop).
 * The contracts themselves are in {@code dev.tandem.api}.
 *
 * <p>What is not: executor futures and blocking waits ({@code tandem-jvm-threads}), Kotlin
 * coroutines and conversions ({@code tandem-interop}). Implementation classes are
 * package-private.
 */
@NullMarked
package dev.tandem.loop;

import org.jspecify.annotations.NullMarked;
