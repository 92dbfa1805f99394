@file:JvmName("InteropSourcesAndSinks")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.CancelledException
import dev.tandem.api.ContextPropagator
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.Failures
import dev.tandem.api.LoopFuture
import dev.tandem.api.LoopThreads
import dev.tandem.threads.ExecutorFutures
import dev.tandem.threads.SettableExecutorFuture
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi

/*
 * The machinery every conversion in this package shares. A conversion is always the same three
 * steps: subscribe to the source's outcome (a Source), copy the outcome into the view, and let a
 * cancelled view cancel the source. Writing them once keeps the rules (unwrapping, the
 * "nothing copied into a cancelled view" check, the "never cancel a done future" check, the hop
 * onto the loop) identical on every path.
 */

/** Receives one outcome of a source; exactly one method is called, at most once. */
internal interface OutcomeSink<in T> {
    fun onValue(value: T)

    /** A failure that is not a cancellation, already unwrapped. */
    fun onFailure(failure: Throwable)

    fun onCancelled(cause: CancellationException)
}

/**
 * Hands a source's failure to this sink: unwrapped ([Failures.unwrap]), and as a cancellation if
 * what it wrapped was one.
 */
internal fun OutcomeSink<*>.onThrown(failure: Throwable) {
    val unwrapped = Failures.unwrap(failure)
    if (unwrapped is CancellationException) onCancelled(unwrapped) else onFailure(unwrapped)
}

/** Undoes a subscription where the source allows it; callable from any thread, idempotent. */
internal fun interface Subscription {
    fun dispose()
}

/** Something whose outcome can be observed and which can be cancelled from any thread. */
internal interface Source<T> {
    /** Subscribes [sink]; the sink may be called before this returns (already-done sources). */
    fun subscribe(sink: OutcomeSink<T>): Subscription

    /** Cancels the source, unless it is already done; from any thread. */
    fun cancel(cause: CancellationException)
}

/** Reads the outcome of a done future and hands it to [sink]. */
internal fun <T> deliverOutcome(future: AsyncFuture<T>, sink: OutcomeSink<T>) {
    if (future.isCancelled) {
        sink.onCancelled(Failures.cancellation(future))
        return
    }
    val failure = future.exception()
    if (failure != null) {
        sink.onThrown(failure)
    } else {
        sink.onValue(future.result())
    }
}

/**
 * An [AsyncFuture] as a [Source]; loop futures are only touched on their loop's thread, and a
 * loop that closes while its future is pending tells the sink so (`LoopThreads.observe`).
 */
internal class FutureSource<T>(private val future: AsyncFuture<T>) : Source<T> {
    override fun subscribe(sink: OutcomeSink<T>): Subscription {
        val loopFuture = future as? LoopFuture<T>
        if (loopFuture == null) {
            val callback = Consumer<AsyncFuture<T>> { deliverOutcome(it, sink) }
            future.addDoneCallback(callback)
            return Subscription { future.removeDoneCallback(callback) }
        }
        val loop = loopFuture.loop()
        val observation = LoopThreads.observe(
            loopFuture,
            { deliverOutcome(it, sink) },
            { sink.onCancelled(LoopThreads.loopClosed(loop)) },
        )
        return Subscription { observation.cancel() }
    }

    override fun cancel(cause: CancellationException) {
        LoopThreads.cancelUnlessDone(future, cause.message)
    }
}

/** A [Deferred] as a [Source]. */
internal class DeferredSource<T>(private val deferred: Deferred<T>) : Source<T> {
    @OptIn(ExperimentalCoroutinesApi::class)
    override fun subscribe(sink: OutcomeSink<T>): Subscription {
        /* The conversion's own handler is not user code: no context is captured for it. */
        val observed = if (deferred is ContextDeferred<T>) deferred.view else deferred
        val handle = observed.invokeOnCompletion { cause ->
            when (cause) {
                null -> sink.onValue(deferred.getCompleted())
                is CancellationException -> sink.onCancelled(cause)
                else -> sink.onThrown(cause)
            }
        }
        return Subscription { handle.dispose() }
    }

    override fun cancel(cause: CancellationException) {
        if (!deferred.isCompleted) deferred.cancel(cause)
    }
}

/** Delivers to [sink] and records that the view's outcome came from its source. */
private class MarkingSink<T>(private val fromSource: AtomicBoolean, private val sink: OutcomeSink<T>) :
    OutcomeSink<T> {
    override fun onValue(value: T) {
        fromSource.set(true)
        sink.onValue(value)
    }

    override fun onFailure(failure: Throwable) {
        fromSource.set(true)
        sink.onFailure(failure)
    }

    override fun onCancelled(cause: CancellationException) {
        fromSource.set(true)
        sink.onCancelled(cause)
    }
}

/**
 * An executor future that mirrors [source]: a settable executor future completed from the
 * source. Cancelling it (while the source has not delivered) cancels the source with the message.
 * With a [propagator] other than none, the done callbacks users add to it run in their
 * registrants' context, and it carries the propagator on (`ExecutorFutures.settable(propagator)`).
 */
internal fun <T> executorFutureView(source: Source<T>, propagator: ContextPropagator): ExecutorFuture<T> {
    val view = ExecutorFutures.settable<T>(propagator)
    val fromSource = AtomicBoolean()
    val subscription = source.subscribe(MarkingSink(fromSource, SettableSink(view)))
    view.addDoneCallback { done ->
        if (done.isCancelled && !fromSource.get()) {
            subscription.dispose()
            source.cancel(Failures.cancellation(done))
        }
    }
    return view
}

/** Completes a settable executor future; a cancellation keeps its message. */
private class SettableSink<T>(private val target: SettableExecutorFuture<T>) : OutcomeSink<T> {
    override fun onValue(value: T) {
        target.setResult(value)
    }

    override fun onFailure(failure: Throwable) {
        target.setException(failure)
    }

    override fun onCancelled(cause: CancellationException) {
        target.cancel(cause.message)
    }
}

/**
 * A `CompletableFuture` as a [Source]. Cancelling it from a view completes it with a
 * [CancelledException] carrying the view's message, so the message survives in a type that has
 * none of its own (`CompletableFuture.cancel` would drop it).
 */
internal class CompletableFutureSource<T>(private val future: CompletableFuture<T>) : Source<T> {
    override fun subscribe(sink: OutcomeSink<T>): Subscription {
        future.whenComplete { value, failure ->
            if (failure == null) {
                @Suppress("UNCHECKED_CAST")
                sink.onValue(value as T)
            } else {
                sink.onThrown(failure)
            }
        }
        /* A CompletableFuture cannot remove a dependent; the stage is dropped with the future. */
        return Subscription {}
    }

    override fun cancel(cause: CancellationException) {
        if (!future.isDone) future.completeExceptionally(CancelledException(cause.message))
    }
}

/**
 * A deferred that mirrors [source]. See `asDeferred` for the contract. With a [propagator] other
 * than none, the completion handlers users add to it run in their registrants' context.
 */
internal fun <T> deferredView(source: Source<T>, propagator: ContextPropagator): Deferred<T> {
    val view = CompletableDeferred<T>()
    val fromSource = AtomicBoolean()
    val subscription = source.subscribe(
        MarkingSink(fromSource, object : OutcomeSink<T> {
            override fun onValue(value: T) {
                view.complete(value)
            }

            override fun onFailure(failure: Throwable) {
                view.completeExceptionally(failure)
            }

            override fun onCancelled(cause: CancellationException) {
                view.cancel(cause)
            }
        }),
    )
    view.invokeOnCompletion { cause ->
        if (cause is CancellationException && !fromSource.get()) {
            subscription.dispose()
            source.cancel(cause)
        }
    }
    return if (propagator === ContextPropagator.none()) view else ContextDeferred(view, propagator)
}
