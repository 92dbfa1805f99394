package dev.tandem.api;

import org.jspecify.annotations.Nullable;

/**
 * A blocking wait was attempted on a running event loop's thread (the deadlock guard).
 *
 * <p>Blocking the loop thread would stop every callback, timer and coroutine on that loop,
 * often including the one that would complete the awaited future, so Tandem refuses at once
 * instead of hanging. The message says what to do instead: {@code await()} from a coroutine,
 * a loop-side combinator that returns a {@link LoopFuture}, or {@link
 * AsyncFuture#addDoneCallback}. Waits on futures that are already done never block and are
 * allowed anywhere.
 */
public class BlockingOnLoopException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the loop thread and the alternative. */
  public BlockingOnLoopException(@Nullable String message) {
    super(message);
  }
}
