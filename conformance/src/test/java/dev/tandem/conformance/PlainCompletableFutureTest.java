package dev.tandem.conformance;

import java.util.concurrent.CompletableFuture;

/**
 * The TCK port against a plain {@link CompletableFuture}: the baseline that shows the port itself
 * passes on the JDK it runs on, so a failure in a view's run is the view's.
 */
public class PlainCompletableFutureTest extends CompletableFutureTest {

    @Override
    <T> CompletableFuture<T> newFuture() {
        return new CompletableFuture<>();
    }
}
