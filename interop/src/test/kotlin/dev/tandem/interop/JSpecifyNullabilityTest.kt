package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.LoopFuture
import kotlin.reflect.KType
import kotlin.reflect.typeOf
import kotlin.test.Test
import kotlin.test.assertEquals

/**
 * Proves that Kotlin sees Tandem's Java API through its JSpecify annotations: the types below are
 * the static types the Kotlin compiler inferred for each call (the blocks are never run). Without
 * `@NullMarked` they would be platform types (`kotlin.String!`).
 */
internal class JSpecifyNullabilityTest {

    private inline fun <reified T> staticTypeOf(@Suppress("UNUSED_PARAMETER") block: () -> T): KType = typeOf<T>()

    @Test
    fun asyncFutureMembers_areNonNull_andExceptionIsNullable() {
        val future: () -> AsyncFuture<String> = { error("never called") }
        assertEquals("kotlin.String", staticTypeOf { future().result() }.toString())
        assertEquals("kotlin.Throwable?", staticTypeOf { future().exception() }.toString())
        assertEquals("kotlin.Boolean", staticTypeOf { future().cancel(null) }.toString())
    }

    @Test
    fun nullableTypeArguments_areAllowedAndKept() {
        val future: () -> AsyncFuture<String?> = { error("never called") }
        assertEquals("kotlin.String?", staticTypeOf { future().result() }.toString())
    }

    @Test
    fun loopMembers_areNonNull() {
        val loop: () -> EventLoop = { error("never called") }
        assertEquals(
            "dev.tandem.api.LoopFuture<kotlin.Int>",
            staticTypeOf { loop().createFuture<Int>() }.toString(),
        )
        val future: () -> LoopFuture<Int> = { error("never called") }
        assertEquals("dev.tandem.api.EventLoop", staticTypeOf { future().loop() }.toString())
    }
}
