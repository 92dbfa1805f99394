@file:JvmName("TandemContextElements")

package dev.tandem.interop

import dev.tandem.api.ContextPropagator
import dev.tandem.api.ContextSnapshot
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.ThreadContextElement

/**
 * A coroutine context element that makes a [ContextSnapshot] current on the thread while the
 * coroutine runs, and only then: the way a coroutine sees the same thread-local context (an SLF4J
 * MDC, a trace span, a plain `ThreadLocal`) that a Java callback registered at the same place
 * would see. It is kotlinx's [ThreadContextElement], as `MDCContext` of `kotlinx-coroutines-slf4j`
 * is for the MDC alone, over any [ContextPropagator].
 *
 * - **When.** Every time the coroutine starts or resumes on a thread, the snapshot is opened
 *   there; every time it suspends or completes, the scope is closed, which puts back exactly what
 *   the thread held before (a value the thread did not have is removed again). So the coroutine
 *   sees the captured values across every suspension and on every dispatcher, and a thread that
 *   runs it is left as it was between two resumptions.
 * - **Immutable.** The snapshot is taken once. A value the coroutine changes on the thread itself
 *   (`MDC.put`) lasts until its next suspension, then is lost; to change the context for a block
 *   of a coroutine, capture again and switch:
 *   `withContext(propagator.capture().asContextElement()) { … }`.
 * - **Children.** Child coroutines inherit the element with their context and so see the same
 *   values; a snapshot may be open on several threads at once.
 * - **One per coroutine.** The element has one [Key]: adding another replaces it (the last one
 *   added wins, as for every coroutine context element).
 *
 * [EventLoop.launchFuture][launchFuture] and [EventLoop.submitCoroutine][submitCoroutine] on a
 * loop built with context propagation add one captured at launch; elsewhere add it yourself:
 * `scope.launch(dispatcher + propagator.capture().asContextElement()) { … }`.
 *
 * Thread safety: immutable; it may be shared by any number of coroutines on any threads.
 *
 * @sample dev.tandem.interop.samples.asContextElementSample
 */
public class ContextSnapshotElement internal constructor(
    /** The snapshot this element opens on every resumption. */
    public val snapshot: ContextSnapshot,
) : AbstractCoroutineContextElement(Key), ThreadContextElement<ContextSnapshot.Scope> {

    /** The key of [ContextSnapshotElement] in a coroutine context. */
    public companion object Key : CoroutineContext.Key<ContextSnapshotElement>

    /** Opens the snapshot on the thread that is about to run the coroutine. */
    override fun updateThreadContext(context: CoroutineContext): ContextSnapshot.Scope = snapshot.open()

    /** Closes the scope [updateThreadContext] opened, on the same thread, as the coroutine leaves it. */
    override fun restoreThreadContext(context: CoroutineContext, oldState: ContextSnapshot.Scope) {
        oldState.close()
    }

    override fun toString(): String = "ContextSnapshotElement($snapshot)"
}

/**
 * This snapshot as a coroutine context element: a coroutine whose context holds it runs with the
 * snapshot open on every thread it runs on, across suspensions, and leaves each thread as it
 * found it. See [ContextSnapshotElement].
 */
public fun ContextSnapshot.asContextElement(): ContextSnapshotElement = ContextSnapshotElement(this)
