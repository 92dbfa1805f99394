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
        pool = FutureExecutor.newFixedPool(1, "tck-task-view");
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

    @Override
    <T> CompletableFuture<T> newFuture() {
        return ExecutorFutures.asCompletableFuture(pool.<T>submit(() -> null));
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
}
