@file:JvmName("TandemLoopDispatchers")

package dev.tandem.interop

import dev.tandem.api.EventLoop
import dev.tandem.api.LoopThreads
import java.util.concurrent.CancellationException
import java.util.concurrent.RejectedExecutionException
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Delay
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job

/**
 * This event loop as a coroutine dispatcher: every coroutine (and every resumption of one) that
 * uses it runs on the loop's thread, so it may touch the loop's [dev.tandem.api.LoopFuture]s
 * directly and needs no locks for loop-confined state.
 *
 * - **Threads and order.** A dispatch from the loop thread goes through `callSoon`, from any
 *   other thread through `callSoonThreadsafe` (which wakes the loop); it never runs the coroutine
 *   inline, so resumptions queue in FIFO order with the loop's other callbacks and never grow
 *   the stack. Everything a thread did before dispatching happens-before the coroutine runs.
 * - **Time.** The dispatcher implements kotlinx's `Delay`: `delay`, `withTimeout` and
 *   [awaitWithTimeout] are served by the loop's own timers (`callLater`) on the loop's clock,
 *   not by another thread; with a loop built on a fake clock, advancing the clock drives them.
 *   Cancelling a `delay` cancels its timer.
 * - **Closed loop.** A dispatch the closed loop rejects cancels the coroutine's job (the message
 *   says the loop is closed) and runs the block on [Dispatchers.IO] so the coroutine can finish
 *   its cancellation (its `finally` blocks run there); a `delay` on a closed loop cancels the
 *   delaying coroutine the same way. Nothing waits forever.
 * - **Blocking.** The loop has one thread: a coroutine that blocks it stops the whole loop.
 *   Tandem's blocking waits fail fast there with `BlockingOnLoopException`.
 * - **Context.** On a loop with context propagation a dispatch is a registration like any
 *   `callSoon`: the step runs in the context of the thread that dispatched it, which after a
 *   suspension is whichever thread resumed the coroutine. For the context of the code that
 *   *launched* the coroutine at every step, the coroutine carries a [ContextSnapshotElement]:
 *   [launchFuture] and [submitCoroutine] add one captured at launch; with `launch` or `async`,
 *   add `propagator.capture().asContextElement()` to the context yourself.
 *
 * The dispatcher holds no state of its own: two calls return dispatchers that are equal, and
 * switching between them (`withContext`) does not re-dispatch.
 *
 * @sample dev.tandem.interop.samples.asCoroutineDispatcherSample
 */
public fun EventLoop.asCoroutineDispatcher(): CoroutineDispatcher = EventLoopDispatcher(this)

/*
 * Delay is an internal kotlinx API, implemented here for the same reason kotlinx's own Android
 * and JavaFx dispatchers implement it: timers must fire on the loop thread by the loop's clock.
 */
@OptIn(InternalCoroutinesApi::class)
internal class EventLoopDispatcher(internal val loop: EventLoop) : CoroutineDispatcher(), Delay {

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        try {
            if (loop.inLoopThread()) loop.callSoon(block) else loop.callSoonThreadsafe(block)
        } catch (e: RejectedExecutionException) {
            cancelOnRejection(context, e)
            Dispatchers.IO.dispatch(context, block)
        }
    }

    @OptIn(ExperimentalCoroutinesApi::class)
    override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
        val handle = try {
            loop.callLater(java.time.Duration.ofMillis(clampDelay(timeMillis)), DelayResumption(this, continuation))
        } catch (e: RejectedExecutionException) {
            continuation.cancel(closedCause(e))
            return
        }
        continuation.invokeOnCancellation { handle.cancel() }
    }

    override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle {
        val handle = try {
            loop.callLater(java.time.Duration.ofMillis(clampDelay(timeMillis)), block)
        } catch (e: RejectedExecutionException) {
            cancelOnRejection(context, e)
            return DisposableHandle {}
        }
        return DisposableHandle { handle.cancel() }
    }

    private fun cancelOnRejection(context: CoroutineContext, e: RejectedExecutionException) {
        context[Job]?.cancel(closedCause(e))
    }

    private fun closedCause(e: RejectedExecutionException): CancellationException =
        LoopThreads.loopClosed(loop).also { it.initCause(e) }

    override fun equals(other: Any?): Boolean = other is EventLoopDispatcher && other.loop === loop

    override fun hashCode(): Int = System.identityHashCode(loop)

    override fun toString(): String = "EventLoopDispatcher[$loop]"

    private companion object {
        /*
         * kotlinx passes delays up to Long.MAX_VALUE ms; the loop computes deadlines in
         * nanoseconds from its clock, so cap far below overflow (about 73 years).
         */
        const val MAX_DELAY_MILLIS: Long = Long.MAX_VALUE / 4 / 1_000_000

        fun clampDelay(timeMillis: Long): Long = timeMillis.coerceIn(0, MAX_DELAY_MILLIS)
    }
}

/**
 * The timer of a `delay` on the loop. Its `toString` names the waiting coroutine, so a loop's
 * reports (a graceful shutdown's unfinished work, a slow callback) say which coroutine it is.
 */
@OptIn(ExperimentalCoroutinesApi::class)
private class DelayResumption(
    private val dispatcher: CoroutineDispatcher,
    private val continuation: CancellableContinuation<Unit>,
) : Runnable {
    override fun run() {
        /*
         * Timers run on the loop thread, which is this dispatcher's thread: resuming undispatched
         * avoids a second trip through the queue.
         */
        with(continuation) { dispatcher.resumeUndispatched(Unit) }
    }

    override fun toString(): String = "delay of ${continuation.context[CoroutineName]?.name ?: "coroutine"} $continuation"
}
