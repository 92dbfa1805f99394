package dev.tandem.threads;

import dev.tandem.api.CancelledException;

/**
 * What a Tandem wait inside a cancelled {@link TaskGroup} or expired {@link Deadline} throws: a
 * {@link CancelledException} with the scope's cancel message, which remembers whose
 * cancellation it is, so that only that scope's boundary handles it (a deadline turns its own
 * into a {@link java.util.concurrent.TimeoutException}; every other scope passes it on).
 */
final class ScopeCancellation extends CancelledException {
  private static final long serialVersionUID = 1L;

  private final transient CancelScope.Cancellation why;

  ScopeCancellation(CancelScope.Cancellation why) {
    super(why.message());
    this.why = why;
  }

  /** The scope whose own cancellation this is. */
  CancelScope origin() {
    return why.origin();
  }

  /** Whether {@code thrown} is the cancellation of {@code scope} itself. */
  static boolean isOf(Throwable thrown, CancelScope scope) {
    return thrown instanceof ScopeCancellation sc && sc.why != null && sc.why.origin() == scope;
  }
}
