package dev.tandem.interop

import dev.tandem.api.CancelledException
import dev.tandem.loop.BackgroundLoop
import dev.tandem.loop.EventLoops
import java.io.IOException
import java.time.Duration
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import kotlin.test.assertEquals
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.hours
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.future.await
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import org.awaitility.Awaitility.await as eventually
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class LoopCoroutinesTest {
    private lateinit var background: BackgroundLoop

    @BeforeEach
    fun startLoop() {
        background = EventLoops.startBackgroundLoop("tasks-loop")
    }

    @AfterEach
    fun stopLoop() {
        background.close()
    }

    private val loop get() = background.loop()

    // ---- launchFuture (create_task) ----

    @Test
    fun `launchFuture completes its loop future with the value, on the loop thread`() {
        val ranOn = CompletableFuture<Thread>()
        val value = CompletableFuture<String>()
        loop.onLoop {
            val task = loop.launchFuture {
                ranOn.complete(Thread.currentThread())
                "done"
            }
            task.addDoneCallback { value.complete(it.result()) }
        }
        assertEquals("done", value.getWithin())
        assertSame(background.thread(), ranOn.getWithin())
    }

    @Test
    fun `launchFuture called on the loop thread starts the coroutine at a later loop step`() {
        val steps = mutableListOf<String>()
        val done = CompletableFuture<List<String>>()
        loop.onLoop {
            loop.launchFuture { steps += "coroutine" }.addDoneCallback { done.complete(steps.toList()) }
            steps += "launchFuture returned"
        }
        assertEquals(listOf("launchFuture returned", "coroutine"), done.getWithin())
    }

    @Test
    fun `launchFuture fails its loop future with the same failure object`() {
        val failure = IOException("boom")
        val seen = CompletableFuture<Throwable?>()
        loop.onLoop { loop.launchFuture<String> { throw failure }.addDoneCallback { seen.complete(it.exception()) } }
        assertSame(failure, seen.getWithin())
    }

    @Test
    fun `cancelling the loop future cancels the coroutine with the cancel message`() {
        val coroutineSaw = CompletableFuture<String?>()
        val task = loop.onLoop {
            loop.launchFuture<Unit> {
                try {
                    awaitCancellation()
                } catch (e: CancellationException) {
                    coroutineSaw.complete(e.message)
                    throw e
                }
            }
        }
        loop.onLoop { task.cancel("shutting down") }
        assertEquals("shutting down", coroutineSaw.getWithin())
    }

    @Test
    fun `cancelling the coroutine cancels its loop future with the message`() {
        val message = CompletableFuture<String?>()
        loop.onLoop {
            loop.launchFuture<Unit> {
                currentCoroutineContext().job.cancel(CancellationException("gave up"))
                awaitCancellation()
            }.addDoneCallback { f ->
                message.complete(assertThrows<CancelledException> { f.result() }.message)
            }
        }
        assertEquals("gave up", message.getWithin())
    }

    @Test
    fun `a parent job in the context cancels the task`() {
        val parent = Job()
        val cancelled = CompletableFuture<Boolean>()
        loop.onLoop {
            loop.launchFuture(parent) { awaitCancellation() }.addDoneCallback { cancelled.complete(it.isCancelled) }
        }
        parent.cancel()
        assertTrue(cancelled.getWithin())
    }

    @Test
    fun `closing the loop cancels a pending task and lets the coroutine finish its cancellation`() {
        val idle = EventLoops.newEventLoop()
        val finallyRan = CompletableFuture<Boolean>()
        val task = idle.launchFuture<Unit> {
            try {
                awaitCancellation()
            } finally {
                finallyRan.complete(true)
            }
        }
        /* Run one step so the coroutine starts and suspends, then stop and close. */
        idle.callSoon { idle.callSoon { idle.stop() } }
        idle.runForever()
        idle.close()
        assertTrue(task.isCancelled)
        assertEquals("event loop closed", assertThrows<CancelledException> { task.result() }.message)
        assertTrue(finallyRan.getWithin())
    }

    @Test
    fun `launchFuture on a closed loop throws at the call site`() {
        val closed = EventLoops.newEventLoop().also { it.close() }
        assertThrows<java.util.concurrent.RejectedExecutionException> { closed.launchFuture { "never" } }
    }

    @Test
    fun `a lazy start is refused, since nothing would ever start the coroutine`() {
        assertThrows<IllegalArgumentException> { loop.launchFuture(start = CoroutineStart.LAZY) { "never" } }
        assertThrows<IllegalArgumentException> { loop.submitCoroutine(start = CoroutineStart.LAZY) { "never" } }
    }

    // ---- submitCoroutine (run_coroutine_threadsafe) ----

    @Test
    fun `submitCoroutine runs the coroutine on the loop and returns an executor future any thread can wait on`() {
        val future = loop.submitCoroutine { Thread.currentThread() }
        assertSame(background.thread(), future.result(Duration.ofSeconds(WAIT_SECONDS)))
    }

    @Test
    fun `the submitted future completes on the loop thread, where its callbacks run`() {
        val release = CompletableFuture<Unit>()
        val future = loop.submitCoroutine { release.await() }
        val callbackThread = CompletableFuture<Thread>()
        future.addDoneCallback { callbackThread.complete(Thread.currentThread()) }
        release.complete(Unit)
        assertSame(background.thread(), callbackThread.getWithin())
    }

    @Test
    fun `cancelling the submitted future from another thread cancels the coroutine on the loop`() {
        val coroutineSaw = CompletableFuture<Pair<String?, Boolean>>()
        val started = CompletableFuture<Unit>()
        val future = loop.submitCoroutine<Unit> {
            try {
                started.complete(Unit)
                awaitCancellation()
            } catch (e: CancellationException) {
                coroutineSaw.complete(e.message to loop.inLoopThread())
                throw e
            }
        }
        started.getWithin()
        assertTrue(future.cancel("from a worker"))
        assertEquals("from a worker" to true, coroutineSaw.getWithin())
    }

    @Test
    fun `cancelling the submitted coroutine cancels its executor future with the message`() {
        val future = loop.submitCoroutine<Unit> {
            currentCoroutineContext().job.cancel(CancellationException("inside"))
            awaitCancellation()
        }
        eventually().until { future.isDone }
        assertTrue(future.isCancelled)
        assertEquals("inside", assertThrows<CancelledException> { future.result() }.message)
    }

    @Test
    fun `closing the loop while the submitted coroutine is suspended on it cancels the future and the coroutine`() {
        val idle = EventLoops.newEventLoop()
        val finallyRan = CompletableFuture<Boolean>()
        val future = idle.submitCoroutine<Unit> {
            try {
                delay(1.hours) // a loop timer, which close() drops
            } finally {
                finallyRan.complete(true)
            }
        }
        idle.callSoon { idle.callSoon { idle.stop() } } // the coroutine starts and suspends
        idle.runForever()
        idle.close()
        assertTrue(future.isCancelled)
        assertEquals("event loop closed", assertThrows<CancelledException> { future.result() }.message)
        assertTrue(finallyRan.getWithin())
    }

    @Test
    fun `submitCoroutine on a closed loop returns a cancelled future instead of one pending forever`() {
        val closed = EventLoops.newEventLoop().also { it.close() }
        val future = closed.submitCoroutine { "never" }
        eventually().until { future.isDone }
        assertTrue(future.isCancelled)
        assertTrue(assertThrows<CancelledException> { future.result() }.message!!.contains("closed"))
    }
}
