package dev.tandem.interop

import com.google.common.util.concurrent.ListenableFuture
import com.google.common.util.concurrent.MoreExecutors
import com.google.common.util.concurrent.SettableFuture
import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.loop.BackgroundLoop
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.io.IOException
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.stream.Stream
import kotlin.test.assertEquals
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlin.test.fail
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource

/**
 * Walks every ordered pair of the five representations (20 pairs) through every rule of the
 * design's "Conversions" section, and checks which thread observes the view's completion.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
internal class ConversionTableTest {

    enum class Rep { EXECUTOR, LOOP, DEFERRED, COMPLETABLE, LISTENABLE }

    enum class Scenario { VALUE, SAME_FAILURE, CANCEL_FROM_SOURCE, CANCEL_FROM_VIEW, CANCEL_MESSAGE }

    private lateinit var background: BackgroundLoop
    private val loop: EventLoop get() = background.loop()

    @BeforeAll
    fun startLoop() {
        background = EventLoops.startBackgroundLoop("table-loop")
    }

    @AfterAll
    fun stopLoop() {
        background.close()
    }

    fun pairs(): Stream<Arguments> =
        Scenario.entries.stream().flatMap { scenario ->
            Rep.entries.stream().flatMap { from ->
                Rep.entries.stream().filter { it != from }.map { to -> Arguments.of(from, to, scenario) }
            }
        }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("pairs")
    fun `every conversion keeps the value, the failure object and the cancellation`(from: Rep, to: Rep, scenario: Scenario) {
        val source = create(from)
        val view = Side(to, convert(source, to))
        val sourceObserved = source.observe()
        val viewObserved = view.observe()

        when (scenario) {
            Scenario.VALUE -> {
                source.completeFromCompleter("v")
                assertEquals(Outcome.Value("v"), view.outcomeAfter(viewObserved))
            }
            Scenario.SAME_FAILURE -> {
                val failure = IOException("boom")
                source.failFromCompleter(failure)
                val outcome = view.outcomeAfter(viewObserved)
                assertTrue(outcome is Outcome.Failure, "expected the failure, got $outcome")
                assertSame(failure, outcome.failure, "the very object that was set must cross")
            }
            Scenario.CANCEL_FROM_SOURCE -> {
                source.cancelFromCompleter(null)
                assertTrue(view.outcomeAfter(viewObserved) is Outcome.Cancelled)
            }
            Scenario.CANCEL_FROM_VIEW -> {
                view.cancel(null)
                assertTrue(source.outcomeAfter(sourceObserved) is Outcome.Cancelled, "cancelling the view cancels the source")
                assertTrue(view.outcomeAfter(viewObserved) is Outcome.Cancelled)
            }
            Scenario.CANCEL_MESSAGE -> {
                checkMessageFromSource(from, to)
                checkMessageFromView(from, to)
            }
        }
        if (scenario != Scenario.CANCEL_FROM_VIEW && scenario != Scenario.CANCEL_MESSAGE) {
            /*
             * A loop-future view completes on its loop, and so does anything observing a loop
             * future; everything else completes in the thread that completed the source.
             */
            val expected = if (from == Rep.LOOP || to == Rep.LOOP) background.thread().name else COMPLETER
            assertEquals(expected, viewObserved.getWithin().name, "thread that observed the view's completion")
        }
    }

    private fun checkMessageFromSource(from: Rep, to: Rep) {
        if (from == Rep.LISTENABLE) {
            return // Guava's cancel has no message to carry; the other scenarios cover its cancellation
        }
        val source = create(from)
        val view = Side(to, convert(source, to))
        val observed = view.observe()
        source.cancelFromCompleter("bye")
        assertEquals(Outcome.Cancelled("bye"), view.outcomeAfter(observed), "$from cancelled with a message -> $to")
    }

    private fun checkMessageFromView(from: Rep, to: Rep) {
        if (to == Rep.LISTENABLE || from == Rep.LISTENABLE) {
            return // Guava can neither send nor keep a message
        }
        val source = create(from)
        val view = Side(to, convert(source, to))
        val observed = source.observe()
        view.cancel("stop")
        assertEquals(Outcome.Cancelled("stop"), source.outcomeAfter(observed), "$to view cancelled with a message -> $from")
    }

    // ---- the five representations ----

    sealed interface Outcome {
        data class Value(val value: Any?) : Outcome

        data class Failure(val failure: Throwable) : Outcome

        data class Cancelled(val message: String?) : Outcome
    }

    /** One future of one representation, and how a test drives and reads it. */
    inner class Side(val rep: Rep, val future: Any) {
        private val backing: CompletableFuture<String>? =
            if (rep == Rep.EXECUTOR) executorBacking[future] else null

        /** Completes with the thread that observed completion, by the representation's own hook. */
        fun observe(): CompletableFuture<Thread> {
            val observed = CompletableFuture<Thread>()
            val record = { observed.complete(Thread.currentThread()) }
            when (rep) {
                Rep.EXECUTOR -> executor().addDoneCallback { record() }
                Rep.LOOP -> loop.onLoop { loopFuture().addDoneCallback { record() } }
                Rep.DEFERRED -> deferred().invokeOnCompletion { record() }
                Rep.COMPLETABLE -> completable().whenComplete { _, _ -> record() }
                Rep.LISTENABLE -> listenable().addListener({ record() }, MoreExecutors.directExecutor())
            }
            return observed
        }

        fun completeFromCompleter(value: String) = fromCompleter {
            when (rep) {
                Rep.EXECUTOR -> backing!!.complete(value)
                Rep.LOOP -> loop.onLoop { loopFuture().setResult(value) }
                Rep.DEFERRED -> deferred().complete(value)
                Rep.COMPLETABLE -> completable().complete(value)
                Rep.LISTENABLE -> (listenable() as SettableFuture<String>).set(value)
            }
        }

        fun failFromCompleter(failure: Throwable) = fromCompleter {
            when (rep) {
                Rep.EXECUTOR -> backing!!.completeExceptionally(failure)
                Rep.LOOP -> loop.onLoop { loopFuture().setException(failure) }
                Rep.DEFERRED -> deferred().completeExceptionally(failure)
                Rep.COMPLETABLE -> completable().completeExceptionally(failure)
                Rep.LISTENABLE -> (listenable() as SettableFuture<String>).setException(failure)
            }
        }

        fun cancelFromCompleter(message: String?) = fromCompleter { cancel(message) }

        /** Cancels the way each type's users would; with a message where the type has one. */
        fun cancel(message: String?) {
            when (rep) {
                Rep.EXECUTOR -> executor().cancel(message)
                Rep.LOOP -> loop.onLoop { loopFuture().cancel(message) }
                Rep.DEFERRED -> deferred().cancel(message?.let { CancellationException(it) })
                Rep.COMPLETABLE ->
                    if (message == null) completable().cancel(true) else completable().completeExceptionally(CancellationException(message))
                Rep.LISTENABLE -> listenable().cancel(false)
            }
        }

        fun outcomeAfter(observed: CompletableFuture<Thread>): Outcome {
            observed.getWithin()
            return when (rep) {
                Rep.EXECUTOR -> outcomeOf(executor())
                Rep.LOOP -> loop.onLoop { outcomeOf(loopFuture()) }
                Rep.DEFERRED -> deferredOutcome(deferred())
                /*
                 * The raw outcome, through handle(): from JDK 23 on, join() and get() rethrow a
                 * cancellation as a new CancellationException("join"/"get") caused by the original.
                 */
                Rep.COMPLETABLE -> completable().handle { value, failure ->
                    when (failure) {
                        null -> Outcome.Value(value)
                        is CancellationException -> Outcome.Cancelled(failure.message)
                        else -> Outcome.Failure(failure)
                    }
                }.getWithin()
                Rep.LISTENABLE -> try {
                    Outcome.Value(listenable().get())
                } catch (e: CancellationException) {
                    Outcome.Cancelled(e.message)
                } catch (e: ExecutionException) {
                    Outcome.Failure(e.cause!!)
                }
            }
        }

        @Suppress("UNCHECKED_CAST")
        fun executor() = future as ExecutorFuture<String>

        @Suppress("UNCHECKED_CAST")
        fun loopFuture() = future as LoopFuture<String>

        @Suppress("UNCHECKED_CAST")
        fun deferred() = future as CompletableDeferred<String>

        @Suppress("UNCHECKED_CAST")
        fun completable() = future as CompletableFuture<String>

        @Suppress("UNCHECKED_CAST")
        fun listenable() = future as ListenableFuture<String>
    }

    private val executorBacking = java.util.IdentityHashMap<Any, CompletableFuture<String>>()

    private fun create(rep: Rep): Side =
        when (rep) {
            Rep.EXECUTOR -> {
                val backing = CompletableFuture<String>()
                val future = ExecutorFutures.from(backing)
                executorBacking[future] = backing
                Side(rep, future)
            }
            Rep.LOOP -> Side(rep, loop.onLoop { loop.createFuture<String>() })
            Rep.DEFERRED -> Side(rep, CompletableDeferred<String>())
            Rep.COMPLETABLE -> Side(rep, CompletableFuture<String>())
            Rep.LISTENABLE -> Side(rep, SettableFuture.create<String>())
        }

    /** The conversion under test: the public function for this ordered pair. */
    private fun convert(source: Side, to: Rep): Any =
        when (source.rep) {
            Rep.EXECUTOR -> source.executor().let {
                when (to) {
                    Rep.LOOP -> it.asLoopFuture(loop)
                    Rep.DEFERRED -> it.asDeferred()
                    Rep.COMPLETABLE -> it.asCompletableFuture()
                    Rep.LISTENABLE -> it.asListenableFuture()
                    Rep.EXECUTOR -> fail("not a pair")
                }
            }
            Rep.LOOP -> source.loopFuture().let {
                when (to) {
                    Rep.EXECUTOR -> it.asExecutorFuture()
                    Rep.DEFERRED -> it.asDeferred()
                    Rep.COMPLETABLE -> it.asCompletableFuture()
                    Rep.LISTENABLE -> it.asListenableFuture()
                    Rep.LOOP -> fail("not a pair")
                }
            }
            Rep.DEFERRED -> source.deferred().let {
                when (to) {
                    Rep.EXECUTOR -> it.asExecutorFuture()
                    Rep.LOOP -> it.asLoopFuture(loop)
                    Rep.COMPLETABLE -> completableFutureOf(it)
                    Rep.LISTENABLE -> it.asListenableFuture()
                    Rep.DEFERRED -> fail("not a pair")
                }
            }
            Rep.COMPLETABLE -> source.completable().let {
                when (to) {
                    Rep.EXECUTOR -> it.asExecutorFuture()
                    Rep.LOOP -> it.asLoopFuture(loop)
                    Rep.DEFERRED -> it.asDeferred()
                    Rep.LISTENABLE -> it.asListenableFuture()
                    Rep.COMPLETABLE -> fail("not a pair")
                }
            }
            Rep.LISTENABLE -> source.listenable().let {
                when (to) {
                    Rep.EXECUTOR -> it.asExecutorFuture()
                    Rep.LOOP -> it.asLoopFuture(loop)
                    Rep.DEFERRED -> it.asDeferred()
                    Rep.COMPLETABLE -> it.asCompletableFuture()
                    Rep.LISTENABLE -> fail("not a pair")
                }
            }
        }.also { view ->
            // the Deferred views are CompletableDeferreds; Side.deferred() only needs Deferred reads
            if (to == Rep.DEFERRED) check(view is Deferred<*>)
        }

    private companion object {
        const val COMPLETER = "completer"

        fun fromCompleter(action: () -> Unit) = onNewThread(COMPLETER, action)

        fun outcomeOf(future: AsyncFuture<*>): Outcome =
            if (future.isCancelled) {
                try {
                    future.exception()
                    fail("a cancelled future's exception() must throw")
                } catch (e: CancellationException) {
                    Outcome.Cancelled(e.message)
                }
            } else {
                future.exception()?.let { Outcome.Failure(it) } ?: Outcome.Value(future.result())
            }

        @OptIn(ExperimentalCoroutinesApi::class)
        fun deferredOutcome(deferred: Deferred<*>): Outcome =
            when (val failure = deferred.getCompletionExceptionOrNull()) {
                null -> Outcome.Value(deferred.getCompleted())
                is CancellationException -> Outcome.Cancelled(failure.message)
                else -> Outcome.Failure(failure)
            }
    }
}
