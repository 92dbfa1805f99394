@file:JvmName("TandemAwait")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.Failures
import dev.tandem.api.LoopFuture
import java.util.concurrent.CancellationException
import java.util.concurrent.TimeoutException
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.time.Duration
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Suspends until this future is done and returns its result, without blocking a thread. Works
 * on both kinds of future, from any coroutine on any dispatcher.
 *
 * - **Outcome.** Resumes with the value; with the *same* failure object the future holds
 *   (a `CompletionException` or `ExecutionException` wrapper is stripped, the way every Tandem
 *   conversion strips it); or, for a cancelled future, with its [dev.tandem.api.CancelledException],
 *   whose message is the cancel message. Since that is a [CancellationException], a coroutine that
 *   does not catch it ends cancelled, not failed. (In kotlinx-coroutines' debug mode, stack-trace
 *   recovery may rethrow a copy whose cause is the original; see the kotlinx documentation.)
 * - **Threads.** For a [LoopFuture] the callback is registered on the loop's thread: directly
 *   when called there, otherwise through `callSoonThreadsafe`, so awaiting from a foreign
 *   thread never trips the loop's thread check. For an [ExecutorFuture] it is registered
 *   directly. Either way the coroutine then resumes on its own dispatcher, and everything the
 *   completing thread did before completing the future happens-before the resumption. A future
 *   that is already done returns its outcome at once, without suspending and without a
 *   callback, so it may return before that future's own done callbacks have run (for a loop
 *   future: before its loop ran them).
 * - **Cancellation.** Cancelling the awaiting coroutine does **not** cancel the future (a future
 *   may have other consumers); the coroutine resumes at once with its `CancellationException`
 *   and the callback is removed (for a loop future, later, on its loop). Use [awaitOrCancel] to
 *   cancel the future as well.
 * - **Closed loop.** A pending loop future can never complete once its loop is closed, so
 *   awaiting it from another thread throws a [dev.tandem.api.CancelledException] saying the
 *   loop closed, whether the loop was closed before or closes during the await (for loops from
 *   `dev.tandem.loop.EventLoops`). On the loop's own thread, the coroutine awaiting is itself
 *   something the loop runs, and closing the loop cancels it (see [launchFuture]).
 *
 * Nothing blocks; a loop thread may await freely from a coroutine on
 * [asCoroutineDispatcher].
 *
 * **Context.** A coroutine that carries a [ContextSnapshotElement] (as the coroutines of
 * [launchFuture] and [submitCoroutine] on a loop with context propagation do) sees the same
 * values after the await as before it, whichever thread completed the future and whatever that
 * thread held.
 *
 * @sample dev.tandem.interop.samples.awaitSample
 */
public suspend fun <T> AsyncFuture<T>.await(): T = awaitInternal(this, cancelOnCancellation = false)

/**
 * Suspends until this future is done and returns its result, exactly like [await], except that
 * cancelling the awaiting coroutine also cancels the future: the future is cancelled with the
 * message of the coroutine's `CancellationException` (for a [LoopFuture], on its loop's thread
 * through `callSoonThreadsafe`). Barring a race with the future's own completion, the future ends
 * cancelled; if it completed first, it keeps its outcome and is never cancelled afterwards.
 *
 * Use it when this coroutine is the future's only consumer, as kotlinx-coroutines' own
 * `Deferred.await` in a structured scope would.
 *
 * @sample dev.tandem.interop.samples.awaitOrCancelSample
 */
public suspend fun <T> AsyncFuture<T>.awaitOrCancel(): T = awaitInternal(this, cancelOnCancellation = true)

/**
 * Suspends at most [timeout] for this future's result, like [await], and throws
 * [java.util.concurrent.TimeoutException] if the time runs out first. Running out of time cancels
 * nothing (as `ExecutorFuture.result(Duration)`): the future keeps running and may still be
 * awaited again. The time is measured by the coroutine's dispatcher: on
 * [asCoroutineDispatcher] by the loop's own timers (`callLater`, so a loop with a fake clock
 * drives it), under `runTest` by virtual time.
 *
 * To cancel the future on timeout, write `withTimeout(t) { future.awaitOrCancel() }`; [await]
 * works inside kotlinx's `withTimeout` as any cancellable suspension does.
 *
 * A zero or negative [timeout] does not wait: it returns the outcome of a future that is already
 * done (an executor future, or a loop future when called on its loop's thread; a loop future
 * read from another thread cannot be seen done without waiting for its loop) and otherwise
 * throws [TimeoutException] at once.
 *
 * @throws TimeoutException if the future is not done within [timeout]
 * @sample dev.tandem.interop.samples.awaitWithTimeoutSample
 */
public suspend fun <T> AsyncFuture<T>.awaitWithTimeout(timeout: Duration): T {
    if (!timeout.isPositive()) {
        val visiblyDone = if (this is LoopFuture<*>) loop().inLoopThread() && isDone else isDone
        if (visiblyDone) return await()
        throw TimeoutException("the future was not done (timeout $timeout): $this")
    }
    /*
     * withTimeoutOrNull returns null only when its own timer fired; boxing the result keeps a
     * legitimately null T apart from a timeout, and an outer cancellation still propagates.
     */
    val box = withTimeoutOrNull(timeout) { Box(await()) }
        ?: throw TimeoutException("the future was not done within $timeout: $this")
    return box.value
}

/**
 * The same as [awaitWithTimeout] with a `java.time.Duration`.
 *
 * @throws TimeoutException if the future is not done within [timeout]
 */
public suspend fun <T> AsyncFuture<T>.awaitWithTimeout(timeout: java.time.Duration): T =
    awaitWithTimeout(timeout.toKotlinDuration())

private class Box<T>(val value: T)

private suspend fun <T> awaitInternal(future: AsyncFuture<T>, cancelOnCancellation: Boolean): T {
    /*
     * Fast path, as kotlinx's CompletionStage.await has: a done future never changes again, and
     * both kinds publish their outcome safely (a loop future with a release store), so reading it
     * here from any thread is sound and no suspension or callback is needed.
     */
    if (future.isDone) {
        /*
         * One read for the common case, a value: result() of a done future returns it or throws.
         * A throw falls back to doneOutcome, which reads the outcome again and throws what await
         * promises (the same failure object, unwrapped; a cancellation as is).
         */
        return try {
            future.result()
        } catch (notAValue: Throwable) {
            doneOutcome(future)
        }
    }
    val source = FutureSource(future)
    return suspendCancellableCoroutine { continuation ->
        val subscription = source.subscribe(ContinuationSink(continuation))
        continuation.invokeOnCancellation { cause ->
            /*
             * Runs in the cancelling thread and must not throw or block. Removing the callback
             * keeps a long-lived future from retaining cancelled waiters; for a loop future both
             * steps hop onto the loop, where LoopThreads.cancelUnlessDone re-checks isDone so a future that
             * completed in the meantime is never cancelled afterwards.
             */
            subscription.dispose()
            if (cancelOnCancellation) {
                source.cancel(cause as? CancellationException ?: CancellationException(cause?.message))
            }
        }
    }
}

/** The outcome of a done future, as await resumes with it: unwrapped, cancellation as is. */
private fun <T> doneOutcome(future: AsyncFuture<T>): T {
    if (future.isCancelled) throw Failures.cancellation(future)
    val failure = future.exception()
    if (failure != null) throw Failures.unwrap(failure)
    return future.result()
}

private class ContinuationSink<T>(private val continuation: CancellableContinuation<T>) : OutcomeSink<T> {
    override fun onValue(value: T) {
        continuation.resume(value)
    }

    override fun onFailure(failure: Throwable) {
        continuation.resumeWithException(failure)
    }

    override fun onCancelled(cause: CancellationException) {
        continuation.resumeWithException(cause)
    }
}
