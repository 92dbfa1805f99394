package dev.tandem.conformance;

import dev.tandem.api.ContextPropagator;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;

/**
 * The TCK port against interop's {@code asCompletableFuture()} of a pending loop future whose
 * background loop propagates one {@link ThreadLocal}: the view's callback on the loop future and
 * its dependent stages are registration points that capture the test thread's context. The test
 * thread holds a value meanwhile, so each capture has something to carry.
 */
public class PropagatingLoopFutureViewCompletableFutureTest
        extends LoopFutureViewCompletableFutureTest {

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
    BackgroundLoop startLoop() {
        return EventLoops.builder()
                .contextPropagator(ContextPropagator.ofThreadLocals(REQUEST))
                .startBackgroundLoop("tck-propagating-loop-view");
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
