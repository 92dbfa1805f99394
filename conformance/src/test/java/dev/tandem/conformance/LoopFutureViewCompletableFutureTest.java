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
        background = startLoop();
    }

    @Override
    public void tearDown() throws Exception {
        assertTrue("the loop thread ended", background.shutdown(Duration.ofSeconds(30)));
        super.tearDown();
    }

    /** The background loop whose pending futures are viewed. */
    BackgroundLoop startLoop() {
        return EventLoops.startBackgroundLoop("tck-loop-view");
    }

    @Override
    <T> CompletableFuture<T> newFuture() {
        LoopFuture<T> source = background.loop().createFuture();
        return TandemCompletableFutures.asCompletableFuture(source);
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
