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


    /*
     * Tandem rule (jvm-threads GuardedCompletableFuture, the class of every CompletableFuture view):
     * "A cancelled future's reads throw the CancellationException it holds (from JDK 23 on the JDK
     * throws a new one caused by it; Tandem rethrows the stored one, so the cancel message is the
     * message users see)."
     */
    @Override
    boolean cancelRethrowsStoredException() {
        return true;
    }

    /*
     * Tandem rule (ExecutorFutures.asCompletableFuture): "get, get(timeout) and join on a view
     * that is not done throw BlockingOnLoopException on a running event loop's thread, and so do
     * those of its dependent stages, which are of the same class."
     */
    @Override
    String incompleteFutureClassName() {
        return "dev.tandem.threads.GuardedCompletableFuture";
    }
}
