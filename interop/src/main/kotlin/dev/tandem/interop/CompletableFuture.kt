@file:JvmName("TandemCompletableFutures")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.threads.ExecutorFutures
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.Deferred

/*
 * CompletableFuture has no cancel message. Everywhere in this file a cancel message crosses as
 * the message of the CancellationException the CompletableFuture holds: it is cancelled with
 * completeExceptionally(cancelledException), which makes isCancelled() true and hands that very
 * object to whenComplete/handle. Tandem's views rethrow that object from get() and join() on
 * every JDK (from JDK 23 on the JDK itself would throw a new CancellationException caused by it).
 */

/**
 * Returns a [CompletableFuture] view of this future: `ExecutorFutures.asCompletableFuture`, the
 * same class from Java and Kotlin, with the conversion rules of this module (see the module
 * README).
 *
 * - **Outcome.** The view completes with the future's value, the *same* failure object, or ends
 *   cancelled holding the future's [dev.tandem.api.CancelledException], so the cancel message is
 *   the message `get()`, `join()`, `whenComplete` and `handle` see, on every JDK.
 * - **Threads.** The view is completed in the thread that completes an [ExecutorFuture], on the
 *   loop thread for a [LoopFuture] (its callback is registered there through
 *   `callSoonThreadsafe` unless called there). The view's non-async dependents run in that
 *   thread.
 * - **Cancellation, both ways.** `cancel` (true whenever the view is cancelled afterwards, as the
 *   JDK says) or `completeExceptionally` with a `CancellationException` cancels the future with
 *   that message, a loop future on its loop's thread; cancelling the future cancels the view.
 * - **Blocking.** `get`, `get(timeout)` and `join` on a view that is not done, and on its
 *   dependent stages, throw [dev.tandem.api.BlockingOnLoopException] on a running loop's thread.
 *
 * For a future made by `ExecutorFutures.from(cf)` this returns `cf` itself.
 *
 * @sample dev.tandem.interop.samples.asCompletableFutureSample
 */
public fun <T> AsyncFuture<T>.asCompletableFuture(): CompletableFuture<T> = ExecutorFutures.asCompletableFuture(this)

/**
 * Returns an [ExecutorFuture] adapter of this completable future: `ExecutorFutures.from`, whose
 * state is this future's, read live. Cancelling the adapter with a message completes this future
 * with a [dev.tandem.api.CancelledException] carrying that message (so `isCancelled()` is true
 * and `whenComplete` receives it); cancelling this future cancels the adapter, with the message
 * of the `CancellationException` this future holds. Its callbacks run in the thread that
 * completes this future (or at once in the registering thread if it is already done).
 *
 * @sample dev.tandem.interop.samples.completableFutureAsExecutorFutureSample
 */
public fun <T> CompletableFuture<T>.asExecutorFuture(): ExecutorFuture<T> = ExecutorFutures.from(this)

/**
 * Returns a [LoopFuture] view of this completable future on [loop]: a live, two-way-cancelling
 * view, with the contract of [AsyncFuture.asLoopFuture]: the outcome (value, the *same* failure
 * object with `CompletionException` stripped, or cancellation with the message of the
 * `CancellationException` this future holds) crosses into the loop through
 * `callSoonThreadsafe`; cancelling the view cancels this future from the loop thread, and the
 * view's cancel message becomes the message of the `CancellationException` this future then
 * holds; barring a race with cancellation the view ends with this future's outcome; closing the
 * loop cancels a pending view and this future.
 *
 * @throws java.util.concurrent.RejectedExecutionException if [loop] is already closed
 * @throws IllegalArgumentException if [loop] does not come from `dev.tandem.loop.EventLoops`
 */
public fun <T> CompletableFuture<T>.asLoopFuture(loop: EventLoop): LoopFuture<T> {
    requireOpen(loop)
    return asExecutorFuture().asLoopFuture(loop)
}

/**
 * Returns a [Deferred] view of this completable future: a live, two-way-cancelling view.
 *
 * It differs from kotlinx-coroutines' `CompletionStage.asDeferred()` (which this function,
 * having the more specific receiver, takes precedence over) only in keeping the message when the
 * view is cancelled: this future then holds a `CancellationException` with the deferred's
 * cancellation message instead of a plain one.
 *
 * - **Outcome.** The deferred completes with this future's value, fails with the *same* failure
 *   object (`CompletionException` stripped), or is cancelled with the `CancellationException`
 *   this future holds, message included.
 * - **Threads.** The deferred completes in the thread that completes this future.
 * - **Cancellation, both ways.** Cancelling the deferred cancels this future; cancelling this
 *   future cancels the deferred. Barring a race with cancellation, the deferred ends with this
 *   future's outcome.
 * - **Context.** For a view of a Tandem future whose loop or executor propagates context
 *   (`asCompletableFuture()`), handlers added with `invokeOnCompletion` run in their registrant's
 *   context, as for [AsyncFuture.asDeferred]; for any other `CompletableFuture`, nothing is
 *   captured.
 */
public fun <T> CompletableFuture<T>.asDeferred(): Deferred<T> =
    deferredView(CompletableFutureSource(this), propagatorOfSource(this))

/**
 * Returns a [CompletableFuture] view of [deferred], for Java callers (Java sees it as
 * `TandemCompletableFutures.asCompletableFuture(deferred)`): the view of
 * [Deferred.asExecutorFuture], so the same class and rules as [AsyncFuture.asCompletableFuture]
 * (deadlock guard included), which kotlinx-coroutines' own `deferred.asCompletableFuture()`
 * does not have.
 *
 * - **Outcome.** The view completes with the deferred's value, the *same* failure object, or
 *   ends cancelled with a [dev.tandem.api.CancelledException] carrying the deferred's
 *   cancellation message.
 * - **Threads.** The view completes in the thread that completes the deferred; its non-async
 *   dependents run there.
 * - **Cancellation, both ways.** Cancelling the view (`cancel`, or `completeExceptionally` with a
 *   `CancellationException`) cancels the deferred with a `CancellationException` carrying that
 *   message; cancelling the deferred cancels the view.
 */
@JvmName("asCompletableFuture")
public fun <T> completableFutureOf(deferred: Deferred<T>): CompletableFuture<T> =
    ExecutorFutures.asCompletableFuture(deferred.asExecutorFuture())
