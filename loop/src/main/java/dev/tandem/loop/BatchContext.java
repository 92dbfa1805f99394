package dev.tandem.loop;

import dev.tandem.api.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The context of a propagating loop's callbacks within one batch (one turn of the loop, or one
 * host task of a hosted loop). Each callback opens its own snapshot; the thread gets back what it
 * had when the batch ends, instead of after each callback, so that a run of callbacks registered
 * in one context (a request's burst of work) costs one thread-local read each, not a read and two
 * writes.
 *
 * <p>Exact for every callback: each one's open establishes its own captured values over whatever
 * the one before left (a value it set itself included), and a callback whose open had to replace
 * something puts that back when it returns. Only the scope of the batch's first open, which holds
 * what the thread had before the batch, waits for {@link #end()}; so does a scope that is its
 * snapshot itself (the thread already held the captured values, and closing would only set them
 * again). Between two callbacks only the loop's own code runs. Loop thread only.
 */
final class BatchContext {
  private ContextSnapshot.@Nullable Scope first;

  /**
   * Opens {@code snapshot} for one callback; returns the scope to close when the callback
   * returned, or null if the batch's end puts the thread back instead.
   */
  ContextSnapshot.@Nullable Scope enter(ContextSnapshot snapshot) {
    ContextSnapshot.Scope scope = snapshot.open();
    if (first == null) {
      first = scope;
      return null;
    }
    return scope == snapshot ? null : scope;
  }

  /** The batch ended: the thread gets back what it had before the batch's first callback. */
  void end() {
    ContextSnapshot.Scope scope = first;
    if (scope != null) {
      first = null;
      scope.close();
    }
  }
}
