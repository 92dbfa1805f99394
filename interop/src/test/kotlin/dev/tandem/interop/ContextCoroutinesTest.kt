package dev.tandem.interop

import dev.tandem.api.ContextPropagator
import dev.tandem.api.EventLoop
import dev.tandem.loop.BackgroundLoop
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The task builders and the dispatcher on a loop with context propagation, with a plain
 * `ThreadLocal`: a coroutine sees the launcher's value at every step, across suspensions on the
 * loop's timers and on futures completed by other threads, and the loop thread is clean between
 * its steps and afterwards.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class ContextCoroutinesTest {
    private val requestId = ThreadLocal<String>()
    private val propagator = ContextPropagator.ofThreadLocals(requestId)
    private lateinit var background: BackgroundLoop
    private val loop: EventLoop get() = background.loop()

    @BeforeEach
    fun startLoop() {
        background = EventLoops.builder().contextPropagator(propagator).startBackgroundLoop("context-loop")
    }

    @AfterEach
    fun stopLoop() {
        background.close()
        requestId.remove()
    }

    /** Runs [block] with [value] set on this thread, then removes it. */
    private fun <R> withRequestId(value: String, block: () -> R): R {
        requestId.set(value)
        try {
            return block()
        } finally {
            requestId.remove()
        }
    }

    /** What the loop thread holds in a callback queued from a thread that holds nothing. */
    private fun loopThreadValue(): String? = loop.onLoop { requestId.get() }

    /**
     * A coroutine that records the request id at its start, after a loop timer, after awaiting a
     * future another thread completes, and after a yield; [between] is released while it waits for
     * that future, so a test can look at the loop thread between two steps.
     */
    private class Steps {
        val seen = CompletableFuture<List<String?>>()
        val other = ExecutorFutures.settable<String>()
        val waiting = CountDownLatch(1)
    }

    private suspend fun Steps.record(requestId: ThreadLocal<String>): List<String?> {
        val steps = mutableListOf<String?>(requestId.get())
        delay(1)
        steps += requestId.get()
        waiting.countDown()
        other.await()
        steps += requestId.get()
        yield()
        steps += requestId.get()
        return steps
    }

    private fun Steps.finishFrom(threadName: String) {
        assertTrue(waiting.await(WAIT_SECONDS, TimeUnit.SECONDS))
        assertNull(loopThreadValue(), "the loop thread between two steps of the coroutine")
        onNewThread(threadName) { withRequestId("the completer's") { other.setResult("done") } }
    }

    @Test
    fun `launchFuture runs every step of its coroutine in the launcher's context and leaves the loop thread clean`() {
        val steps = Steps()
        val launched = withRequestId("req-1") {
            loop.launchFuture { steps.record(requestId) }.also { requestId.set("set after the launch") }
        }
        launched.addDoneCallbackFromAnyThread { steps.seen.complete(it.result()) }

        steps.finishFrom("completer")

        assertEquals(listOf("req-1", "req-1", "req-1", "req-1"), steps.seen.getWithin())
        assertNull(loopThreadValue(), "the loop thread after the coroutine")
    }

    @Test
    fun `submitCoroutine runs every step of its coroutine in the submitter's context`() {
        val steps = Steps()
        val submitted = withRequestId("req-2") { loop.submitCoroutine { steps.record(requestId) } }

        steps.finishFrom("completer")

        assertEquals(listOf("req-2", "req-2", "req-2", "req-2"), submitted.result(Duration.ofSeconds(WAIT_SECONDS)))
        assertNull(loopThreadValue())
    }

    @Test
    fun `a launcher without a value launches a coroutine that sees none, and a value the coroutine sets lasts until it suspends`() {
        val seen = CompletableFuture<List<String?>>()
        onNewThread("launcher") {
            loop.launchFuture {
                val atStart = requestId.get()
                requestId.set("set inside the coroutine")
                delay(1)
                listOf(atStart, requestId.get())
            }.addDoneCallbackFromAnyThread { seen.complete(it.result()) }
        }

        assertEquals(listOf(null, null), seen.getWithin(), "a value set inside lasts only until the next suspension")
        assertNull(loopThreadValue())
    }

    @Test
    fun `an element given in the context wins over the launcher's context`() {
        val given = withRequestId("given") { propagator.capture().asContextElement() }
        val task = withRequestId("launcher's") {
            loop.submitCoroutine(given) {
                delay(1)
                requestId.get()
            }
        }

        assertEquals("given", task.result(Duration.ofSeconds(WAIT_SECONDS)))
    }

    @Test
    fun `on a loop without propagation launchFuture captures nothing`() {
        EventLoops.startBackgroundLoop("plain-loop").use { plain ->
            val task = withRequestId("req-3") {
                plain.loop().submitCoroutine {
                    delay(1)
                    requestId.get()
                }
            }
            assertNull(task.result(Duration.ofSeconds(WAIT_SECONDS)))
        }
    }

    @Test
    fun `a coroutine launched on the dispatcher with an element sees its value at every step on the loop`() {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val steps = Steps()
            withRequestId("req-4") {
                scope.launch(loop.asCoroutineDispatcher() + propagator.capture().asContextElement()) {
                    steps.seen.complete(steps.record(requestId))
                }
            }

            steps.finishFrom("completer")

            assertEquals(listOf("req-4", "req-4", "req-4", "req-4"), steps.seen.getWithin())
            assertNull(loopThreadValue())
        } finally {
            scope.cancel()
        }
    }

    /** Adds a done callback on the loop thread; the callback itself is not what is under test. */
    private fun <T> dev.tandem.api.LoopFuture<T>.addDoneCallbackFromAnyThread(
        callback: (dev.tandem.api.AsyncFuture<T>) -> Unit,
    ) {
        loop.onLoop { addDoneCallback(callback) }
    }
}
