package dev.tandem.conformance;

import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The TCK port against {@code ExecutorFutures.asCompletableFuture(task)} where {@code task} is a
 * pending task of a {@link FutureExecutor}: the pool's one thread is held by a blocker, so every
 * viewed task stays queued (PENDING, never RUNNING, which Tandem's rules forbid cancelling).
 */
public class ExecutorTaskViewCompletableFutureTest extends CompletableFutureTest {

    private FutureExecutor pool;
    private CountDownLatch releaseBlocker;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        pool = newPool();
        releaseBlocker = new CountDownLatch(1);
        CountDownLatch blocking = releaseBlocker;
        pool.submit(() -> {
            blocking.await();
            return null;
        });
    }

    @Override
    public void tearDown() throws Exception {
        // Cancel the queued tasks (their views are done already, or are cancelled with them),
        // then let the blocker end and wait for the pool.
        pool.shutdown(false, true);
        releaseBlocker.countDown();
        pool.close();
        super.tearDown();
    }

    /** The one-thread pool whose queued tasks are viewed. */
    FutureExecutor newPool() {
        return FutureExecutor.newFixedPool(1, "tck-task-view");
    }

    @Override
    <T> CompletableFuture<T> newFuture() {
        return ExecutorFutures.asCompletableFuture(pool.<T>submit(() -> null));
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
