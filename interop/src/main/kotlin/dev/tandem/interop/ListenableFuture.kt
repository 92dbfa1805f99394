@file:JvmName("TandemListenableFutures")

package dev.tandem.interop

import com.google.common.util.concurrent.ListenableFuture
import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.threads.ExecutorFutures
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.Deferred

/*
 * Guava's ListenableFuture has no cancel message either. Every conversion here goes through the
 * executor-future adapters of tandem-jvm-threads (ExecutorFutures.from / asListenableFuture),
 * so this file adds no completion logic of its own: a ListenableFuture crosses as the
 * ExecutorFuture view of it, and the rules of the other files apply unchanged.
 */

/**
 * Returns a [ListenableFuture] view of this future: a live, two-way-cancelling view.
 *
 * - **Outcome.** The view completes with the future's value, fails with the *same* failure
 *   object (wrappers stripped; `get()` wraps it in `ExecutionException` as the JDK contract
 *   says), or ends cancelled: its `get()` then throws the future's
 *   [dev.tandem.api.CancelledException], message included. `cancel` on the view takes no
 *   message, so a cancellation from the view side reaches the future without one.
 * - **Threads.** The view completes in the thread that observes the future's completion (the
 *   loop thread for a [LoopFuture], whose callback is registered on its loop); its listeners run
 *   on the executors they were added with (with a direct executor, in that thread).
 * - **Cancellation, both ways.** Cancelling the view cancels the future (a loop future on its
 *   loop's thread); cancelling the future cancels the view. Barring a race with cancellation,
 *   the view ends with the future's outcome.
 *
 * @sample dev.tandem.interop.samples.asListenableFutureSample
 */
public fun <T> AsyncFuture<T>.asListenableFuture(): ListenableFuture<T> =
    ExecutorFutures.asListenableFuture(toExecutorFuture(this))

/**
 * Returns an [ExecutorFuture] view of this listenable future: `ExecutorFutures.from`, whose
 * contract it is (a live view; cancelling either side cancels the other; the view's callbacks
 * run in the thread that completes this future).
 */
public fun <T> ListenableFuture<T>.asExecutorFuture(): ExecutorFuture<T> = ExecutorFutures.from(this)

/**
 * Returns a [LoopFuture] view of this listenable future on [loop], with the contract of
 * [AsyncFuture.asLoopFuture]: the value, the *same* failure object (`ExecutionException`
 * stripped) or the cancellation crosses into the loop through `callSoonThreadsafe`; cancelling
 * the view cancels this future from the loop thread; barring a race with cancellation the view
 * ends with this future's outcome; closing the loop cancels a pending view and this future.
 *
 * @throws java.util.concurrent.RejectedExecutionException if [loop] is already closed
 * @throws IllegalArgumentException if [loop] does not come from `dev.tandem.loop.EventLoops`
 */
public fun <T> ListenableFuture<T>.asLoopFuture(loop: EventLoop): LoopFuture<T> =
    ExecutorFutures.from(this).asLoopFuture(loop)

/**
 * Returns a [Deferred] view of this listenable future, with the contract of
 * [AsyncFuture.asDeferred]: value, the *same* failure object, cancellation both ways (barring a
 * race with cancellation, the deferred ends with this future's outcome); the deferred completes
 * in the thread that completes this future.
 *
 * @sample dev.tandem.interop.samples.listenableFutureAsDeferredSample
 */
public fun <T> ListenableFuture<T>.asDeferred(): Deferred<T> = ExecutorFutures.from(this).asDeferred()

/**
 * Returns a [ListenableFuture] view of this deferred: a live, two-way-cancelling view. The view
 * completes in the thread that completes the deferred, with its value, the *same* failure
 * object, or cancelled; cancelling the view cancels the deferred and vice versa; barring a race
 * with cancellation, the view ends with the deferred's outcome.
 */
public fun <T> Deferred<T>.asListenableFuture(): ListenableFuture<T> =
    ExecutorFutures.asListenableFuture(asExecutorFuture())

/**
 * Returns a [ListenableFuture] view of this completable future: a live, two-way-cancelling
 * view completed in the thread that completes this future (value, the *same* failure object,
 * cancellation); cancelling either cancels the other; barring a race with cancellation, the
 * view ends with this future's outcome.
 */
public fun <T> CompletableFuture<T>.asListenableFuture(): ListenableFuture<T> =
    ExecutorFutures.asListenableFuture(asExecutorFuture())

/**
 * Returns a [CompletableFuture] view of this listenable future: a live, two-way-cancelling view
 * completed in the thread that completes this future (value, the *same* failure object with
 * `ExecutionException` stripped, cancellation); cancelling the view, with
 * `completeExceptionally(CancellationException(message))` or `cancel`, cancels this future and
 * vice versa; barring a race with cancellation, the view ends with this future's outcome.
 */
public fun <T> ListenableFuture<T>.asCompletableFuture(): CompletableFuture<T> =
    ExecutorFutures.asCompletableFuture(ExecutorFutures.from(this))

private fun <T> toExecutorFuture(future: AsyncFuture<T>): ExecutorFuture<T> =
    when (future) {
        is ExecutorFuture<T> -> future
        is LoopFuture<T> -> future.asExecutorFuture()
        else -> executorFutureView(FutureSource(future), propagatorOfSource(future))
    }
