package dev.tandem.interop

import dev.tandem.api.Failures
import dev.tandem.api.LoopFuture
import dev.tandem.loop.BackgroundLoop
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopTaskGroup
import dev.tandem.threads.FutureExecutor
import dev.tandem.threads.TaskGroup
import java.time.Duration
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.cancellation.CancellationException
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.awaitility.Awaitility.await as eventually
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

/**
 * Task groups and coroutines together, as interop/README.md's "Structured concurrency" section
 * describes: a Java group adopting a `Deferred`, a coroutine awaiting a loop group (and
 * `withTimeout` around it), and one thread-side group with pool and real-loop children.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class StructuredConcurrencyTest {
    private val background: BackgroundLoop = EventLoops.startBackgroundLoop("groups-loop")
    private val loop get() = background.loop()
    private val pool = FutureExecutor.newFixedPool(2, "groups-pool")
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    @AfterEach
    fun tearDown() {
        scope.cancel()
        pool.shutdown(false, true)
        background.close()
    }

    @Test
    fun `a Java task group adopts a Deferred, and the group's shutdown cancels the coroutine with the message`() {
        val started = CompletableFuture<Unit>()
        val rates = scope.async<String> {
            started.complete(Unit)
            awaitCancellation()
        }
        val boom = IllegalStateException("pricing failed")
        val group = TaskGroup.open("quote")
        group.adopt("rates", rates.asExecutorFuture())
        started.getWithin()
        group.submit<String>("pricing", pool) { throw boom }

        val thrown = assertThrows<IllegalStateException> { group.close() }

        assertSame(boom, thrown)
        eventually().until { rates.isCompleted }
        assertContains(rates.getCompletionExceptionOrNull()!!.message!!, "'pricing'")
    }

    @Test
    fun `a coroutine on the loop awaits a loop task group of a pool task and a loop timer`() {
        val answer =
            loop.onLoop {
                loop.launchFuture {
                    val group = LoopTaskGroup.open(loop, "coroutine-group")
                    val fromPool = group.adopt(pool.submit { 6 * 7 })
                    val fromTimer = group.start {
                        val timer = loop.createFuture<String>()
                        loop.callLater(Duration.ofMillis(10)) { timer.setResult("tick") }
                        timer
                    }
                    group.close().await() // suspends; the loop keeps running
                    "${fromTimer.result()} ${fromPool.result()}"
                }
            }
        assertEquals("tick 42", answer.asCompletableFuture().getWithin())
    }

    @Test
    fun `withTimeout around a group's completion cancels the group and, NonCancellable, waits for its children`() {
        val childSawTheTimeout = CompletableFuture<String?>()
        val groupDoneBeforeTheCoroutine = CompletableFuture<Boolean>()
        val outcome =
            loop.onLoop {
                loop.launchFuture {
                    val group = LoopTaskGroup.open(loop, "timed")
                    val child: LoopFuture<String> = group.adopt(loop.createFuture())
                    child.addDoneCallback { childSawTheTimeout.complete(Failures.cancelMessage(it)) }
                    val done = group.close()
                    try {
                        withTimeout(50.milliseconds) {
                            try {
                                done.await()
                            } catch (e: CancellationException) {
                                group.cancel(e.message) // the coroutine was cancelled: stop the children
                                withContext(NonCancellable) { done.await() } // and wait, as coroutineScope does
                                throw e
                            }
                        }
                        "no timeout"
                    } catch (e: TimeoutCancellationException) {
                        groupDoneBeforeTheCoroutine.complete(done.isDone)
                        "timed out"
                    }
                }
            }
        assertEquals("timed out", outcome.asCompletableFuture().getWithin())
        assertContains(childSawTheTimeout.getWithin()!!, "Timed out")
        assertTrue(groupDoneBeforeTheCoroutine.getWithin())
    }

    @Test
    fun `one thread-side group with pool and real-loop children, a loop failure cancelling the pool sibling`() {
        val waiting = CompletableFuture<Unit>()
        val poolSibling = CompletableFuture<Throwable>()
        val fromLoop = IllegalArgumentException("the loop child failed")
        val group = TaskGroup.open("mixed")
        val ok = group.startOnLoop("tick", loop) {
            val timer = loop.createFuture<String>()
            loop.callLater(Duration.ofMillis(5)) { timer.setResult("tick") }
            timer
        }
        group.submit<String>("pool", pool) {
            waiting.complete(Unit)
            try {
                dev.tandem.threads.ExecutorFutures.settable<String>().result(Duration.ofMinutes(5))
            } catch (e: CancellationException) {
                poolSibling.complete(e)
                throw e
            }
        }
        waiting.getWithin()
        ok.result(Duration.ofSeconds(5))
        group.startOnLoop("failing", loop) {
            val f = loop.createFuture<String>()
            loop.callSoon { f.setException(fromLoop) }
            f
        }

        assertSame(fromLoop, assertThrows<IllegalArgumentException> { group.close() })
        assertContains(poolSibling.getWithin().message!!, "'failing'")
        assertEquals("tick", ok.result())
    }
}
