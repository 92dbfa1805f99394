package dev.tandem.context;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@link ContextPropagator}s over Micrometer's context-propagation library, the standard that
 * Reactor, Spring and Micrometer Tracing share: whatever a {@link ContextRegistry} knows as a
 * {@code ThreadLocalAccessor} is captured where work is registered and restored where it runs.
 *
 * <h2>How to use</h2>
 *
 * (This example is compiled by {@code MicrometerContextTest}.)
 *
 * <pre>{@code
 * ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("requestId"));
 * ContextPropagator propagator = MicrometerContext.propagator();
 * EventLoop loop = EventLoops.builder().contextPropagator(propagator).build();
 * FutureExecutor pool = FutureExecutor.newFixedPool(4, "io", propagator);
 * }</pre>
 *
 * <h2>What a snapshot does</h2>
 *
 * {@link ContextPropagator#capture()} reads every accessor the key filter admits into one
 * Micrometer {@code ContextSnapshot} (a small map of the values that are set); opening it sets
 * those values, <em>clears</em> the admitted accessors that had no value at capture ({@code
 * clearMissing}: a value absent where the work was registered is absent where it runs, not
 * inherited from the running thread), and closing it restores what the thread had, a value it
 * did not have included. Each capture reads each accessor once; each open and close sets and
 * restores each accessor once.
 *
 * <p>Accessors registered after a propagator was made are captured too: the registry is read at
 * every capture.
 *
 * <p>Thread safety: the propagators are immutable and may be used from any thread; {@code
 * capture} and the scopes follow Micrometer's rules (a scope is closed on the thread that opened
 * it, which Tandem always does).
 */
public final class MicrometerContext {
  private MicrometerContext() {}

  /**
   * A propagator over every accessor of {@link ContextRegistry#getInstance()}, the global
   * registry that service-loaded and application-registered accessors go to.
   */
  public static ContextPropagator propagator() {
    return propagator(ContextRegistry.getInstance());
  }

  /**
   * A propagator over every accessor of {@code registry}.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public static ContextPropagator propagator(ContextRegistry registry) {
    return propagator(registry, key -> true);
  }

  /**
   * A propagator over the accessors of {@code registry} whose key {@code keyFilter} admits; the
   * others are neither captured nor touched when a snapshot opens.
   *
   * @throws NullPointerException if an argument is null
   */
  public static ContextPropagator propagator(
      ContextRegistry registry, Predicate<Object> keyFilter) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(keyFilter, "keyFilter");
    return new MicrometerPropagator(
        ContextSnapshotFactory.builder()
            .contextRegistry(registry)
            .captureKeyPredicate(keyFilter)
            .clearMissing(true)
            .build(),
        keyFilter,
        "MicrometerContext.propagator(" + registry + ")");
  }

  /**
   * A propagator over a {@link ContextSnapshotFactory} configured by the caller, taken as it is:
   * with {@code clearMissing(false)} (Micrometer's default), a value absent at capture is not
   * cleared where the work runs, so the work sees the running thread's own value.
   *
   * @throws NullPointerException if {@code factory} is null
   */
  public static ContextPropagator propagator(ContextSnapshotFactory factory) {
    Objects.requireNonNull(factory, "factory");
    return new MicrometerPropagator(
        factory, key -> true, "MicrometerContext.propagator(" + factory + ")");
  }

  /**
   * Captures with the factory; a snapshot opens Micrometer's scope for the admitted keys (so
   * {@code clearMissing} clears only those) and closes it.
   */
  private static final class MicrometerPropagator implements ContextPropagator {
    private final ContextSnapshotFactory factory;
    private final Predicate<Object> keyFilter;
    private final String description;

    MicrometerPropagator(
        ContextSnapshotFactory factory, Predicate<Object> keyFilter, String description) {
      this.factory = factory;
      this.keyFilter = keyFilter;
      this.description = description;
    }

    @Override
    public ContextSnapshot capture() {
      io.micrometer.context.ContextSnapshot captured = factory.captureAll();
      return () -> {
        io.micrometer.context.ContextSnapshot.Scope scope = captured.setThreadLocals(keyFilter);
        return scope::close;
      };
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
