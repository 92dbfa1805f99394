package dev.tandem.interop

import dev.tandem.api.ContextPropagator
import dev.tandem.threads.ExecutorFutures
import java.lang.ref.Reference
import java.lang.ref.WeakReference
import java.time.Duration
import java.util.concurrent.atomic.AtomicReference
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.DisposableHandle
import org.awaitility.Awaitility
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The snapshot a propagating `Deferred` view captures at `invokeOnCompletion` is dropped with the
 * handler: once it ran, and once its handle was disposed. The value is an object reachable only
 * through the snapshot; a weak reference to it is seen held while the handler is pending, and
 * must clear while the view is still referenced. (The same for the futures and their JDK and
 * Guava views: conformance's `ContextSnapshotReleaseTest`.)
 */
@Timeout(value = 15, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class ContextDeferredReleaseTest {
    private val marker = ThreadLocal<Any>()
    private val propagator = ContextPropagator.ofThreadLocals(marker)

    @Test
    fun `the snapshot of a handler on a propagating deferred view is released once the handler ran`() {
        val source = ExecutorFutures.settable<String>(propagator)
        val view = source.asDeferred()
        var ran = false
        val captured = captureIn { view.invokeOnCompletion { ran = true } }
        assertHeld(captured)

        source.setResult("done")

        assertTrue(ran, "the handler ran in the completing thread")
        awaitReleased(captured)
        Reference.reachabilityFence(view)
    }

    @Test
    fun `the snapshot of a handler on a propagating deferred view is released once its handle was disposed`() {
        val source = ExecutorFutures.settable<String>(propagator)
        val view: Deferred<String> = source.asDeferred()
        /* Only the deferred holds the handle once it is disposed: a handle kept holds its handler. */
        val handle = AtomicReference<DisposableHandle>()
        val captured = captureIn { handle.set(view.invokeOnCompletion { }) }
        assertHeld(captured)

        handle.getAndSet(null).dispose()

        awaitReleased(captured)
        assertFalse(view.isCompleted, "kept pending to the end")
    }

    private fun captureIn(registration: () -> Unit): WeakReference<Any> {
        val value = Any()
        marker.set(value)
        try {
            registration()
        } finally {
            marker.remove()
        }
        return WeakReference(value)
    }

    private fun assertHeld(captured: WeakReference<Any>) {
        System.gc()
        assertNotNull(captured.get(), "the pending handler's snapshot holds the value")
    }

    private fun awaitReleased(captured: WeakReference<Any>) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until {
                System.gc()
                captured.get() == null
            }
    }
}
