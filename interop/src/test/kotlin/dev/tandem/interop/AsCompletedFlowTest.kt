package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.CancelledException
import dev.tandem.api.ExecutorFuture
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.io.IOException
import java.util.concurrent.CompletableFuture
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

@OptIn(ExperimentalCoroutinesApi::class) // runCurrent
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class AsCompletedFlowTest {

    private fun pending(): Pair<CompletableFuture<String>, ExecutorFuture<String>> {
        val backing = CompletableFuture<String>()
        return backing to ExecutorFutures.from(backing)
    }

    @Test
    fun `futures are emitted in the order they complete, not in input order`() = runTest {
        val (a, fa) = pending()
        val (b, fb) = pending()
        val (c, fc) = pending()
        val collected = async(start = CoroutineStart.UNDISPATCHED) {
            listOf(fa, fb, fc).asCompletedFlow().map { it.result() }.toList()
        }
        b.complete("b")
        runCurrent()
        c.complete("c")
        runCurrent()
        a.complete("a")
        assertEquals(listOf("b", "c", "a"), collected.await())
    }

    @Test
    fun `a future given twice is emitted once, as by every other as-completed`() = runTest {
        val (a, fa) = pending()
        val (_, fb) = pending()
        val done: ExecutorFuture<String> = ExecutorFutures.completed("done")
        val collected = async(start = CoroutineStart.UNDISPATCHED) {
            listOf(fa, done, fa, done).asCompletedFlow().toList()
        }
        runCurrent()
        a.complete("a")
        assertEquals(listOf<AsyncFuture<String>>(done, fa), collected.await())
        assertEquals(listOf<AsyncFuture<String>>(fb), listOf(fb, fb).asCompletedFlow().take(1).let { flow ->
            fb.cancel("stop")
            flow.toList()
        })
    }

    @Test
    fun `a failed or cancelled future is emitted and does not end the flow`() = runTest {
        val failure = IOException("boom")
        val failed: ExecutorFuture<String> = ExecutorFutures.failed(failure)
        val cancelled: ExecutorFuture<String> = ExecutorFutures.cancelled("gone")
        val ok: ExecutorFuture<String> = ExecutorFutures.completed("ok")
        val emitted = listOf(failed, cancelled, ok).asCompletedFlow().toList()
        assertEquals(listOf<AsyncFuture<String>>(failed, cancelled, ok), emitted, "already-done executor futures come in input order")
        assertSame(failure, emitted[0].exception())
        assertTrue(emitted[1].isCancelled)
    }

    @Test
    fun `loop futures and executor futures can be mixed and come in completion order`() = runTest {
        EventLoops.startBackgroundLoop("flow-loop").use { background ->
            val loop = background.loop()
            val onLoop = loop.onLoop { loop.createFuture<String>() }
            val (backing, onThreads) = pending()
            val collected = async(start = CoroutineStart.UNDISPATCHED) {
                listOf<AsyncFuture<String>>(onThreads, onLoop).asCompletedFlow().map { it.result() }.toList()
            }
            /*
             * The flow sees the loop future done in its done callback, which the loop runs at a
             * later step than setResult, so onLoop {} returning does not mean the flow saw it (nor
             * does onLoop.await(): it returns at once for a done future). Done callbacks run in
             * registration order, and the flow registered first: once this later callback has run,
             * the flow has the loop future, and only then does the executor future complete.
             */
            val flowSawTheLoopFuture = CompletableFuture<Unit>()
            loop.onLoop {
                onLoop.setResult("loop first")
                onLoop.addDoneCallback { flowSawTheLoopFuture.complete(Unit) }
            }
            flowSawTheLoopFuture.getWithin()
            backing.complete("then threads")
            assertEquals(listOf("loop first", "then threads"), collected.await())
        }
    }

    @Test
    fun `an empty input gives an empty flow`() = runTest {
        assertEquals(emptyList(), emptyList<AsyncFuture<String>>().asCompletedFlow().toList())
    }

    @Test
    fun `cancelling the collector cancels none of the futures`() = runTest {
        val (_, future) = pending()
        val collector = launch(start = CoroutineStart.UNDISPATCHED) { listOf(future).asCompletedFlow().toList() }
        collector.cancelAndJoin()
        assertFalse(future.isCancelled)
    }

    @Test
    fun `a cancelled collector removes the callbacks it registered`() = runTest {
        val (_, backing) = pending()
        val future = CountingFuture(backing)
        val collector = launch(start = CoroutineStart.UNDISPATCHED) { listOf(future).asCompletedFlow().toList() }
        assertEquals(0, future.removals)
        collector.cancelAndJoin()
        assertEquals(1, future.removals)
    }

    @Test
    fun `taking fewer than all stops early and leaves the rest pending`() = runTest {
        val (_, slow) = pending()
        val fast = ExecutorFutures.completed("fast")
        assertEquals(listOf("fast"), listOf(slow, fast).asCompletedFlow().take(1).map { it.result() }.toList())
        assertFalse(slow.isDone)
    }

    @Test
    fun `a pending loop future of a closed loop makes the flow fail instead of hanging`() = runTest {
        val loop = EventLoops.newEventLoop()
        val never = loop.createFuture<String>()
        loop.close()
        val done = ExecutorFutures.completed("done")
        val emitted = mutableListOf<String>()
        val thrown = assertThrows<CancelledException> {
            listOf<AsyncFuture<String>>(done, never).asCompletedFlow().collect { emitted += it.result() }
        }
        assertEquals(listOf("done"), emitted)
        assertTrue(thrown.message!!.contains("closed"))
    }
}
