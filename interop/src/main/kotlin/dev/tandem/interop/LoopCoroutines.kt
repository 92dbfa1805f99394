@file:JvmName("TandemLoopCoroutines")

package dev.tandem.interop

import dev.tandem.api.ContextCarrier
import dev.tandem.api.ContextPropagator
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.api.WrongThreadException
import dev.tandem.loop.LoopFutures
import dev.tandem.loop.LoopOperations
import java.util.concurrent.RejectedExecutionException
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async

/**
 * Starts a coroutine on this loop and returns its [LoopFuture] (asyncio's `create_task`): the
 * future completes with the coroutine's value, the same failure object it threw, or its
 * cancellation (with the `CancellationException`'s message).
 *
 * - **Threads.** The coroutine runs on the loop thread (on [asCoroutineDispatcher]), starting
 *   at a later loop step, never inline. Callable from any thread, but the returned future is
 *   loop-confined like every [LoopFuture]: only the loop thread (or a thread setting up a loop
 *   that is not running) may cancel it or add callbacks. Other threads that want a handle use
 *   [submitCoroutine].
 * - **Cancellation, both ways.** Cancelling the returned future cancels the coroutine at once
 *   with a `CancellationException` carrying the cancel message; cancelling the
 *   coroutine (from inside, or through a parent [kotlinx.coroutines.Job] in [context]) cancels
 *   the future. Barring a race with the coroutine's completion, the future then ends cancelled;
 *   a coroutine that finished first keeps its outcome.
 * - **Closing the loop** cancels the future with a message saying the loop closed, and with it
 *   the coroutine.
 * - **Name.** A [CoroutineName] in [context] becomes the future's name
 *   ([LoopOperations.named]; from a foreign thread while the loop runs, set on the loop thread),
 *   shown in its `toString()` and in the loop's pending-futures dump.
 * - **Structure.** [context] is added to the coroutine's context (its dispatcher is always this
 *   loop's); a [kotlinx.coroutines.Job] in it becomes the coroutine's parent. Without one the
 *   coroutine has no parent: the returned future is its handle, as with asyncio tasks, and a
 *   failure is reported through the future, not to an exception handler. [start] may be any
 *   mode but [CoroutineStart.LAZY] (nobody would start it).
 * - **Context.** On a loop built with context propagation, the context of the calling thread is
 *   captured here, at launch, with the loop's propagator, and the coroutine runs with it as a
 *   [ContextSnapshotElement]: every step of the coroutine, across suspensions, sees the values
 *   the launcher had (a value set after this call is not seen), and the loop thread is left as
 *   it was between steps. A [ContextSnapshotElement] in [context] is used instead. On a loop
 *   without propagation nothing is captured.
 *
 * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
 * @throws IllegalArgumentException if [start] is [CoroutineStart.LAZY]
 * @sample dev.tandem.interop.samples.launchFutureSample
 */
public fun <T> EventLoop.launchFuture(
    context: CoroutineContext = EmptyCoroutineContext,
    start: CoroutineStart = CoroutineStart.DEFAULT,
    block: suspend CoroutineScope.() -> T,
): LoopFuture<T> {
    if (isClosed) throw RejectedExecutionException("the event loop $this is closed; no coroutine can start on it")
    val future = startOnLoop(this, context, start, block).asLoopFuture(this)
    context[CoroutineName]?.let { nameFuture(this, future, it.name) }
    return future
}

/**
 * Submits a coroutine to this loop from any thread and returns an [ExecutorFuture] of its
 * outcome (asyncio's `run_coroutine_threadsafe`): a thread-side handle with blocking waits,
 * usable from any thread that is not the loop's.
 *
 * - **Threads.** The coroutine runs on the loop thread (on [asCoroutineDispatcher]); it is
 *   handed over with `callSoonThreadsafe`. The returned future completes in the loop thread, so
 *   its callbacks run there; everything the coroutine did happens-before a read that sees the
 *   future done.
 * - **Outcome.** The coroutine's value, the same failure object it threw, or its cancellation
 *   with the message.
 * - **Cancellation, both ways.** Cancelling the returned future (from any thread) cancels the
 *   coroutine on the loop, with a `CancellationException` carrying the cancel message;
 *   cancelling the coroutine cancels the future. Barring a race with the coroutine's completion,
 *   the future then ends cancelled.
 * - **Closed loop.** If the loop is closed (now, before the coroutine could run, or while it is
 *   suspended on the loop), the future ends cancelled with a message saying so, and the
 *   coroutine is cancelled; neither stays pending.
 * - **Blocking.** Waiting on the returned future from the loop's own thread would deadlock and
 *   fails fast (`BlockingOnLoopException`); there, use [launchFuture] or [await].
 *
 * [context] and [start] are used as in [launchFuture], and so is the context captured at
 * launch on a loop with context propagation (see [launchFuture]). The returned future carries the
 * loop's propagator: a callback added to it runs in the context of the thread that added it.
 *
 * @throws IllegalArgumentException if [start] is [CoroutineStart.LAZY]
 * @sample dev.tandem.interop.samples.submitCoroutineSample
 */
public fun <T> EventLoop.submitCoroutine(
    context: CoroutineContext = EmptyCoroutineContext,
    start: CoroutineStart = CoroutineStart.DEFAULT,
    block: suspend CoroutineScope.() -> T,
): ExecutorFuture<T> {
    val future = startOnLoop(this, context, start, block).asExecutorFuture()
    /*
     * The coroutine may be suspended on this loop (a timer, a loop future) when the loop closes;
     * close() drops those callbacks, so nothing would ever resume it. A loop-side view of the
     * future is something close() cancels, and cancelling that view cancels the future and with
     * it the coroutine, whose cancellation then finishes off the loop (see
     * asCoroutineDispatcher). On a loop that is already closed the dispatch was rejected and
     * the coroutine is cancelled that way instead.
     */
    if (!isClosed) {
        try {
            LoopFutures.adopt(this, future)
        } catch (_: RejectedExecutionException) {
            /* closed in the meantime: the rejected dispatch cancels the coroutine */
        }
    }
    return future
}

private fun <T> startOnLoop(
    loop: EventLoop,
    context: CoroutineContext,
    start: CoroutineStart,
    block: suspend CoroutineScope.() -> T,
): Deferred<T> {
    require(start != CoroutineStart.LAZY) { "$start start is not supported: the returned future would never start the coroutine" }
    /*
     * A scope without a Job: the coroutine gets a parent only if the caller put one in
     * `context`, which is the structured-concurrency escape hatch asyncio tasks are. This is
     * not GlobalScope: the returned future owns the coroutine, and the loop's close() cancels it.
     */
    val scope = LoopScope(withLauncherContext(loop, context) + loop.asCoroutineDispatcher())
    return scope.async(start = start, block = block)
}

/**
 * [context] plus the calling thread's context as a [ContextSnapshotElement], captured with
 * [loop]'s propagator; [context] itself when the loop propagates nothing or [context] already
 * brings an element (the caller's choice wins).
 */
private fun withLauncherContext(loop: EventLoop, context: CoroutineContext): CoroutineContext {
    val propagator = ContextCarrier.propagatorOf(loop)
    if (propagator === ContextPropagator.none() || context[ContextSnapshotElement] != null) return context
    return context + propagator.capture().asContextElement()
}

/** Names a coroutine's future; from a foreign thread while the loop runs, on the loop thread. */
private fun nameFuture(loop: EventLoop, future: LoopFuture<*>, name: String) {
    try {
        LoopOperations.named(future, name)
    } catch (_: WrongThreadException) {
        try {
            loop.callSoonThreadsafe { LoopOperations.named(future, name) }
        } catch (_: RejectedExecutionException) {
            /* closed or shutting down meanwhile: the future is cancelled, its name does not matter */
        }
    }
}

private class LoopScope(override val coroutineContext: CoroutineContext) : CoroutineScope
