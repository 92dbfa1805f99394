package dev.tandem.conformance;

import dev.tandem.api.LoopFuture;
import dev.tandem.interop.TandemCompletableFutures;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The TCK port against interop's {@code asCompletableFuture()} of a pending {@link LoopFuture}
 * whose loop runs on a background thread (Java: {@code
 * TandemCompletableFutures.asCompletableFuture(AsyncFuture)}).
 */
public class LoopFutureViewCompletableFutureTest extends CompletableFutureTest {

    private BackgroundLoop background;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        background = EventLoops.startBackgroundLoop("tck-loop-view");
    }

    @Override
    public void tearDown() throws Exception {
        assertTrue("the loop thread ended", background.shutdown(Duration.ofSeconds(30)));
        super.tearDown();
    }

    @Override
    <T> CompletableFuture<T> newFuture() {
        LoopFuture<T> source = background.loop().createFuture();
        return TandemCompletableFutures.asCompletableFuture(source);
    }

    // cancelRethrowsStoredException() stays false: interop's KDoc says of this view "from JDK 23
    // on, get() and join() throw a new CancellationException whose cause it is".
}
