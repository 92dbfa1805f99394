package dev.tandem.api;

import org.jspecify.annotations.Nullable;

/**
 * A loop-confined object was mutated from a thread other than its running loop's thread.
 *
 * <p>Thrown, while the loop runs, when a thread other than the loop's calls: a loop future's
 * {@link LoopFuture#setResult setResult}, {@link LoopFuture#setException setException}, {@code
 * cancel()} / {@code cancel(String)}, {@code addDoneCallback} or {@code removeDoneCallback} (the
 * {@link AsyncFuture} methods as a {@link LoopFuture} implements them; executor futures are
 * thread-safe and never throw it), {@link EventLoop#callSoon}, and whatever calls those on the
 * caller's behalf (the loop-side combinators). The message names both threads ({@link
 * Thread#getName()}) and says to use {@link EventLoop#callSoonThreadsafe} instead. The object is
 * left unchanged. No other method of {@link EventLoop} throws it.
 */
public class WrongThreadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message should name the calling and the owning thread. */
  public WrongThreadException(@Nullable String message) {
    super(message);
  }
}
