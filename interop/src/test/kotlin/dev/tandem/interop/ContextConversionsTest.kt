package dev.tandem.interop

import com.google.common.util.concurrent.MoreExecutors
import dev.tandem.api.ContextCarrier
import dev.tandem.api.ContextPropagator
import dev.tandem.api.EventLoop
import dev.tandem.api.LoopFuture
import dev.tandem.loop.BackgroundLoop
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertNotSame
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * Context propagation through the conversions that involve a `Deferred`, and the loop future's
 * executor view, with a plain `ThreadLocal`. Every case has three parties, each on a thread of its
 * own with a value of its own: the **converter** makes the view, the **registrant** adds user
 * code to it (and sets another value right after), the **completer** completes the source. The
 * user code must see the registrant's value, wherever it runs, and leave its thread clean.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class ContextConversionsTest {
    private val requestId = ThreadLocal<String>()
    private val propagator = ContextPropagator.ofThreadLocals(requestId)
    private lateinit var background: BackgroundLoop
    private val loop: EventLoop get() = background.loop()

    /* A thread without propagation, to complete sources on and to look at afterwards. */
    private lateinit var completer: ExecutorService

    @BeforeEach
    fun start() {
        background = EventLoops.builder().contextPropagator(propagator).startBackgroundLoop("context-loop")
        completer = Executors.newSingleThreadExecutor { Thread(it, "completer") }
    }

    @AfterEach
    fun stop() {
        completer.shutdownNow()
        background.close()
        requestId.remove()
    }

    private fun <R> withRequestId(value: String, block: () -> R): R {
        requestId.set(value)
        try {
            return block()
        } finally {
            requestId.remove()
        }
    }

    /** Runs [block] on a new thread holding [value], then setting "set after registering". */
    private fun registerOnNewThread(value: String, block: () -> Unit) {
        onNewThread("registrant") {
            withRequestId(value) {
                block()
                requestId.set("set after registering")
            }
        }
    }

    /** Runs [block] on the loop thread from a thread holding [value], so the block holds it too. */
    private fun registerOnLoop(value: String, block: () -> Unit) {
        withRequestId(value) {
            loop.onLoop {
                block()
                requestId.set("set after registering")
            }
        }
    }

    /** Runs [block] on the completer thread while it holds the completer's own value. */
    private fun completeFromCompleter(block: () -> Unit) {
        completer.submit {
            withRequestId("the completer's") { block() }
        }.get(WAIT_SECONDS, TimeUnit.SECONDS)
    }

    /** Completes [future] on its loop, from a callback queued by a thread holding the completer's value. */
    private fun <T> completeOnLoop(future: LoopFuture<T>, value: T) {
        withRequestId("the completer's") { loop.callSoonThreadsafe { future.setResult(value) } }
    }

    private fun loopThreadValue(): String? = loop.onLoop { requestId.get() }

    private fun completerThreadValue(): String? = completer.submit<String?> { requestId.get() }.get(WAIT_SECONDS, TimeUnit.SECONDS)

    /** What the user code saw, and on which thread. */
    private class Seen {
        val value = CompletableFuture<String?>()
        val thread = CompletableFuture<String>()

        fun record(requestId: ThreadLocal<String>) {
            thread.complete(Thread.currentThread().name.substringBefore(" @"))
            value.complete(requestId.get())
        }
    }

    // ---- AsyncFuture.asDeferred ----

    @Test
    fun `invokeOnCompletion on the deferred view of a loop future runs in its registrant's context on the loop`() {
        val source = loop.onLoop { loop.createFuture<String>() }
        val view = withRequestId("the converter's") { source.asDeferred() }
        val seen = Seen()
        registerOnNewThread("req-1") { view.invokeOnCompletion { seen.record(requestId) } }

        completeOnLoop(source, "done")

        assertEquals("req-1", seen.value.getWithin())
        assertEquals("context-loop", seen.thread.getWithin())
        assertNull(loopThreadValue())
        assertNotSame(ContextPropagator.none(), ContextCarrier.propagatorOf(view), "the view carries the loop's propagator")
    }

    @Test
    fun `invokeOnCompletion on the deferred view of a propagating executor future runs in its registrant's context on the completing thread`() {
        val source = ExecutorFutures.settable<String>(propagator)
        val view = withRequestId("the converter's") { source.asDeferred() }
        val seen = Seen()
        registerOnNewThread("req-2") { view.invokeOnCompletion { seen.record(requestId) } }

        completeFromCompleter { source.setResult("done") }

        assertEquals("req-2", seen.value.getWithin())
        assertEquals("completer", seen.thread.getWithin())
        assertNull(completerThreadValue())
    }

    @Test
    fun `invokeOnCompletion on the deferred view of a propagating CompletableFuture view runs in its registrant's context`() {
        val source = ExecutorFutures.settable<String>(propagator)
        val view = withRequestId("the converter's") { ExecutorFutures.asCompletableFuture(source).asDeferred() }
        val seen = Seen()
        registerOnNewThread("req-3") { view.invokeOnCompletion { seen.record(requestId) } }

        completeFromCompleter { source.setResult("done") }

        assertEquals("req-3", seen.value.getWithin())
        assertNull(completerThreadValue())
    }

    @Test
    fun `invokeOnCompletion on a deferred view that is already done runs at once in the registering thread's own context`() {
        val source = ExecutorFutures.settable<String>(propagator)
        source.setResult("done")
        val view = source.asDeferred()
        val seen = Seen()

        withRequestId("req-4") { view.invokeOnCompletion { seen.record(requestId) } }

        assertEquals("req-4", seen.value.getWithin())
        assertNull(requestId.get())
    }

    @Test
    fun `the deferred view of a propagating future keeps the view's rules, cancelling its source with the message`() {
        val source = loop.onLoop { loop.createFuture<String>() }
        val view = source.asDeferred()

        view.cancel(java.util.concurrent.CancellationException("the client went away"))

        assertTrue(loop.onLoop { source.isCancelled })
        assertEquals("the client went away", loop.onLoop { dev.tandem.api.Failures.cancelMessage(source) })
        assertTrue(view.isCancelled)
    }

    @Test
    fun `the deferred view of a future without propagation captures nothing`() {
        val plain = ExecutorFutures.settable<String>()
        val view = plain.asDeferred()
        val seen = Seen()
        registerOnNewThread("req-5") { view.invokeOnCompletion { seen.record(requestId) } }

        completeFromCompleter { plain.setResult("done") }

        assertEquals("the completer's", seen.value.getWithin(), "the handler ran in whatever its thread held")
        assertTrue(view is CompletableDeferred<*>, "no wrapper: the view is the plain one")
        assertSame(ContextPropagator.none(), ContextCarrier.propagatorOf(view))
    }

    // ---- Deferred.asLoopFuture ----

    @Test
    fun `a done callback on the loop future view of a deferred runs in its registrant's context`() {
        val source = CompletableDeferred<String>()
        val view = withRequestId("the converter's") { source.asLoopFuture(loop) }
        val seen = Seen()
        registerOnLoop("req-6") { view.addDoneCallback { seen.record(requestId) } }

        completeFromCompleter { source.complete("done") }

        assertEquals("req-6", seen.value.getWithin())
        assertEquals("context-loop", seen.thread.getWithin())
        assertNull(loopThreadValue())
        assertNull(completerThreadValue())
    }

    // ---- LoopFuture.asExecutorFuture and Deferred.asExecutorFuture ----

    @Test
    fun `a done callback on the executor view of a loop future runs in its registrant's context on the loop`() {
        val source = loop.onLoop { loop.createFuture<String>() }
        val view = withRequestId("the converter's") { source.asExecutorFuture() }
        val seen = Seen()
        registerOnNewThread("req-7") { view.addDoneCallback { seen.record(requestId) } }

        completeOnLoop(source, "done")

        assertEquals("req-7", seen.value.getWithin())
        assertEquals("context-loop", seen.thread.getWithin())
        assertNull(loopThreadValue())
        assertNotSame(ContextPropagator.none(), ContextCarrier.propagatorOf(view))
    }

    @Test
    fun `the executor view of a propagating deferred view carries the propagator on`() {
        val source = loop.onLoop { loop.createFuture<String>() }
        val view = source.asDeferred().asExecutorFuture()
        val seen = Seen()
        registerOnNewThread("req-8") { view.addDoneCallback { seen.record(requestId) } }

        completeOnLoop(source, "done")

        assertEquals("req-8", seen.value.getWithin())
        assertNull(loopThreadValue())
    }

    @Test
    fun `the executor view of a coroutine dispatched on a propagating loop captures with the loop's propagator`() {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val release = CompletableDeferred<Unit>()
            val coroutine: Deferred<String> = scope.async(loop.asCoroutineDispatcher()) {
                release.await()
                "done"
            }
            val view = withRequestId("the converter's") { coroutine.asExecutorFuture() }
            val seen = Seen()
            registerOnNewThread("req-9") { view.addDoneCallback { seen.record(requestId) } }

            completeFromCompleter { release.complete(Unit) }

            assertEquals("req-9", seen.value.getWithin())
            assertEquals("context-loop", seen.thread.getWithin())
            assertNull(loopThreadValue())
        } finally {
            scope.cancel()
        }
    }

    // ---- the CompletableFuture and ListenableFuture views made through interop ----

    @Test
    fun `a listener on the ListenableFuture view of a loop future runs in its registrant's context`() {
        val source = loop.onLoop { loop.createFuture<String>() }
        val view = withRequestId("the converter's") { source.asListenableFuture() }
        val seen = Seen()
        registerOnNewThread("req-13") { view.addListener({ seen.record(requestId) }, MoreExecutors.directExecutor()) }

        completeOnLoop(source, "done")

        assertEquals("req-13", seen.value.getWithin())
        assertEquals("context-loop", seen.thread.getWithin())
        assertNull(loopThreadValue())
    }

    @Test
    fun `a dependent stage of the CompletableFuture view of a propagating deferred runs in its registrant's context`() {
        val source = loop.onLoop { loop.createFuture<String>() }
        val view = withRequestId("the converter's") { completableFutureOf(source.asDeferred()) }
        val seen = Seen()
        registerOnNewThread("req-14") { view.thenAccept { seen.record(requestId) } }

        completeOnLoop(source, "done")

        assertEquals("req-14", seen.value.getWithin())
        assertNull(loopThreadValue())
    }

    // ---- the task builders' futures ----

    @Test
    fun `a done callback on submitCoroutine's future runs in its registrant's context, not the coroutine's`() {
        val release = CompletableDeferred<Unit>()
        val task = withRequestId("the launcher's") {
            loop.submitCoroutine {
                release.await()
                "done"
            }
        }
        val seen = Seen()
        registerOnNewThread("req-10") { task.addDoneCallback { seen.record(requestId) } }

        completeFromCompleter { release.complete(Unit) }

        assertEquals("req-10", seen.value.getWithin())
        assertEquals("context-loop", seen.thread.getWithin())
        assertNull(loopThreadValue())
        assertNotSame(ContextPropagator.none(), ContextCarrier.propagatorOf(task))
    }

    @Test
    fun `a done callback on launchFuture's future runs in its registrant's context, not the coroutine's`() {
        val release = CompletableDeferred<Unit>()
        val task = withRequestId("the launcher's") {
            loop.launchFuture {
                release.await()
                "done"
            }
        }
        val seen = Seen()
        registerOnLoop("req-11") { task.addDoneCallback { seen.record(requestId) } }

        completeFromCompleter { release.complete(Unit) }

        assertEquals("req-11", seen.value.getWithin())
        assertNull(loopThreadValue())
    }

    @Test
    fun `a coroutine awaiting a propagating future resumes in its own context, not the completer's`() {
        val source = ExecutorFutures.settable<String>(propagator)
        val awaited = CountDownLatch(1)
        val task = withRequestId("req-12") {
            loop.submitCoroutine {
                awaited.countDown()
                val value = source.await()
                "$value with ${requestId.get()}"
            }
        }
        assertTrue(awaited.await(WAIT_SECONDS, TimeUnit.SECONDS))

        completeFromCompleter { source.setResult("done") }

        assertEquals("done with req-12", task.result(java.time.Duration.ofSeconds(WAIT_SECONDS)))
        assertNull(completerThreadValue())
    }
}
