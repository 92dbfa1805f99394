package dev.tandem.interop

import dev.tandem.api.ContextPropagator
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The coroutine element over a [dev.tandem.api.ContextSnapshot]: what a coroutine sees and what
 * the threads that run it keep, with a plain `ThreadLocal` and the dependency-free propagator.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class ContextSnapshotElementTest {
    private val requestId = ThreadLocal<String>()
    private val propagator = ContextPropagator.ofThreadLocals(requestId)

    @AfterEach
    fun clean() {
        requestId.remove()
    }

    /* Without the " @coroutine#N" that kotlinx's debug mode (on under Surefire) appends. */
    private fun threadName() = Thread.currentThread().name.substringBefore(" @")

    private fun captureOf(value: String?) = try {
        if (value == null) requestId.remove() else requestId.set(value)
        propagator.capture().asContextElement()
    } finally {
        requestId.remove()
    }

    @Test
    fun `a coroutine with the element sees the captured value across suspensions and nothing set later`() = runTest {
        requestId.set("req-1")
        val element = propagator.capture().asContextElement()
        requestId.set("set after the capture")

        val seen = withContext(element) {
            val atStart = requestId.get()
            delay(100)
            val afterDelay = requestId.get()
            yield()
            listOf(atStart, afterDelay, requestId.get())
        }

        assertEquals(listOf("req-1", "req-1", "req-1"), seen)
        assertEquals("set after the capture", requestId.get(), "the thread got back what it held")
    }

    @Test
    fun `interleaved coroutines each see their own value and the thread is clean between their steps`() = runTest {
        val steps = mutableListOf<String>()
        val one = launch(captureOf("req-1")) {
            repeat(3) {
                steps += "one:${requestId.get()}"
                delay(10)
            }
        }
        val two = launch(captureOf("req-2")) {
            repeat(3) {
                steps += "two:${requestId.get()}"
                delay(10)
            }
        }
        val between = launch {
            repeat(3) {
                steps += "bare:${requestId.get()}"
                delay(10)
            }
        }
        one.join()
        two.join()
        between.join()

        assertEquals(
            List(3) { listOf("one:req-1", "two:req-2", "bare:null") }.flatten(),
            steps,
        )
        assertNull(requestId.get())
    }

    @Test
    fun `a captured absence hides a value the running thread holds, and puts it back afterwards`() = runTest {
        val element = captureOf(null)
        requestId.set("the thread's own")

        val seen = withContext(element) {
            delay(1)
            requestId.get()
        }

        assertNull(seen)
        assertEquals("the thread's own", requestId.get())
    }

    @Test
    fun `child coroutines inherit the element`() = runTest {
        val seen = withContext(captureOf("req-1")) {
            val child = async {
                delay(5)
                requestId.get()
            }
            child.await()
        }

        assertEquals("req-1", seen)
    }

    @Test
    fun `a new element for a block replaces the outer one and the outer one comes back after it`() = runTest {
        val seen = withContext(captureOf("outer")) {
            val inner = withContext(captureOf("inner")) {
                delay(1)
                requestId.get()
            }
            listOf(inner, requestId.get())
        }

        assertEquals(listOf("inner", "outer"), seen)
    }

    @Test
    fun `a coroutine moving between threads sees the value on each, and each thread is clean afterwards`() {
        val first = Executors.newSingleThreadExecutor { Thread(it, "first") }
        val second = Executors.newSingleThreadExecutor { Thread(it, "second") }
        try {
            val firstDispatcher = first.asCoroutineDispatcher()
            val secondDispatcher = second.asCoroutineDispatcher()
            val seen = runBlocking(firstDispatcher + captureOf("req-7")) {
                val onFirst = "${threadName()}:${requestId.get()}"
                val onSecond = withContext(secondDispatcher) { "${threadName()}:${requestId.get()}" }
                listOf(onFirst, onSecond, "${threadName()}:${requestId.get()}")
            }
            assertEquals(listOf("first:req-7", "second:req-7", "first:req-7"), seen)
            assertNull(first.submit<String?> { requestId.get() }.get())
            assertNull(second.submit<String?> { requestId.get() }.get())
        } finally {
            first.shutdown()
            second.shutdown()
        }
    }
}
