package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.CancelledException
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.Failures
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopExceptionHandler
import dev.tandem.threads.ExecutorFutures
import dev.tandem.threads.FutureExecutor
import io.mockk.every
import io.mockk.mockk
import io.mockk.slot
import io.mockk.verify
import java.io.IOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.ExecutorService
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit
import java.util.function.Consumer
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import org.awaitility.Awaitility.await as eventually
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class ReliabilityTest {

    // ---- closed loops ----

    @Test
    fun `a view on a closed loop is refused at the call site`() {
        val closed = EventLoops.newEventLoop().also { it.close() }
        assertThrows<RejectedExecutionException> { ExecutorFutures.completed("x").asLoopFuture(closed) }
        assertThrows<RejectedExecutionException> { CompletableDeferred<String>().asLoopFuture(closed) }
        assertThrows<RejectedExecutionException> { CompletableFuture<String>().asLoopFuture(closed) }
    }

    @Test
    fun `closing the loop cancels a pending view and through it the source deferred`() {
        val loop = EventLoops.newEventLoop()
        val source = CompletableDeferred<String>()
        val view = source.asLoopFuture(loop)
        loop.close()
        assertTrue(view.isCancelled)
        assertEquals("event loop closed", assertThrows<CancelledException> { view.result() }.message)
        eventually().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until { source.isCancelled }
    }

    @Test
    fun `awaiting a pending loop future of a closed loop fails instead of hanging`() = runTest {
        val loop = EventLoops.newEventLoop()
        val future = loop.createFuture<String>()
        loop.close()
        val thrown = assertThrows<CancelledException> { future.await() }
        assertTrue(thrown.message!!.contains("closed"), thrown.message)
    }

    @Test
    fun `an executor view of a pending loop future of a closed loop is cancelled, not pending forever`() {
        val loop = EventLoops.newEventLoop()
        val future = loop.createFuture<String>()
        loop.close()
        val view = future.asExecutorFuture()
        assertTrue(view.isCancelled)
        assertTrue(assertThrows<CancelledException> { view.result() }.message!!.contains("closed"))
    }

    @Test
    fun `an await from another thread ends when the loop closes instead of waiting forever`() = runTest {
        val background = EventLoops.startBackgroundLoop("closing-loop")
        val future = background.loop().onLoop { background.loop().createFuture<String>() }
        val waiter = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { runCatching { future.await() } }
        val view = future.asExecutorFuture()
        background.close()
        val thrown = waiter.await().exceptionOrNull()
        assertTrue(thrown is CancelledException && thrown.message!!.contains("closed"), thrown.toString())
        eventually().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until { view.isDone }
        assertTrue(view.isCancelled, "the executor view is cancelled, not pending forever")
    }

    // ---- a failure after a successful cancel ----

    /*
     * The first mockk() in a JVM generates and loads its proxy machinery (ByteBuddy), which took
     * 6 to 9 s on a loaded 2-core machine and once more than the class's 10 s, failing the test
     * before it began. The test itself takes milliseconds; the build's 60 s default bounds it.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    fun `a failure that arrives after the view was cancelled is dropped, not reported`() {
        val service = mockk<ExecutorService>()
        val queued = slot<Runnable>()
        every { service.execute(capture(queued)) } answers {}
        val handler = mockk<LoopExceptionHandler>(relaxed = true)
        val executor = FutureExecutor.wrapping(service)
        val release = CountDownLatch(1)
        val failure = IOException("too late")
        val task = executor.submit<String> {
            release.await(WAIT_SECONDS, TimeUnit.SECONDS)
            throw failure
        }
        val worker = Thread(queued.captured, "worker").also { it.start() }
        eventually().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until { task.isRunning }

        EventLoops.builder().exceptionHandler(handler).startBackgroundLoop("drop-loop").use { background ->
            val loop = background.loop()
            val view = task.asLoopFuture(loop)
            assertTrue(loop.onLoop { view.cancel("stop") }, "the view itself can always be cancelled")
            release.countDown()
            worker.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS))
            assertSame(failure, task.exception(), "a running task cannot be cancelled; it failed")
            loop.onLoop {} // the copy the failure scheduled, if any, has run
            loop.onLoop {}
            assertEquals("stop", loop.onLoop { assertThrows<CancelledException> { view.result() }.message })
        }
        verify(exactly = 0) { handler.handle(any(), any()) }
    }

    // ---- unwrapping ----

    @Test
    fun `CompletionException and ExecutionException wrappers are stripped the same way on every path`() = runTest {
        val failure = IOException("inner")
        fun wrapped() = CompletableFuture<String>().apply { completeExceptionally(CompletionException(ExecutionException(failure))) }

        assertSame(failure, Failures.unwrap(CompletionException(ExecutionException(failure))))
        val bare = CompletionException("no cause", null)
        assertSame(bare, Failures.unwrap(bare), "a wrapper without a cause is the failure itself")

        assertSame(failure, wrapped().asExecutorFuture().exception())
        assertSame(failure, wrapped().asDeferred().getFailure())
        assertSame(failure, assertThrows<IOException> { wrapped().asExecutorFuture().await() })
        val original = wrapped()
        assertSame(original, original.asExecutorFuture().asCompletableFuture(), "a round trip returns the original")
        assertSame(failure, completableFutureOf(wrapped().asDeferred()).exceptionNowOrCause())
        assertSame(failure, wrapped().asDeferred().asExecutorFuture().asCompletableFuture().exceptionNowOrCause())
        EventLoops.startBackgroundLoop("unwrap-loop").use { background ->
            val view = wrapped().asLoopFuture(background.loop())
            assertSame(failure, assertThrows<IOException> { view.await() })
        }
    }

    // ---- re-entrancy: a done source is never cancelled again ----

    @Test
    fun `a view cancelled by its source never cancels the source again`() {
        EventLoops.startBackgroundLoop("reentrancy-loop").use { background ->
            val source = CountingFuture(ExecutorFutures.from(CompletableFuture<String>()))
            val deferred = source.asDeferred()
            val completable = source.asCompletableFuture()
            val loopView = source.asLoopFuture(background.loop())
            val loopViewDone = CompletableFuture<Boolean>()
            background.loop().onLoop { loopView.addDoneCallback { loopViewDone.complete(it.isCancelled) } }

            source.cancel("by the owner")
            assertTrue(deferred.isCancelled)
            assertTrue(completable.isCancelled)
            assertTrue(loopViewDone.getWithin())
            background.loop().onLoop {} // the loop view's own done callbacks have run
            assertEquals(1, source.cancels, "only the owner's cancel reached the source")
        }
    }

    @Test
    fun `await removes its callback when the awaiting coroutine is cancelled`() = runTest {
        val source = CountingFuture(ExecutorFutures.from(CompletableFuture<String>()))
        val waiter = launch(start = CoroutineStart.UNDISPATCHED) { source.await() }
        assertEquals(0, source.removals)
        waiter.cancelAndJoin()
        assertEquals(1, source.removals)
        assertFalse(source.isDone)
    }

    private companion object {
        @OptIn(ExperimentalCoroutinesApi::class)
        fun kotlinx.coroutines.Deferred<*>.getFailure(): Throwable? = getCompletionExceptionOrNull()

        fun CompletableFuture<*>.exceptionNowOrCause(): Throwable? =
            try {
                join()
                null
            } catch (e: CompletionException) {
                e.cause
            }
    }
}
