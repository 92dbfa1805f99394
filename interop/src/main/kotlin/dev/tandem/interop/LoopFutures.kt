@file:JvmName("TandemLoopFutures")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.loop.LoopFutures
import java.util.concurrent.RejectedExecutionException

/**
 * Returns a [LoopFuture] view of this future on [loop] (asyncio's `wrap_future`): a live,
 * two-way-cancelling view. For a loop future of [loop] itself it returns this future.
 *
 * - **Outcome.** The view completes with the source's value, fails with the *same* failure
 *   object (executor futures report it with `CompletionException` / `ExecutionException`
 *   wrappers already stripped), or is cancelled with the source's cancel message.
 * - **Threads.** The outcome always crosses into [loop] through `callSoonThreadsafe`, so the
 *   view completes, and its callbacks run, on the loop thread, at a later loop step. An
 *   [ExecutorFuture] source is observed in its completing thread; a loop future of another loop
 *   on that loop's thread. Callable from any thread (a foreign thread's registration travels
 *   through the loop's inbox); the returned view, like every loop future, may then only be
 *   mutated on the loop thread (or while the loop is not running).
 * - **Cancellation, both ways.** Cancelling the view cancels the source with the cancel message
 *   (an executor future from the loop thread, another loop's future on its own thread);
 *   cancelling the source cancels the view. Barring a race with cancellation, the view ends with
 *   the source's outcome; nothing is copied into a view already cancelled, and a source that is
 *   already done is never cancelled.
 * - **Closing the loop** cancels a pending view with a message saying the loop closed, which
 *   also cancels the source; nothing is copied into a closed loop.
 *
 * This is `LoopFutures.adopt` of the loop module, which rejects a closed loop at the call site.
 *
 * @throws RejectedExecutionException if [loop] is already closed
 * @throws IllegalArgumentException if [loop] does not come from `dev.tandem.loop.EventLoops`
 * @sample dev.tandem.interop.samples.asLoopFutureSample
 */
public fun <T> AsyncFuture<T>.asLoopFuture(loop: EventLoop): LoopFuture<T> {
    /* The loop module's adopt is asyncio's wrap_future with exactly these rules; reuse it. */
    return LoopFutures.adopt(loop, this)
}

/**
 * Fails fast, at the call site, for a closed loop (the design's reliability rule), before a
 * conversion builds the intermediate view that `LoopFutures.adopt` would then refuse.
 */
internal fun requireOpen(loop: EventLoop) {
    if (loop.isClosed) throw RejectedExecutionException("the event loop $loop is closed")
}
