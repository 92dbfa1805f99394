@file:JvmName("TandemDeferreds")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.loop.LoopFutures
import kotlinx.coroutines.Deferred

/**
 * Returns a [Deferred] view of this future: a live, two-way-cancelling view.
 *
 * - **Outcome.** The deferred completes with the future's value; fails with the *same* failure
 *   object (a `CompletionException` / `ExecutionException` wrapper is stripped); or is cancelled
 *   with the future's [dev.tandem.api.CancelledException], so the cancel message becomes the
 *   message of the `CancellationException` that the deferred's `await()` throws.
 * - **Threads.** The deferred is completed in the thread that observes the future's completion:
 *   the completing thread for an [ExecutorFuture] (at once, in the calling thread, if it is
 *   already done); the loop thread for a [LoopFuture], whose callback is registered on its loop
 *   (through `callSoonThreadsafe` unless called there). The deferred's own completion handlers
 *   run in that thread; its awaiters resume on their own dispatchers.
 * - **Cancellation, both ways.** Cancelling the deferred cancels the future with the
 *   `CancellationException`'s message (a loop future on its loop's thread); cancelling the
 *   future cancels the deferred. Barring a race with cancellation, the view ends with the
 *   future's outcome; a view cancelled first stays cancelled and a failure that arrives after
 *   the cancellation is dropped. An already-done future is never cancelled.
 * - A view (made on another thread than the loop's) of a loop future still pending when its
 *   loop closes, before or after the view was made, ends cancelled with a message saying so.
 * - **Context.** If this future's loop or executor propagates context, a handler added to the
 *   deferred with `invokeOnCompletion` runs in the context of the thread that added it (captured
 *   there and then), and the deferred carries the propagator on ([dev.tandem.api.ContextCarrier])
 *   to the conversions made from it. Otherwise nothing is captured and the deferred is a plain
 *   `CompletableDeferred`. Coroutines awaiting it resume in their own context.
 *
 * Nothing blocks.
 *
 * @sample dev.tandem.interop.samples.asDeferredSample
 */
public fun <T> AsyncFuture<T>.asDeferred(): Deferred<T> = deferredView(FutureSource(this), propagatorOfSource(this))

/**
 * Returns a [LoopFuture] view of this deferred on [loop]: a live, two-way-cancelling view.
 *
 * - **Outcome.** The view completes with the deferred's value, fails with the *same* failure
 *   object (wrappers stripped), or is cancelled with the message of the deferred's
 *   `CancellationException`.
 * - **Threads.** The outcome always crosses into the loop through `callSoonThreadsafe`, even
 *   when the deferred completes on the loop thread, so the view completes, and its callbacks
 *   run, on the loop thread at a later loop step. Callable from any thread; like every loop
 *   future, the returned view may then only be mutated on the loop thread (or while the loop is
 *   not running).
 * - **Cancellation, both ways.** Cancelling the view cancels the deferred with a
 *   [dev.tandem.api.CancelledException] carrying the cancel message; cancelling the deferred
 *   cancels the view. Barring a race with cancellation, the view ends with the deferred's
 *   outcome; nothing is copied into a view that is already cancelled.
 * - **Closing the loop** cancels a pending view with a message saying the loop closed, which
 *   also cancels the deferred; nothing is copied into a closed loop.
 * - **Context.** The view is a future of [loop]: on a loop with context propagation its done
 *   callbacks run in the context of the thread that added them, as every loop future's do.
 *
 * The view is made by `LoopFutures.adopt` over [asExecutorFuture], so it follows the loop
 * module's adoption contract too.
 *
 * @throws java.util.concurrent.RejectedExecutionException if [loop] is already closed
 * @throws IllegalArgumentException if [loop] does not come from `dev.tandem.loop.EventLoops`
 * @sample dev.tandem.interop.samples.deferredAsLoopFutureSample
 */
public fun <T> Deferred<T>.asLoopFuture(loop: EventLoop): LoopFuture<T> {
    requireOpen(loop)
    return LoopFutures.adopt(loop, asExecutorFuture())
}

/**
 * Returns an [ExecutorFuture] view of this deferred: a live, two-way-cancelling view that any
 * thread may use, with blocking waits.
 *
 * - **Outcome.** The view completes with the deferred's value, the *same* failure object
 *   (wrappers stripped), or the deferred's cancellation with its message.
 * - **Threads.** The view is completed in the thread that completes the deferred, and its
 *   callbacks run there (or at once in the registering thread if it is already done).
 * - **Cancellation, both ways.** Cancelling the view (from any thread) cancels the deferred with
 *   a `CancellationException` carrying the cancel message; cancelling the deferred cancels the
 *   view. Barring a race with cancellation, the view ends with the deferred's outcome.
 * - **Blocking.** The view's waits block the calling thread; on an event loop's thread they fail
 *   fast instead (`BlockingOnLoopException`).
 * - **Context.** If a propagating loop or executor stands behind this deferred (it is the view
 *   of such a future, made by [asDeferred], or a coroutine dispatched on a loop with context
 *   propagation), the view carries that propagator: its done callbacks run in the context of the
 *   thread that added them. Otherwise nothing is captured.
 *
 * @sample dev.tandem.interop.samples.deferredAsExecutorFutureSample
 */
public fun <T> Deferred<T>.asExecutorFuture(): ExecutorFuture<T> =
    executorFutureView(DeferredSource(this), propagatorOfDeferred(this))
