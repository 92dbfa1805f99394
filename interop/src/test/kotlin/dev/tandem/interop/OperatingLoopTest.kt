package dev.tandem.interop

import com.google.common.util.concurrent.Futures
import dev.tandem.api.CancelledException
import dev.tandem.api.LoopFuture
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopErrorContext
import dev.tandem.loop.LoopOperations
import java.time.Duration
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.awaitility.Awaitility.await as eventually
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

/** Operating a loop that runs coroutines: graceful shutdown, names, and the watchdog's deadlocks. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class OperatingLoopTest {
    private val reports: MutableList<LoopErrorContext> = CopyOnWriteArrayList()

    private fun kinds(kind: LoopErrorContext.Kind) = reports.filter { it.kind() == kind }

    // ---- graceful shutdown ----

    @Test
    fun `a graceful shutdown runs a coroutine's finally block and its future's cancellation callback on the loop`() {
        val background = EventLoops.builder().exceptionHandler { _, r -> reports += r }.startBackgroundLoop("graceful-kt")
        val loop = background.loop()
        val finallyRan = CompletableFuture<Thread>()
        val callbackSaw = CompletableFuture<String>()
        val started = CompletableFuture<Unit>()
        val task = loop.onLoop {
            loop.launchFuture {
                try {
                    started.complete(Unit)
                    awaitCancellation()
                } finally {
                    withContext(NonCancellable) { delay(10) } // cleanup that suspends on the loop
                    finallyRan.complete(Thread.currentThread())
                }
            }.also { f -> f.addDoneCallback { callbackSaw.complete("cancelled: ${it.isCancelled}") } }
        }
        started.getWithin()

        background.close()

        assertSame(background.thread(), finallyRan.getWithin())
        assertEquals("cancelled: true", callbackSaw.getNow("not run before the loop closed"))
        assertTrue(task.isCancelled)
        assertEquals("event loop shutting down", assertThrows<CancelledException> { task.result() }.message)
        assertTrue(reports.isEmpty(), "nothing left: $reports")
    }

    @Test
    fun `a coroutine that ignores cancellation past the deadline is reported and nothing is left pending`() {
        val background = EventLoops.builder().exceptionHandler { _, r -> reports += r }.startBackgroundLoop("stubborn-kt")
        val loop = background.loop()
        val started = CompletableFuture<Unit>()
        val task = loop.onLoop {
            loop.launchFuture(CoroutineName("stubborn-worker")) {
                started.complete(Unit)
                while (true) {
                    try {
                        delay(5)
                    } catch (e: CancellationException) {
                        withContext(NonCancellable) { delay(5) } // swallows the cancellation and goes on
                    }
                }
            }
        }
        started.getWithin()
        assertTrue(task.toString().contains("name=stubborn-worker"), task.toString())

        assertTrue(background.shutdown(Duration.ofMillis(200)))

        val report = kinds(LoopErrorContext.Kind.SHUTDOWN_INCOMPLETE).single()
        assertTrue(report.details().any { it.contains("stubborn-worker") }, report.toString())
        assertTrue(task.isDone && task.isCancelled, "the task's future is not left pending")
        assertTrue(loop.isClosed)
    }

    // ---- the watchdog's deadlocks, through the blocking paths a user can reach ----

    private fun assertDeadlockReported(threadName: String, block: (LoopFuture<String>) -> Unit) {
        val background = EventLoops.builder()
            .blockedThreshold(Duration.ofMillis(50))
            .exceptionHandler { _, r -> reports += r }
            .startBackgroundLoop(threadName)
        try {
            val loop = background.loop()
            loop.callSoonThreadsafe {
                val own = loop.createFuture<String>() // only this loop could complete it
                try {
                    block(own)
                } catch (_: InterruptedException) {
                    /* released by the test */
                } catch (e: java.util.concurrent.ExecutionException) {
                    /* released by the test */
                }
            }
            eventually().atMost(Duration.ofSeconds(10)).until { kinds(LoopErrorContext.Kind.LOOP_DEADLOCKED).isNotEmpty() }
            val report = kinds(LoopErrorContext.Kind.LOOP_DEADLOCKED).first()
            assertTrue(report.message().contains("possible deadlock"), report.message()) // not a future of the loop itself
            assertTrue(report.exception()!!.stackTrace.isNotEmpty())
            background.thread().interrupt()
            eventually().atMost(Duration.ofSeconds(10)).until { kinds(LoopErrorContext.Kind.LOOP_UNBLOCKED).isNotEmpty() }
        } finally {
            Thread.interrupted()
            background.close()
        }
    }

    @Test
    fun `a loop thread waiting on its own future through CompletableFuture allOf is reported as a deadlock`() {
        assertDeadlockReported("deadlock-cf") { own ->
            CompletableFuture.allOf(own.asCompletableFuture()).get()
        }
        assertTrue(kinds(LoopErrorContext.Kind.LOOP_DEADLOCKED).first().message().contains("CompletableFuture"))
    }

    @Test
    fun `a loop thread waiting on its own future through a Guava combinator is reported as a deadlock`() {
        assertDeadlockReported("deadlock-guava") { own ->
            Futures.allAsList(Collections.singletonList(own.asListenableFuture())).get()
        }
    }

    @Test
    fun `a loop thread waiting on its own future in runBlocking is reported as a deadlock`() {
        assertDeadlockReported("deadlock-runblocking") { own ->
            runBlocking { own.await() }
        }
        assertTrue(kinds(LoopErrorContext.Kind.LOOP_DEADLOCKED).first().message().contains("runBlocking"))
    }

    @Test
    fun `a callback that waits on a latch is blocked, not deadlocked`() {
        val background = EventLoops.builder()
            .blockedThreshold(Duration.ofMillis(50))
            .exceptionHandler { _, r -> reports += r }
            .startBackgroundLoop("blocked-latch")
        val latch = java.util.concurrent.CountDownLatch(1)
        try {
            background.loop().callSoonThreadsafe { latch.await() }
            eventually().atMost(Duration.ofSeconds(10)).until { kinds(LoopErrorContext.Kind.LOOP_BLOCKED).isNotEmpty() }
            assertFalse(kinds(LoopErrorContext.Kind.LOOP_DEADLOCKED).isNotEmpty())
        } finally {
            latch.countDown()
            background.close()
        }
    }
}
