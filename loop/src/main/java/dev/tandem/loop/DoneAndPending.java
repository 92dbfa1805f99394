package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import java.util.Set;

/**
 * What {@link LoopFutures#wait} returns: the futures that were done and those still pending when
 * the wait returned (Python's {@code (done, pending)} pair).
 *
 * <p>Both sets hold the caller's own future objects (never the loop-side views made for
 * futures of another kind), iterate in input order, and are unmodifiable. Immutable and safe to
 * read from any thread.
 *
 * @param <F> the type of the futures waited for
 */
public final class DoneAndPending<F extends AsyncFuture<?>> {
  private final Set<F> done;
  private final Set<F> pending;

  DoneAndPending(Set<F> done, Set<F> pending) {
    this.done = done;
    this.pending = pending;
  }

  /** The futures that were done, as seen on the loop when the wait returned. */
  public Set<F> done() {
    return done;
  }

  /** The futures that were not done yet; a timeout leaves them running, uncancelled. */
  public Set<F> pending() {
    return pending;
  }

  @Override
  public String toString() {
    return "DoneAndPending[done=" + done.size() + ", pending=" + pending.size() + "]";
  }
}
