package dev.tandem.interop

import com.google.common.util.concurrent.ListenableFuture
import dev.tandem.api.AsyncFuture
import dev.tandem.api.ContextSnapshot
import dev.tandem.api.EventLoop
import dev.tandem.api.LoopFuture
import java.io.File
import java.lang.reflect.Modifier
import java.util.concurrent.CompletableFuture
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.Deferred
import org.junit.jupiter.api.Test

/**
 * Java sees readable static facades for every non-suspend conversion, and no `…Kt` class.
 */
internal class JavaFacadeTest {

    private fun staticMethod(className: String, name: String, vararg parameters: Class<*>) {
        val method = Class.forName("dev.tandem.interop.$className").getMethod(name, *parameters)
        assertTrue(Modifier.isStatic(method.modifiers) && Modifier.isPublic(method.modifiers), "$className.$name")
    }

    @Test
    fun `every non-suspend conversion has a static Java entry point with a readable name`() {
        staticMethod("TandemDeferreds", "asDeferred", AsyncFuture::class.java)
        staticMethod("TandemDeferreds", "asLoopFuture", Deferred::class.java, EventLoop::class.java)
        staticMethod("TandemDeferreds", "asExecutorFuture", Deferred::class.java)
        staticMethod("TandemLoopFutures", "asLoopFuture", AsyncFuture::class.java, EventLoop::class.java)
        staticMethod("TandemExecutorFutures", "asExecutorFuture", LoopFuture::class.java)
        staticMethod("TandemCompletableFutures", "asCompletableFuture", AsyncFuture::class.java)
        staticMethod("TandemCompletableFutures", "asCompletableFuture", Deferred::class.java)
        staticMethod("TandemCompletableFutures", "asExecutorFuture", CompletableFuture::class.java)
        staticMethod("TandemCompletableFutures", "asLoopFuture", CompletableFuture::class.java, EventLoop::class.java)
        staticMethod("TandemCompletableFutures", "asDeferred", CompletableFuture::class.java)
        staticMethod("TandemListenableFutures", "asListenableFuture", AsyncFuture::class.java)
        staticMethod("TandemListenableFutures", "asListenableFuture", Deferred::class.java)
        staticMethod("TandemListenableFutures", "asListenableFuture", CompletableFuture::class.java)
        staticMethod("TandemListenableFutures", "asExecutorFuture", ListenableFuture::class.java)
        staticMethod("TandemListenableFutures", "asLoopFuture", ListenableFuture::class.java, EventLoop::class.java)
        staticMethod("TandemListenableFutures", "asDeferred", ListenableFuture::class.java)
        staticMethod("TandemListenableFutures", "asCompletableFuture", ListenableFuture::class.java)
        staticMethod("TandemLoopDispatchers", "asCoroutineDispatcher", EventLoop::class.java)
        staticMethod("TandemContextElements", "asContextElement", ContextSnapshot::class.java)
    }

    @Test
    fun `no file facade is left with a Kt name`() {
        val classes = File(Class.forName("dev.tandem.interop.TandemDeferreds").protectionDomain.codeSource.location.toURI())
        val ktClasses = classes.walk().filter { it.isFile && it.name.endsWith("Kt.class") }.map { it.name }.toList()
        assertEquals(emptyList(), ktClasses)
    }
}
