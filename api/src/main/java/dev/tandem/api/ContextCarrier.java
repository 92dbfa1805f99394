package dev.tandem.api;

/**
 * Implemented by Tandem's loops and futures that know the {@link ContextPropagator} of the loop or
 * executor they belong to, so that a view or conversion built over them (a {@code
 * CompletableFuture} view, a {@code ListenableFuture} view, a {@code Deferred}) captures its
 * registrants' context with the same propagator.
 *
 * <p>Thread safety: {@link #contextPropagator()} may be called from any thread; the answer never
 * changes.
 */
public interface ContextCarrier {

  /** The propagator of this object's loop or executor; {@link ContextPropagator#none()} if off. */
  ContextPropagator contextPropagator();

  /**
   * The propagator {@code source} carries, or {@link ContextPropagator#none()} if it is not a
   * {@link ContextCarrier}.
   */
  static ContextPropagator propagatorOf(Object source) {
    return source instanceof ContextCarrier carrier
        ? carrier.contextPropagator()
        : ContextPropagator.none();
  }
}
