package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.Failures
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail
import kotlinx.coroutines.ExperimentalCoroutinesApi
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * Races a view's cancellation against its source's completion, many times, and checks the
 * "barring a race with cancellation" outcome: either both sides agree on the value, or the view
 * is cancelled and the source is cancelled or finished; never a crash, never a pending side.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class CancellationRaceTest {
    private val threads = Executors.newFixedThreadPool(2)

    @AfterEach
    fun stopThreads() {
        threads.shutdownNow()
    }

    private fun race(completeSource: () -> Unit, cancelView: () -> Unit) {
        val barrier = CyclicBarrier(2)
        val a = threads.submit { barrier.await(); completeSource() }
        val b = threads.submit { barrier.await(); cancelView() }
        a.get(WAIT_SECONDS, TimeUnit.SECONDS)
        b.get(WAIT_SECONDS, TimeUnit.SECONDS)
    }

    @OptIn(ExperimentalCoroutinesApi::class)
    @Test
    fun `a deferred view cancelled while its executor source completes ends consistently`() {
        repeat(ITERATIONS) {
            val backing = CompletableFuture<String>()
            val source: ExecutorFuture<String> = ExecutorFutures.from(backing)
            val view = source.asDeferred()
            race({ backing.complete("v") }, { view.cancel(CancellationException("stop")) })
            assertTrue(view.isCompleted)
            if (view.isCancelled) {
                assertSourceCancelledByViewOrFinished(source)
            } else {
                assertEquals("v", view.getCompleted())
                assertEquals("v", source.result())
            }
        }
    }

    @Test
    fun `an executor view cancelled while the loop completes its loop future ends consistently`() {
        EventLoops.startBackgroundLoop("race-loop").use { background ->
            val loop = background.loop()
            repeat(ITERATIONS) {
                val source = loop.onLoop { loop.createFuture<String>() }
                val view = source.asExecutorFuture()
                race({ loop.callSoonThreadsafe { if (!source.isDone) source.setResult("v") } }, { view.cancel("stop") })
                val sourceOutcome = CompletableFuture<AsyncFuture<String>>()
                loop.onLoop { source.addDoneCallback { sourceOutcome.complete(it) } }
                val doneSource = sourceOutcome.getWithin()
                val viewDone = runCatching { view.exception(java.time.Duration.ofSeconds(WAIT_SECONDS)) }
                assertTrue(view.isDone, "the view is never left pending: $viewDone")
                when {
                    view.isCancelled -> loop.onLoop { assertSourceCancelledByViewOrFinished(doneSource) }
                    else -> {
                        assertEquals("v", view.result())
                        assertEquals("v", loop.onLoop { doneSource.result() })
                    }
                }
            }
        }
    }

    @Test
    fun `a loop view cancelled on the loop while its completable source completes ends consistently`() {
        EventLoops.startBackgroundLoop("race-loop").use { background ->
            val loop = background.loop()
            repeat(ITERATIONS) {
                val source = CompletableFuture<String>()
                val view = source.asLoopFuture(loop)
                race({ source.complete("v") }, { loop.callSoonThreadsafe { view.cancel("stop") } })
                val viewDone = CompletableFuture<Boolean>()
                loop.onLoop { view.addDoneCallback { viewDone.complete(it.isCancelled) } }
                val cancelled = viewDone.getWithin()
                if (cancelled) {
                    eventuallyDone(source)
                } else {
                    assertEquals("v", loop.onLoop { view.result() })
                    assertEquals("v", source.join())
                }
            }
        }
    }

    /** The view won the race (the source got its "stop") or lost it (the source has its value). */
    private fun assertSourceCancelledByViewOrFinished(source: AsyncFuture<String>) {
        if (source.isCancelled) {
            assertEquals("stop", Failures.cancelMessage(source))
        } else {
            assertEquals("v", source.result())
        }
    }

    private fun eventuallyDone(source: CompletableFuture<String>) {
        try {
            source.handle { _, _ -> }.get(WAIT_SECONDS, TimeUnit.SECONDS)
        } catch (e: Exception) {
            fail("the source of a cancelled view must end done", e)
        }
    }

    private companion object {
        const val ITERATIONS = 500
    }
}
