package dev.tandem.api;

import org.jspecify.annotations.Nullable;

/**
 * A future was asked for something its state does not allow: {@link AsyncFuture#result()} or
 * {@link AsyncFuture#exception()} before it is done, or {@link LoopFuture#setResult} /
 * {@link LoopFuture#setException} on a future that is already done (Python's
 * {@code InvalidStateError}).
 *
 * <p>Throwing it never changes the future: a pending future stays pending, a done one keeps
 * its outcome.
 */
public class InvalidStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says which state forbade which call. */
  public InvalidStateException(@Nullable String message) {
    super(message);
  }
}
