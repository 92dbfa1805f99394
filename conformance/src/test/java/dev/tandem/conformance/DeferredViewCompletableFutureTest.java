package dev.tandem.conformance;

import dev.tandem.interop.TandemCompletableFutures;
import java.util.concurrent.CompletableFuture;
import kotlinx.coroutines.CompletableDeferredKt;
import kotlinx.coroutines.Job;

/**
 * The TCK port against interop's {@code CompletableFuture} view of a pending Kotlin {@code
 * CompletableDeferred} (Java: {@code TandemCompletableFutures.asCompletableFuture(Deferred)}, the
 * Kotlin {@code completableFutureOf}).
 */
public class DeferredViewCompletableFutureTest extends CompletableFutureTest {

    @Override
    <T> CompletableFuture<T> newFuture() {
        return TandemCompletableFutures.asCompletableFuture(
            CompletableDeferredKt.<T>CompletableDeferred((Job) null));
    }

    // cancelRethrowsStoredException() stays false: interop's KDoc for the CompletableFuture views
    // says "from JDK 23 on, get() and join() throw a new CancellationException whose cause it is".
}
