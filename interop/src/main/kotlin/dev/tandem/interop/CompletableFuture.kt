@file:JvmName("TandemCompletableFutures")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.Deferred

/*
 * CompletableFuture has no cancel message. Everywhere in this file a cancel message crosses as
 * the message of the CancellationException the CompletableFuture holds: views are cancelled with
 * completeExceptionally(cancellationException), which makes isCancelled() true and hands that
 * very object to whenComplete/handle (get() and join() throw it up to JDK 22; from JDK 23 on they
 * throw a new CancellationException whose cause it is).
 */

/**
 * Returns a [CompletableFuture] view of this future: a live, two-way-cancelling view.
 *
 * - **Outcome.** The view completes with the future's value; completes exceptionally with the
 *   *same* failure object (wrappers stripped); or, if the future is cancelled, ends cancelled
 *   (`isCancelled()` is true) holding the future's [dev.tandem.api.CancelledException], so the
 *   cancel message is the message of the `CancellationException` the view holds (what
 *   `whenComplete` and `handle` receive; from JDK 23 on, `get()` and `join()` throw a new
 *   `CancellationException` with that one as its cause).
 * - **Threads.** The view is completed in the thread that observes the future's completion: the
 *   completing thread of an [ExecutorFuture], the loop thread of a [LoopFuture] (whose callback
 *   is registered on its loop through `callSoonThreadsafe` unless called there). The view's
 *   non-async dependents run in that thread.
 * - **Cancellation, both ways.** Cancelling the view (`cancel`, or `completeExceptionally` with
 *   a `CancellationException`, whose message then crosses) cancels the future, a loop future on
 *   its loop's thread; cancelling the future cancels the view. Barring a race with cancellation,
 *   the view ends with the future's outcome; a future already done is never cancelled.
 *
 * Unlike `ExecutorFutures.asCompletableFuture`, which for a future made by
 * `ExecutorFutures.from(cf)` hands back `cf` itself, this always returns a new view, so that a
 * cancel message given to the executor future reaches the `CompletableFuture` as well (`cf`
 * itself would be cancelled without one). Nothing blocks.
 *
 * @sample dev.tandem.interop.samples.asCompletableFutureSample
 */
public fun <T> AsyncFuture<T>.asCompletableFuture(): CompletableFuture<T> = completableFutureView(FutureSource(this))

/**
 * Returns an [ExecutorFuture] view of this completable future: a live, two-way-cancelling view.
 *
 * - **Outcome.** The view completes with this future's value, the *same* failure object
 *   (`CompletionException` stripped), or its cancellation with the message of the
 *   `CancellationException` this future holds.
 * - **Threads.** The view completes in the thread that completes this future; its callbacks run
 *   there (or at once in the registering thread if it is already done).
 * - **Cancellation, both ways.** Cancelling the view with a message completes this future with a
 *   [dev.tandem.api.CancelledException] carrying that message (so `isCancelled()` is true and
 *   `whenComplete` receives it); cancelling this future cancels the view. Barring a race with
 *   cancellation, the view ends with this future's outcome.
 *
 * It differs from `ExecutorFutures.from` (which keeps the message only in the adapter and
 * cancels this future with a plain `cancel`) in that the message reaches this future too.
 *
 * @sample dev.tandem.interop.samples.completableFutureAsExecutorFutureSample
 */
public fun <T> CompletableFuture<T>.asExecutorFuture(): ExecutorFuture<T> =
    executorFutureView(CompletableFutureSource(this))

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
 */
public fun <T> CompletableFuture<T>.asDeferred(): Deferred<T> = deferredView(CompletableFutureSource(this))

/**
 * Returns a [CompletableFuture] view of [deferred], for Java callers (Java sees it as
 * `TandemCompletableFutures.asCompletableFuture(deferred)`). From Kotlin, kotlinx-coroutines' own
 * `deferred.asCompletableFuture()` (package `kotlinx.coroutines.future`) has the same contract.
 *
 * - **Outcome.** The view completes with the deferred's value, the *same* failure object, or
 *   ends cancelled holding the deferred's `CancellationException` (message included).
 * - **Threads.** The view completes in the thread that completes the deferred; its non-async
 *   dependents run there.
 * - **Cancellation, both ways.** Cancelling the view (`cancel`, or `completeExceptionally` with a
 *   `CancellationException`) cancels the deferred with that exception, so its message crosses;
 *   cancelling the deferred cancels the view. Barring a race with cancellation, the view ends
 *   with the deferred's outcome.
 */
@JvmName("asCompletableFuture")
public fun <T> completableFutureOf(deferred: Deferred<T>): CompletableFuture<T> =
    completableFutureView(DeferredSource(deferred))
