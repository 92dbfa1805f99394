package dev.tandem.conformance;

import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.threads.ExecutorFutures;
import java.util.concurrent.CompletableFuture;

/**
 * The TCK port against {@code ExecutorFutures.asCompletableFuture(ExecutorFutures.from(settable))}:
 * the {@code CompletableFuture} view of the executor-future adapter of a pending Guava {@link
 * SettableFuture}.
 */
public class GuavaAdapterViewCompletableFutureTest extends CompletableFutureTest {

    @Override
    <T> CompletableFuture<T> newFuture() {
        return ExecutorFutures.asCompletableFuture(ExecutorFutures.from(SettableFuture.<T>create()));
    }

    /*
     * Tandem rule (jvm-threads CompletableFutureView): "Since JDK 23, join() and get() throw a
     * fresh CancellationException("join"/"get") caused by the stored one; rethrow the stored one,
     * so the cancel message is the message users see."
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
