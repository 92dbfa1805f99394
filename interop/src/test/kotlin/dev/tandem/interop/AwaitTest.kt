package dev.tandem.interop

import dev.tandem.api.CancelledException
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.loop.BackgroundLoop
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.io.IOException
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.TimeoutException
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

@OptIn(ExperimentalCoroutinesApi::class) // runCurrent, advanceTimeBy
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class AwaitTest {
    private lateinit var background: BackgroundLoop

    @BeforeEach
    fun startLoop() {
        background = EventLoops.startBackgroundLoop("await-loop")
    }

    @AfterEach
    fun stopLoop() {
        background.close()
    }

    private val loop get() = background.loop()

    private fun pendingExecutorFuture(): Pair<CompletableFuture<String?>, ExecutorFuture<String?>> {
        val backing = CompletableFuture<String?>()
        return backing to ExecutorFutures.from(backing)
    }

    @Test
    fun `await on a done loop future resumes at once, before the loop ran the future's own done callbacks`() = runTest {
        val idle = EventLoops.newEventLoop() // not running: the callbacks it schedules wait
        try {
            val future = idle.createFuture<String>()
            var callbackRan = false
            future.addDoneCallback { callbackRan = true }
            future.setResult("done")

            assertEquals("done", future.await())
            assertFalse(callbackRan, "the done callback waits for its loop; await did not")
        } finally {
            idle.close()
        }
    }

    @Test
    fun `await resumes with the value an executor future gets on another thread`() = runTest {
        val (backing, future) = pendingExecutorFuture()
        val result = async(Dispatchers.Default) { future.await() }
        onNewThread("completer") { backing.complete("v") }
        assertEquals("v", result.await())
    }

    @Test
    fun `await resumes with the same failure object and no CompletionException wrapper`() = runTest {
        val failure = IOException("boom")
        val future = ExecutorFutures.from(CompletableFuture<String>().apply { completeExceptionally(CompletionException(failure)) })
        val thrown = assertThrows<IOException> { future.await() }
        assertSame(failure, thrown)
    }

    @Test
    fun `await on a loop future from a foreign thread registers on the loop and resumes with its value`() = runTest {
        val future = loop.onLoop { loop.createFuture<String>() }
        /*
         * A direct addDoneCallback from this thread would throw WrongThreadException while the
         * loop runs; await must hop onto the loop instead.
         */
        val result = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { future.await() }
        assertTrue(result.isActive, "suspended until the loop completes the future")
        loop.onLoop { future.setResult("from the loop") }
        assertEquals("from the loop", result.await())
    }

    @Test
    fun `await on a cancelled future throws its CancelledException with the message`() = runTest {
        val future = loop.onLoop { loop.createFuture<String>().also { it.cancel("gone") } }
        val thrown = assertThrows<CancelledException> { future.await() }
        assertEquals("gone", thrown.message)
    }

    @Test
    fun `await of a nullable result returns null`() = runTest {
        val future: ExecutorFuture<String?> = ExecutorFutures.completed(null)
        assertNull(future.await())
    }

    @Test
    fun `cancelling the coroutine that awaits does not cancel an executor future`() = runTest {
        val (backing, future) = pendingExecutorFuture()
        val waiter = launch(start = CoroutineStart.UNDISPATCHED) { future.await() }
        waiter.cancelAndJoin()
        assertTrue(waiter.isCancelled)
        assertFalse(future.isCancelled, "await must leave the future to its other consumers")
        backing.complete("still usable")
        assertEquals("still usable", future.result())
    }

    @Test
    fun `cancelling the coroutine that awaits does not cancel a loop future`() = runTest {
        val future = loop.onLoop { loop.createFuture<String>() }
        val waiter = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { future.await() }
        waiter.cancelAndJoin()
        assertFalse(loop.onLoop { future.isCancelled })
    }

    @Test
    fun `awaitOrCancel cancels an executor future with the coroutine's cancellation message`() = runTest {
        val (_, future) = pendingExecutorFuture()
        val waiter = launch(start = CoroutineStart.UNDISPATCHED) { future.awaitOrCancel() }
        waiter.cancel(CancellationException("no longer needed"))
        waiter.join()
        assertTrue(future.isCancelled)
        assertEquals("no longer needed", assertThrows<CancelledException> { future.result() }.message)
    }

    @Test
    fun `awaitOrCancel cancels a loop future on its loop thread`() = runTest {
        val future = loop.onLoop { loop.createFuture<String>() }
        val cancelledOn = CompletableFuture<String>()
        loop.onLoop { future.addDoneCallback { cancelledOn.complete(Thread.currentThread().name) } }
        val waiter = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { future.awaitOrCancel() }
        waiter.cancelAndJoin()
        assertEquals(background.thread().name, cancelledOn.getWithin())
        assertTrue(loop.onLoop { future.isCancelled })
    }

    @Test
    fun `awaitOrCancel leaves a future that completed first with its value`() = runTest {
        val (backing, future) = pendingExecutorFuture()
        val waiter = async(start = CoroutineStart.UNDISPATCHED) { future.awaitOrCancel() }
        backing.complete("first")
        assertEquals("first", waiter.await())
        waiter.cancelAndJoin()
        assertFalse(future.isCancelled)
    }

    @Test
    fun `awaitWithTimeout throws TimeoutException when the time runs out and cancels nothing`() = runTest {
        val (_, future) = pendingExecutorFuture()
        val waiter = async { runCatching { future.awaitWithTimeout(5.seconds) } }
        advanceTimeBy(4.seconds)
        runCurrent()
        assertTrue(waiter.isActive, "4 of 5 seconds passed: still waiting")
        advanceTimeBy(2.seconds)
        assertTrue(waiter.await().exceptionOrNull() is TimeoutException)
        assertFalse(future.isCancelled)
    }

    @Test
    fun `awaitWithTimeout returns the value, also a null one, when it comes in time`() = runTest {
        val (backing, future) = pendingExecutorFuture()
        val waiter = async { future.awaitWithTimeout(java.time.Duration.ofSeconds(5)) }
        runCurrent()
        backing.complete(null)
        assertNull(waiter.await())
    }

    @Test
    fun `awaitWithTimeout with a zero timeout returns a done future's value and fails at once on a pending one`() = runTest {
        assertEquals("done", ExecutorFutures.completed("done").awaitWithTimeout(kotlin.time.Duration.ZERO))
        val (_, pending) = pendingExecutorFuture()
        assertThrows<TimeoutException> { pending.awaitWithTimeout(java.time.Duration.ZERO) }
        assertFalse(pending.isDone)
    }

    @Test
    fun `await works from a coroutine on the loop dispatcher without leaving the loop thread`() = runTest {
        val future: LoopFuture<String> = loop.onLoop { loop.createFuture() }
        val thread = withContext(loop.asCoroutineDispatcher()) {
            loop.callSoon { future.setResult("x") }
            future.await()
            Thread.currentThread()
        }
        assertSame(background.thread(), thread)
    }

    @Test
    fun `await on a done future returns without suspending, with the value, the same failure or the cancel message`() = runTest {
        val failure = IOException("disk")
        val loopDone = EventLoops.newEventLoop()
        try {
            val done: LoopFuture<String> = loopDone.createFuture()
            done.setResult("ready")
            val failed: LoopFuture<String> = loopDone.createFuture()
            failed.setException(failure)
            val cancelled = ExecutorFutures.cancelled<String>("too late")
            var value: String? = null
            var caught: Throwable? = null
            var cancelMessage: String? = null
            // UNDISPATCHED runs the coroutine in this thread until its first suspension: a
            // fast path that never suspends has finished all three awaits when launch returns.
            val job = launch(start = CoroutineStart.UNDISPATCHED) {
                value = done.await()
                caught = runCatching { failed.await() }.exceptionOrNull()
                cancelMessage = runCatching { cancelled.await() }.exceptionOrNull()?.message
            }
            assertTrue(job.isCompleted, "await on done futures must not suspend")
            assertEquals("ready", value)
            assertSame(failure, caught)
            assertEquals("too late", cancelMessage)
        } finally {
            loopDone.close()
        }
    }
}
