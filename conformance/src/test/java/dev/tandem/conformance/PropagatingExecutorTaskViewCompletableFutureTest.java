package dev.tandem.conformance;

import dev.tandem.api.ContextPropagator;
import dev.tandem.threads.FutureExecutor;

/**
 * The TCK port against {@code ExecutorFutures.asCompletableFuture(task)} where {@code task} is a
 * pending task of a {@link FutureExecutor} that propagates one {@link ThreadLocal}: every
 * dependent stage of the view is a registration point that captures the test thread's context, so
 * the view's overridden {@code CompletionStage} methods are the propagating ones. The test thread
 * holds a value meanwhile, so each capture has something to carry.
 */
public class PropagatingExecutorTaskViewCompletableFutureTest
        extends ExecutorTaskViewCompletableFutureTest {

    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    @Override
    public void setUp() throws Exception {
        REQUEST.set("tck");
        super.setUp();
    }

    @Override
    public void tearDown() throws Exception {
        try {
            super.tearDown();
        } finally {
            REQUEST.remove();
        }
    }

    @Override
    FutureExecutor newPool() {
        return FutureExecutor.newFixedPool(
                1, "tck-propagating-task-view", ContextPropagator.ofThreadLocals(REQUEST));
    }

    /*
     * Tandem rule (jvm-threads GuardedCompletableFuture): "Context propagation: when
     * contextPropagator() is not ContextPropagator#none() (a view of a source that carries a
     * propagator, and every stage built on it), [...] the dependent stages carry the same
     * propagator." They are of its subclass that keeps the propagator.
     */
    @Override
    String incompleteFutureClassName() {
        return "dev.tandem.threads.GuardedCompletableFuture$PropagatingStage";
    }
}
