@file:JvmName("InteropContextPropagation")

package dev.tandem.interop

import dev.tandem.api.ContextCarrier
import dev.tandem.api.ContextPropagator
import dev.tandem.api.LoopFuture
import kotlin.coroutines.ContinuationInterceptor
import kotlinx.coroutines.CompletionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.InternalForInheritanceCoroutinesApi

/*
 * Context propagation through the conversions. A conversion captures where user code is
 * registered on the object it returns, with the propagator of the loop or executor that takes
 * part in it; the machinery of the conversion itself (the callbacks that copy an outcome from a
 * source into a view) captures nothing of its own. Which propagator that is, is written here once.
 */

/**
 * The propagator a conversion of [source] captures with: the one [source] carries, or for a loop
 * future that does not say, its loop's. [ContextPropagator.none] when no propagating loop or
 * executor takes part.
 */
internal fun propagatorOfSource(source: Any): ContextPropagator {
    val own = ContextCarrier.propagatorOf(source)
    if (own !== ContextPropagator.none() || source !is LoopFuture<*>) return own
    return ContextCarrier.propagatorOf(source.loop())
}

/**
 * The propagator of a [Deferred]: the one a Tandem view carries, or for a coroutine dispatched on
 * a Tandem loop ([asCoroutineDispatcher]) that loop's. A coroutine's `Deferred` is its own
 * [CoroutineScope], which is how its dispatcher is found.
 */
internal fun propagatorOfDeferred(deferred: Deferred<*>): ContextPropagator {
    val own = ContextCarrier.propagatorOf(deferred)
    if (own !== ContextPropagator.none()) return own
    val dispatcher = (deferred as? CoroutineScope)?.coroutineContext?.get(ContinuationInterceptor)
    return if (dispatcher is EventLoopDispatcher) ContextCarrier.propagatorOf(dispatcher.loop) else own
}

/**
 * A [Deferred] whose completion handlers run in the context of the thread that registered them,
 * captured with [propagator] at `invokeOnCompletion`: the `Deferred` view of a future whose loop
 * or executor propagates context. Everything else is [view]'s. It carries the propagator on, so a
 * further conversion of it ([asExecutorFuture], [asLoopFuture]) captures with the same one.
 *
 * Awaiting it needs nothing: a coroutine resumes in its own context ([ContextSnapshotElement]).
 */
@OptIn(InternalForInheritanceCoroutinesApi::class)
internal class ContextDeferred<T>(
    /** The deferred that holds the state; its own handlers capture nothing. */
    internal val view: Deferred<T>,
    private val propagator: ContextPropagator,
) : Deferred<T> by view, ContextCarrier {

    override fun invokeOnCompletion(handler: CompletionHandler): DisposableHandle =
        view.invokeOnCompletion(inRegistrantContext(handler))

    @InternalCoroutinesApi
    override fun invokeOnCompletion(
        onCancelling: Boolean,
        invokeImmediately: Boolean,
        handler: CompletionHandler,
    ): DisposableHandle = view.invokeOnCompletion(onCancelling, invokeImmediately, inRegistrantContext(handler))

    override fun contextPropagator(): ContextPropagator = propagator

    override fun toString(): String = view.toString()

    private fun inRegistrantContext(handler: CompletionHandler): CompletionHandler {
        val snapshot = propagator.capture()
        return { cause ->
            val scope = snapshot.open()
            try {
                handler(cause)
            } finally {
                scope.close()
            }
        }
    }
}
