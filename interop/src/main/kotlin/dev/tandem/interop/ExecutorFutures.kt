@file:JvmName("TandemExecutorFutures")

package dev.tandem.interop

import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture

/**
 * Returns an [ExecutorFuture] view of this loop future: a live, two-way-cancelling view that any
 * thread may use, with blocking waits (the thread side of asyncio's `run_coroutine_threadsafe`).
 *
 * - **Outcome.** The view completes with the loop future's value, the *same* failure object
 *   (wrappers stripped), or its cancellation with the cancel message.
 * - **Threads.** The callback on the loop future is registered on its loop thread (through
 *   `callSoonThreadsafe` unless called there), so the view completes in the loop thread and its
 *   own callbacks run there (or at once in the registering thread if it is already done).
 *   Everything done on the loop before the loop future completed happens-before a read that
 *   sees the view done.
 * - **Cancellation, both ways.** Cancelling the view from any thread cancels the loop future
 *   with the cancel message, on the loop thread (through `callSoonThreadsafe`), and never a loop
 *   future that is already done; cancelling the loop future cancels the view. Barring a race
 *   with cancellation, the view ends with the loop future's outcome.
 * - **Closed loop.** A view of a loop future still pending when its loop is closed (before or
 *   after the view was made) ends cancelled with a message saying the loop closed; it never
 *   stays pending. This holds for views made on another thread than the loop's, the usual case.
 * - **Blocking.** The view's waits block the calling thread; on the loop's thread they fail fast
 *   (`BlockingOnLoopException`), since only the loop could complete it.
 * - **Context.** On a loop with context propagation the view carries the loop's propagator: its
 *   done callbacks run in the context of the thread that added them (on the loop thread that
 *   completes it), and its `CompletableFuture` / `ListenableFuture` views capture likewise.
 *
 * @sample dev.tandem.interop.samples.loopFutureAsExecutorFutureSample
 */
public fun <T> LoopFuture<T>.asExecutorFuture(): ExecutorFuture<T> =
    executorFutureView(FutureSource(this), propagatorOfSource(this))
