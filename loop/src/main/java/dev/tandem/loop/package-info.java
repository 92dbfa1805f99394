/**
 * Tandem's event loop and loop futures: Python's asyncio loop and {@code asyncio.Future} for the
 * JVM.
 *
 * <p>What is here: {@link dev.tandem.loop.EventLoops} (create loops, on the calling thread, in
 * the {@linkplain dev.tandem.loop.BackgroundLoop background}, or {@linkplain
 * dev.tandem.loop.EventLoops#hosted hosted} on a thread someone else runs, through a {@link
 * dev.tandem.loop.LoopHost}; {@code tandem-netty} and {@code tandem-swing} provide hosts), {@link
 * dev.tandem.loop.EventLoopBuilder} (clock, exception handler, debug mode), {@link
 * dev.tandem.loop.ManualClock} (a fake clock for timer tests), {@link
 * dev.tandem.loop.LoopExceptionHandler} and {@link dev.tandem.loop.LoopErrorContext} (where
 * callback failures and unretrieved failures go), and {@link dev.tandem.loop.LoopFutures}
 * (gather, wait, as-completed, shield, wait-for, and adopting futures of any kind into a loop),
 * which work on any {@link dev.tandem.api.EventLoop} that keeps the loop contract, not only on
 * these loops. Structured concurrency: {@link dev.tandem.loop.LoopTaskGroup} (asyncio's {@code
 * TaskGroup}: children of either kind that end before the group completes) and {@link
 * dev.tandem.loop.LoopDeadline} (asyncio's {@code timeout}: a time limit on the loop's clock); an
 * open group or deadline is the current scope while the code it runs runs, kept in a
 * thread-local that Tandem's context propagation can carry (a package-private {@code
 * ContextPropagator}). For operating these loops: {@link dev.tandem.loop.LoopOperations} (health
 * snapshots as {@link dev.tandem.loop.LoopHealth}, the exception handler of a live loop, a
 * graceful shutdown, future names and the {@linkplain dev.tandem.loop.PendingFuture pending
 * dump}) and the blocked-loop watchdog configured on the builder; see {@code
 * docs/operating.md}. The contracts themselves are in {@code dev.tandem.api}.
 *
 * <p>What is not: executor futures and blocking waits ({@code tandem-jvm-threads}), Kotlin
 * coroutines and conversions ({@code tandem-interop}). Implementation classes are
 * package-private: one file per combinator, the rules they share in {@code Combinators}, and
 * the small SPI that lets their futures live on any loop in {@code FutureHost}.
 *
 * <h2>Words</h2>
 *
 * <ul>
 *   <li>A <b>source</b> is the future something reads its outcome from.
 *   <li>A <b>view</b> is a live future of another type or another loop whose state is its own,
 *       copied from its source when the source completes, and whose cancellation cancels the
 *       source: {@link dev.tandem.loop.LoopFutures#adopt} makes views, and so does every
 *       combinator for an input of another kind. Nothing is copied into a view that is already
 *       done, or into a closed loop.
 *   <li>An <b>adapter</b> is an object whose state <em>is</em> its source's, read live, with no
 *       state of its own ({@code tandem-jvm-threads}' {@code ExecutorFutures.from}). The loop
 *       module makes no adapter of futures; its one adapter is {@code ForeignLoopHost}, which
 *       presents a foreign loop to loop futures through that loop's public methods.
 * </ul>
 */
@NullMarked
package dev.tandem.loop;

import org.jspecify.annotations.NullMarked;
