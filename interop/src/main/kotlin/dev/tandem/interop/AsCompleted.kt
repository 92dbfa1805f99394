@file:JvmName("TandemFlows")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import java.util.concurrent.CancellationException
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * A cold [Flow] that emits each of these futures once it is done, in the order they complete
 * (Python's `as_completed`), then completes. Futures of both kinds may be mixed.
 *
 * - **What is emitted.** The done future itself, so a failure or a cancellation does not end the
 *   flow: the collector reads `result()` or `exception()` as it likes. A future listed twice is
 *   emitted once, as by `FutureWaits.asCompleted`, `LoopFutures.asCompleted` and Python's
 *   `as_completed`. An empty input gives an empty flow.
 * - **Order.** The order in which the completions are observed: an executor future's in its
 *   completing thread, a loop future's on its loop thread (so loop futures of one loop come in
 *   the order the loop completed them). Futures already done at collection time come first: the
 *   executor futures among them in input order, the loop futures at their loop's next step.
 * - **Threads.** Each collection registers one callback per future (a loop future's on its loop,
 *   through `callSoonThreadsafe` unless collected there) and emits on the collector's own
 *   context. Everything done before a future completed happens-before it is emitted, so reading
 *   it in the collector is safe even for a loop future collected on another thread.
 * - **Cancellation.** Cancelling the collector cancels none of the futures and removes the
 *   callbacks that have not run.
 * - **Closed loop.** A pending loop future whose loop is already closed can never complete: the
 *   flow then fails with a [dev.tandem.api.CancelledException] saying so, after the futures
 *   done before it.
 *
 * Nothing blocks.
 *
 * @sample dev.tandem.interop.samples.asCompletedFlowSample
 */
public fun <F : AsyncFuture<*>> Iterable<F>.asCompletedFlow(): Flow<F> {
    /* Identity, not equals: two distinct futures are two completions whatever equals says. */
    val futures = distinctByIdentity(this)
    return flow {
        if (futures.isEmpty()) return@flow
        val completions = Channel<Completion<F>>(Channel.UNLIMITED)
        val subscriptions = futures.map { future -> subscribeDone(future, completions) }
        try {
            repeat(futures.size) {
                val completion = completions.receive()
                completion.neverCompletes?.let { throw it }
                emit(completion.future)
            }
        } finally {
            subscriptions.forEach { it.dispose() }
        }
    }
}

private class Completion<F>(val future: F, val neverCompletes: CancellationException?)

@Suppress("UNCHECKED_CAST")
private fun <F : AsyncFuture<*>> subscribeDone(future: F, completions: Channel<Completion<F>>): Subscription {
    val source = FutureSource(future as AsyncFuture<Any?>)
    return source.subscribe(object : OutcomeSink<Any?> {
        override fun onValue(value: Any?) {
            completions.trySend(Completion(future, null))
        }

        override fun onFailure(failure: Throwable) {
            completions.trySend(Completion(future, null))
        }

        override fun onCancelled(cause: CancellationException) {
            /*
             * A cancelled future is done; a pending future on a closed loop is not, and is
             * reported instead of being emitted in a state the collector cannot read.
             */
            completions.trySend(Completion(future, if (future.isDone) null else cause))
        }
    })
}

private fun <F : Any> distinctByIdentity(futures: Iterable<F>): List<F> {
    val seen = java.util.Collections.newSetFromMap(java.util.IdentityHashMap<F, Boolean>())
    return futures.filter { seen.add(it) }
}
