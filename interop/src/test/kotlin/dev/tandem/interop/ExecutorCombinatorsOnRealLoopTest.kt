package dev.tandem.interop

import dev.tandem.api.Failures
import dev.tandem.api.LoopFuture
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorCombinators
import dev.tandem.threads.ExecutorFutures
import dev.tandem.threads.FutureExecutor
import java.time.Duration
import java.util.concurrent.CompletableFuture
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * `ExecutorCombinators` over Tandem's real event loop (jvm-threads' own tests use a fake one):
 * an executor chain through a loop future and back, and a mixed `allOf` cancelled from a thread.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class ExecutorCombinatorsOnRealLoopTest {

    @Test
    fun `an executor chain through a loop future and back keeps each kind's threads`() {
        FutureExecutor.newFixedPool(1).use { pool ->
            EventLoops.startBackgroundLoop("combinators-loop").use { background ->
                val loop = background.loop()
                val onLoop: LoopFuture<Int> = loop.onLoop { loop.createFuture<Int>() }
                val composedOn = CompletableFuture<String>()
                val viaLoop = ExecutorCombinators.compose(pool.submit { 6 }) { onLoop }
                viaLoop.addDoneCallback { composedOn.complete(Thread.currentThread().name) }
                val back = ExecutorCombinators.compose(viaLoop) { v -> pool.submit { v * 7 } }
                loop.onLoop { onLoop.setResult(6) }
                assertEquals(42, back.result(Duration.ofSeconds(WAIT_SECONDS)))
                assertEquals("combinators-loop", composedOn.getWithin())
            }
        }
    }

    @Test
    fun `cancelling a mixed allOf cancels the loop future on its loop with the message`() {
        EventLoops.startBackgroundLoop("combinators-cancel").use { background ->
            val loop = background.loop()
            val onLoop: LoopFuture<String> = loop.onLoop { loop.createFuture<String>() }
            val onThreads = ExecutorFutures.settable<String>()
            val all = ExecutorCombinators.allOf(listOf(onLoop, onThreads))
            assertTrue(all.cancel("not needed"))
            assertEquals("not needed", Failures.cancelMessage(onThreads))
            assertEquals("not needed", loop.onLoop { Failures.cancelMessage(onLoop) })
        }
    }

    @Test
    fun `a pending loop future of a closed loop cancels the composed future with a message`() {
        val loop = EventLoops.newEventLoop()
        val pending: LoopFuture<String> = loop.createFuture()
        loop.close()
        val out = ExecutorCombinators.compose(ExecutorFutures.completed(1)) { pending }
        assertTrue(out.isCancelled)
        assertTrue(Failures.cancelMessage(out)!!.contains("closed"), Failures.cancelMessage(out))
    }

    @Test
    fun `a loop that closes while an allOf waits on its pending future cancels the allOf`() {
        val background = EventLoops.startBackgroundLoop("combinators-closing")
        val loop = background.loop()
        val pending: LoopFuture<String> = loop.onLoop { loop.createFuture<String>() }
        val all = ExecutorCombinators.allOf(listOf(pending, ExecutorFutures.completed("x")))
        background.close()
        assertTrue(all.isCancelled, "the close reached the waiting allOf")
        assertTrue(Failures.cancelMessage(all)!!.contains("closed"), Failures.cancelMessage(all))
    }
}
