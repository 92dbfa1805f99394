package dev.tandem.interop

import com.google.common.util.concurrent.FutureCallback
import com.google.common.util.concurrent.Futures
import com.google.common.util.concurrent.ListenableFuture
import com.google.common.util.concurrent.MoreExecutors.directExecutor
import dev.tandem.api.AsyncFuture
import dev.tandem.api.ContextPropagator
import dev.tandem.api.EventLoop
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import dev.tandem.threads.FutureExecutor
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.stream.Stream
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

/**
 * Context propagation through every conversion that involves a `Deferred` and in which a loop or
 * executor with propagation on takes part, as one matrix (the Java one without `Deferred` is
 * conformance's `ContextConversionMatrixTest`): each [Pair] is where the `Deferred` comes from,
 * what it is converted to, and the registration of user code on the result. For each pair, three
 * cases: a value the registering thread holds at registration is seen by the callback, on the
 * thread that completes it; a value set there after registration is not; and the thread that ran
 * the callback holds afterwards exactly what it held before.
 *
 * The test thread converts (holding "the converter's") and registers; a `completer` thread (or
 * the pool's one worker) completes the source; the callback runs where the result completes: that
 * thread for executor-side results, the loop thread for loop futures and coroutines. The loop is
 * run by the test thread itself, until the callback stops it, so its thread-local is read
 * directly; the executor threads are plain `ExecutorService`s, read with a raw task.
 *
 * Left out by design: `invokeOnCompletion` on a coroutine's own `Deferred` (kotlinx's type, which
 * captures nothing; its conversions do, with the loop's propagator), and every conversion of a
 * foreign `CompletableDeferred` except onto a propagating loop (`asLoopFuture`), since no
 * propagating loop or executor takes part. The `ListenableFuture` view's `asDeferred` is the
 * viewed future's own `asDeferred`, so only its handler is here; its conversions are the
 * settable's.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
internal class ContextDeferredMatrixTest {
    private val requestId = ThreadLocal<String>()
    private val propagator = ContextPropagator.ofThreadLocals(requestId)

    /** Where the `Deferred` comes from. */
    enum class Origin(val onLoop: Boolean) {
        POOL_TASK_AS_DEFERRED(false),
        PROPAGATING_SETTABLE_AS_DEFERRED(false),
        LOOP_FUTURE_AS_DEFERRED(true),
        COMPLETABLE_FUTURE_VIEW_AS_DEFERRED(false),
        LISTENABLE_FUTURE_VIEW_AS_DEFERRED(false),
        COROUTINE_ON_THE_LOOP(true),
        FOREIGN_COMPLETABLE_DEFERRED(false),
    }

    /** What the user code is registered on, made from the `Deferred`. */
    enum class Conversion(val registrations: List<Registration>) {
        ITSELF(listOf(Registration.INVOKE_ON_COMPLETION)),
        AS_EXECUTOR_FUTURE(listOf(Registration.ADD_DONE_CALLBACK)),
        AS_LOOP_FUTURE(listOf(Registration.ADD_DONE_CALLBACK)),
        AS_COMPLETABLE_FUTURE(listOf(Registration.THEN_APPLY, Registration.WHEN_COMPLETE)),
        AS_LISTENABLE_FUTURE(listOf(Registration.ADD_LISTENER, Registration.FUTURES_ADD_CALLBACK)),
    }

    enum class Registration { INVOKE_ON_COMPLETION, ADD_DONE_CALLBACK, THEN_APPLY, WHEN_COMPLETE, ADD_LISTENER, FUTURES_ADD_CALLBACK }

    data class Pair(val origin: Origin, val conversion: Conversion, val registration: Registration) {
        /** Whether the callback runs on the loop thread rather than on the source's completer. */
        val callbackOnLoop: Boolean get() = origin.onLoop || conversion == Conversion.AS_LOOP_FUTURE

        override fun toString(): String = "$origin / $conversion / $registration"
    }

    fun pairs(): Stream<Pair> =
        Origin.entries.flatMap { origin ->
            Conversion.entries.filter { applies(origin, it) }.flatMap { conversion ->
                conversion.registrations.map { Pair(origin, conversion, it) }
            }
        }.stream()

    private fun applies(origin: Origin, conversion: Conversion): Boolean = when (origin) {
        Origin.FOREIGN_COMPLETABLE_DEFERRED -> conversion == Conversion.AS_LOOP_FUTURE
        Origin.COROUTINE_ON_THE_LOOP -> conversion != Conversion.ITSELF
        /* A ListenableFuture's asDeferred is from(it).asDeferred(): the settable's own view again. */
        Origin.LISTENABLE_FUTURE_VIEW_AS_DEFERRED -> conversion == Conversion.ITSELF
        else -> true
    }

    /* The threads are shared by all cases (each run sets what they hold); the loop is per case. */
    private val completer: ExecutorService = Executors.newSingleThreadExecutor { daemon(it, "completer") }
    private val worker: ExecutorService = Executors.newSingleThreadExecutor { daemon(it, "pool-worker") }
    private val pool: FutureExecutor = FutureExecutor.wrapping(worker, propagator)
    private val gates = mutableListOf<CountDownLatch>()
    private lateinit var loop: EventLoop
    private lateinit var coroutines: CoroutineScope

    @BeforeEach
    fun start() {
        loop = EventLoops.builder().contextPropagator(propagator).build()
        coroutines = CoroutineScope(SupervisorJob() + loop.asCoroutineDispatcher())
    }

    @AfterEach
    fun stop() {
        gates.forEach(CountDownLatch::countDown)
        gates.clear()
        coroutines.cancel()
        loop.close()
        requestId.remove()
    }

    @AfterAll
    fun stopThreads() {
        completer.shutdownNow()
        worker.shutdownNow()
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    fun `a value set before registration is seen by the callback, on the thread that completes`(pair: Pair) {
        val outcome = run(pair, atRegistration = REGISTRANT, own = OWN)

        assertEquals(REGISTRANT, outcome.seen, "the value the callback saw")
        assertEquals(outcome.expectedThread, outcome.thread, "the thread the callback ran on")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    fun `a value set after registration is not seen, nor the completing thread's own`(pair: Pair) {
        val outcome = run(pair, atRegistration = null, own = OWN)

        assertNull(outcome.seen, "absent at registration, absent in the callback")
        assertEquals(outcome.expectedThread, outcome.thread, "the thread the callback ran on")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    fun `the callback's thread holds afterwards exactly what it held before`(pair: Pair) {
        val withOwn = run(pair, atRegistration = REGISTRANT, own = OWN)
        val withNone = run(pair, atRegistration = REGISTRANT, own = null)

        assertEquals(REGISTRANT, withOwn.seen)
        assertEquals(OWN, withOwn.afterwards, "a different own value is put back")
        assertEquals(REGISTRANT, withNone.seen)
        assertNull(withNone.afterwards, "absent stays absent")
    }

    /** What the callback saw, on which thread, and what that thread held once it returned. */
    private data class Outcome(val seen: String?, val thread: String, val expectedThread: String, val afterwards: String?)

    /** The callback's record: the value it saw and its thread. */
    private inner class Seen {
        val value = CompletableFuture<String?>()
        val thread = CompletableFuture<String>()

        fun record() {
            thread.complete(Thread.currentThread().name.substringBefore(" @"))
            value.complete(requestId.get())
            if (loop.inLoopThread()) loop.stop() // the test thread runs the loop until the callback ran
        }
    }

    /**
     * Makes a `Deferred` of [pair]'s origin, converts it, registers a callback while the test
     * thread holds [atRegistration] and sets another value right after, completes the source while
     * the thread the callback runs on holds [own], and reports what the callback saw.
     */
    private fun run(pair: Pair, atRegistration: String?, own: String?): Outcome {
        requestId.remove()
        /* The executor threads hold `own` from now on; a raw task propagates nothing. */
        onThread(completer) { setOrRemove(own) }
        onThread(worker) { setOrRemove(own) }

        val (deferred, complete) = origin(pair.origin)
        requestId.set(CONVERTER)
        val converted = convert(deferred, pair.conversion)
        setOrRemove(atRegistration)
        val seen = Seen()
        register(converted, pair.registration, seen)
        requestId.set(SET_AFTER)

        complete()
        val expectedThread: String
        val afterwards: String?
        if (pair.callbackOnLoop) {
            expectedThread = Thread.currentThread().name
            setOrRemove(own)
            loop.runForever()
            afterwards = requestId.get()
        } else {
            val callbackThread = if (pair.origin == Origin.POOL_TASK_AS_DEFERRED) worker else completer
            expectedThread = if (callbackThread === worker) "pool-worker" else "completer"
            seen.thread.getWithin()
            afterwards = callbackThread.submit<String?> { requestId.get() }.get(WAIT_SECONDS, TimeUnit.SECONDS)
        }
        requestId.remove()
        return Outcome(seen.value.getWithin(), seen.thread.getWithin(), expectedThread, afterwards)
    }

    /** A pending `Deferred` of [origin], made while this thread holds nothing, and how to complete its source. */
    private fun origin(origin: Origin): kotlin.Pair<Deferred<String>, () -> Unit> = when (origin) {
        Origin.POOL_TASK_AS_DEFERRED -> {
            val gate = CountDownLatch(1).also { gates += it }
            val task = pool.submit<String> {
                gate.await()
                "done"
            }
            task.asDeferred() to { gate.countDown() }
        }
        Origin.PROPAGATING_SETTABLE_AS_DEFERRED -> {
            val settable = ExecutorFutures.settable<String>(propagator)
            settable.asDeferred() to { onThread(completer) { settable.setResult("done") } }
        }
        Origin.LOOP_FUTURE_AS_DEFERRED -> {
            val future = loop.createFuture<String>()
            future.asDeferred() to { onThread(completer) { loop.callSoonThreadsafe { future.setResult("done") } } }
        }
        Origin.COMPLETABLE_FUTURE_VIEW_AS_DEFERRED -> {
            val settable = ExecutorFutures.settable<String>(propagator)
            ExecutorFutures.asCompletableFuture(settable).asDeferred() to
                { onThread(completer) { settable.setResult("done") } }
        }
        Origin.LISTENABLE_FUTURE_VIEW_AS_DEFERRED -> {
            val settable = ExecutorFutures.settable<String>(propagator)
            ExecutorFutures.asListenableFuture(settable).asDeferred() to
                { onThread(completer) { settable.setResult("done") } }
        }
        Origin.COROUTINE_ON_THE_LOOP -> {
            val release = CompletableDeferred<Unit>()
            val coroutine = coroutines.async {
                release.await()
                "done"
            }
            coroutine to { onThread(completer) { release.complete(Unit) } }
        }
        Origin.FOREIGN_COMPLETABLE_DEFERRED -> {
            val foreign = CompletableDeferred<String>()
            foreign to { onThread(completer) { foreign.complete("done") } }
        }
    }

    private fun convert(deferred: Deferred<String>, conversion: Conversion): Any = when (conversion) {
        Conversion.ITSELF -> deferred
        Conversion.AS_EXECUTOR_FUTURE -> deferred.asExecutorFuture()
        Conversion.AS_LOOP_FUTURE -> deferred.asLoopFuture(loop)
        Conversion.AS_COMPLETABLE_FUTURE -> completableFutureOf(deferred)
        Conversion.AS_LISTENABLE_FUTURE -> deferred.asListenableFuture()
    }

    @Suppress("UNCHECKED_CAST")
    private fun register(converted: Any, registration: Registration, seen: Seen) {
        when (registration) {
            Registration.INVOKE_ON_COMPLETION -> (converted as Deferred<String>).invokeOnCompletion { seen.record() }
            Registration.ADD_DONE_CALLBACK -> (converted as AsyncFuture<String>).addDoneCallback { seen.record() }
            Registration.THEN_APPLY -> (converted as CompletableFuture<String>).thenApply { value -> value.also { seen.record() } }
            Registration.WHEN_COMPLETE -> (converted as CompletableFuture<String>).whenComplete { _, _ -> seen.record() }
            Registration.ADD_LISTENER -> (converted as ListenableFuture<String>).addListener({ seen.record() }, directExecutor())
            Registration.FUTURES_ADD_CALLBACK -> Futures.addCallback(
                converted as ListenableFuture<String>,
                object : FutureCallback<String> {
                    override fun onSuccess(result: String) = seen.record()

                    override fun onFailure(t: Throwable) = seen.record()
                },
                directExecutor(),
            )
        }
    }

    private fun setOrRemove(value: String?) {
        if (value == null) requestId.remove() else requestId.set(value)
    }

    /** Runs [action] on [thread] with a raw task and waits for it. */
    private fun onThread(thread: ExecutorService, action: () -> Unit) {
        thread.submit(action).get(WAIT_SECONDS, TimeUnit.SECONDS)
    }

    private companion object {
        const val CONVERTER = "the converter's"
        const val REGISTRANT = "the registrant's"
        const val SET_AFTER = "set after registering"
        const val OWN = "the completing thread's own"

        fun daemon(task: Runnable, name: String): Thread = Thread(task, name).apply { isDaemon = true }
    }
}
