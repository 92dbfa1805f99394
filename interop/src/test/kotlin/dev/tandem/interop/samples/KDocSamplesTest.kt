package dev.tandem.interop.samples

import com.google.common.util.concurrent.MoreExecutors
import dev.tandem.api.BlockingOnLoopException
import dev.tandem.api.CancelledException
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.interop.WAIT_SECONDS
import dev.tandem.interop.getWithin
import dev.tandem.interop.onLoop
import dev.tandem.interop.onNewThread
import dev.tandem.loop.BackgroundLoop
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import dev.tandem.threads.FutureExecutor
import java.io.IOException
import java.lang.reflect.Modifier
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.io.path.extension
import kotlin.io.path.readText
import kotlin.streams.asSequence
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

/**
 * Runs every example of the interop KDoc (the `@sample` functions in KDocSamples.kt) and checks
 * what it returns, including the threading its comment claims.
 */
@OptIn(ExperimentalCoroutinesApi::class) // runCurrent, currentTime
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class KDocSamplesTest {
    private lateinit var background: BackgroundLoop
    private lateinit var pool: FutureExecutor
    private lateinit var scope: CoroutineScope

    private val loop: EventLoop get() = background.loop()

    @BeforeEach
    fun start() {
        background = EventLoops.startBackgroundLoop(LOOP_THREAD)
        pool = FutureExecutor.newFixedPool(2, "kdoc-pool")
        scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    }

    @AfterEach
    fun stop() {
        scope.cancel()
        pool.close()
        background.close()
    }

    // ---- Await.kt ----

    @Test
    fun `await sample returns the executor future's value`() = runTest {
        assertEquals(42, awaitSample(pool))
    }

    @Test
    fun `awaitOrCancel sample cancels the query when the coroutine gives up`() = runTest {
        val backing = CompletableFuture<String>()
        val query = ExecutorFutures.from(backing)
        assertNull(awaitOrCancelSample(query))
        assertTrue(query.isCancelled, "giving up cancelled the query")
        assertTrue(backing.isCancelled, "and the work behind it")
    }

    @Test
    fun `awaitOrCancel sample returns the value of a query that answers in time`() = runTest {
        val backing = CompletableFuture<String>()
        val answer = async { awaitOrCancelSample(ExecutorFutures.from(backing)) }
        runCurrent() // the sample is now waiting
        onNewThread("kdoc-database") { backing.complete("row 7") }
        assertEquals("row 7", answer.await())
    }

    @Test
    fun `awaitWithTimeout sample gives up after two seconds without cancelling the lookup, which can be awaited again`() = runTest {
        val backing = CompletableFuture<Int>()
        val price = ExecutorFutures.from(backing)
        assertNull(awaitWithTimeoutSample(price))
        assertEquals(2_000, currentTime, "two seconds of the test's virtual time")
        assertFalse(price.isCancelled, "running out of time cancels nothing")
        assertFalse(backing.isCancelled)
        backing.complete(19)
        assertEquals(19, awaitWithTimeoutSample(price))
    }

    // ---- Deferred.kt ----

    @Test
    fun `asDeferred sample awaits all the pool's results in order`() = runTest {
        assertEquals(listOf(10, 20, 30), asDeferredSample(pool))
    }

    @Test
    fun `Deferred asLoopFuture sample runs the view's callback on the loop thread`() {
        assertEquals("total 10 on $LOOP_THREAD", deferredAsLoopFutureSample(loop, scope).getWithin().withoutCoroutineName())
    }

    @Test
    fun `Deferred asExecutorFuture sample waits for the coroutine's result`() {
        assertEquals(55, deferredAsExecutorFutureSample(scope))
    }

    // ---- LoopFutures.kt and ExecutorFutures.kt ----

    @Test
    fun `asLoopFuture sample gets the pool's result back on the loop thread`() {
        assertEquals(
            "checksum ${"payload".hashCode()} on $LOOP_THREAD",
            asLoopFutureSample(loop, pool).getWithin().withoutCoroutineName(),
        )
    }

    @Test
    fun `LoopFuture asExecutorFuture sample waits on another thread for the loop's reply`() {
        assertEquals("pong", loopFutureAsExecutorFutureSample(loop))
    }

    @Test
    fun `LoopFuture asExecutorFuture sample fails fast on the loop thread instead of deadlocking`() {
        val thrown = loop.onLoop { runCatching { loopFutureAsExecutorFutureSample(loop) }.exceptionOrNull() }
        assertIs<BlockingOnLoopException>(thrown)
    }

    // ---- CompletableFuture.kt ----

    @Test
    fun `asCompletableFuture sample combines the Tandem future with a CompletableFuture`() {
        assertEquals("total 42", asCompletableFutureSample(pool).getWithin())
    }

    @Test
    fun `CompletableFuture asExecutorFuture sample returns a download that is done in time`() {
        val download = CompletableFuture.completedFuture("<html>")
        assertEquals("<html>", completableFutureAsExecutorFutureSample(download, Duration.ofSeconds(WAIT_SECONDS)))
    }

    @Test
    fun `CompletableFuture asExecutorFuture sample cancels the download with the message when it gives up`() {
        val download = CompletableFuture<String>()
        val patience = Duration.ofMillis(20)
        assertNull(completableFutureAsExecutorFutureSample(download, patience))
        assertTrue(download.isCancelled)
        val held = download.handle { _, failure -> failure }.getWithin()
        assertIs<CancelledException>(held)
        assertEquals("no answer within $patience", held.message)
    }

    // ---- ListenableFuture.kt ----

    @Test
    fun `asListenableFuture sample transforms the Tandem future with Guava`() {
        assertEquals("7 in stock", asListenableFutureSample(pool).get(WAIT_SECONDS, TimeUnit.SECONDS))
    }

    @Test
    fun `ListenableFuture asDeferred sample awaits the Guava future's value`() {
        val legacy = MoreExecutors.listeningDecorator(Executors.newSingleThreadExecutor())
        try {
            runTest { assertEquals("user-42", listenableFutureAsDeferredSample(legacy)) }
        } finally {
            legacy.shutdownNow()
            assertTrue(legacy.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS))
        }
    }

    // ---- LoopDispatcher.kt ----

    @Test
    fun `asCoroutineDispatcher sample runs its block on the loop thread`() = runTest {
        assertEquals("ready on $LOOP_THREAD", asCoroutineDispatcherSample(loop).withoutCoroutineName())
    }

    // ---- LoopCoroutines.kt ----

    @Test
    fun `launchFuture sample runs the coroutine on the thread that runs the loop, also after await`() {
        var returned: String? = null
        onNewThread("kdoc-main") {
            val mainLoop = EventLoops.newEventLoop()
            try {
                returned = launchFutureSample(mainLoop, pool)
            } finally {
                mainLoop.close()
            }
        }
        assertEquals("42, resumed on kdoc-main", returned?.withoutCoroutineName())
    }

    @Test
    fun `submitCoroutine sample runs the coroutine on the loop thread and returns its value`() {
        assertEquals("pong from $LOOP_THREAD", submitCoroutineSample(loop).withoutCoroutineName())
    }

    // ---- AsCompleted.kt ----

    @Test
    fun `asCompletedFlow sample reports the lookups in the order they finish, failures included`() = runTest {
        val slow = CompletableFuture<Int>()
        val fast = CompletableFuture<Int>()
        val broken = CompletableFuture<Int>()
        val lookups: List<ExecutorFuture<Int>> = listOf(slow, fast, broken).map { ExecutorFutures.from(it) }
        val report = async { asCompletedFlowSample(lookups) }
        runCurrent() // the flow is now collecting
        fast.complete(20)
        broken.completeExceptionally(IOException("timeout"))
        slow.complete(10)
        assertEquals(listOf("price 20", "failed: timeout", "price 10"), report.await())
    }

    // ---- the @sample references ----

    @Test
    fun `every @sample in the main sources names a function of KDocSamples, and every sample is used`() {
        val root = Path.of("src", "main", "kotlin")
        assertTrue(Files.isDirectory(root), "run from the interop module directory: $root")
        val targets = Files.walk(root).use { paths ->
            paths.asSequence()
                .filter { it.extension == "kt" }
                .flatMap { file -> SAMPLE_TAG.findAll(file.readText()).map { it.groupValues[1] } }
                .toSet()
        }
        assertTrue(targets.isNotEmpty(), "no @sample found under $root")

        val samples = Class.forName("$SAMPLES_PACKAGE.KDocSamplesKt").declaredMethods
            .filter { Modifier.isPublic(it.modifiers) && Modifier.isStatic(it.modifiers) }
            .map { "$SAMPLES_PACKAGE.${it.name}" }
            .toSet()

        assertEquals(emptySet(), targets - samples, "@sample targets that are not functions of KDocSamples.kt")
        assertEquals(emptySet(), samples - targets, "functions of KDocSamples.kt that no @sample shows")
    }

    // ---- ContextElements.kt ----

    @Test
    fun `asContextElement sample sees the request id after resuming on the pool`() = runTest {
        val requestId = ThreadLocal<String>()
        assertEquals("handled req-42", asContextElementSample(requestId, scope))
        assertNull(requestId.get(), "the sample left this thread clean")
    }

    private companion object {
        const val LOOP_THREAD = "kdoc-loop"
        const val SAMPLES_PACKAGE = "dev.tandem.interop.samples"
        val SAMPLE_TAG = Regex("""@sample\s+([\w.]+)""")
        val DEBUG_COROUTINE_NAME = Regex(""" @\S+#\d+""")

        /*
         * Surefire enables assertions, which turns on kotlinx-coroutines' debug mode: while a
         * coroutine runs, its thread's name gets " @coroutine#N" appended. The samples report
         * thread names; compare them without it.
         */
        fun String.withoutCoroutineName(): String = replace(DEBUG_COROUTINE_NAME, "")
    }
}
