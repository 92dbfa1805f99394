package dev.tandem.api;

import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A blocking wait whose signature cannot throw a checked exception (an {@link java.util.Iterator}'s
 * {@code next()}, as in {@code FutureWaits.asCompleted}) ended without its result. Its {@link
 * #getCause() cause} is the checked exception the other waits throw in the same case: a {@link
 * TimeoutException} when the time ran out (nothing is cancelled), or an {@link
 * InterruptedException} when the waiting thread was interrupted (the thread's interrupt status
 * is set again before this is thrown). {@link #isTimeout()} tells which.
 */
public class UncheckedWaitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with {@code cause}'s message.
   *
   * @throws NullPointerException if {@code cause} is null
   */
  public UncheckedWaitException(TimeoutException cause) {
    super(requireCause(cause).getMessage(), cause);
  }

  /**
   * Creates the exception with a message saying what was being waited for.
   *
   * @throws NullPointerException if {@code cause} is null
   */
  public UncheckedWaitException(@Nullable String message, InterruptedException cause) {
    super(message, requireCause(cause));
  }

  /** True if the time ran out; false if the waiting thread was interrupted. */
  public boolean isTimeout() {
    return getCause() instanceof TimeoutException;
  }

  private static <T extends Exception> T requireCause(T cause) {
    if (cause == null) {
      throw new NullPointerException("cause");
    }
    return cause;
  }
}
