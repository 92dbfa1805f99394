package dev.tandem.api;

import org.jspecify.annotations.Nullable;

/**
 * A loop-confined object was mutated from a thread other than its running loop's thread.
 *
 * <p>Thrown by {@link LoopFuture#setResult}, {@link LoopFuture#setException}, {@link
 * AsyncFuture#cancel()}, {@link AsyncFuture#addDoneCallback}, {@link
 * AsyncFuture#removeDoneCallback} and {@link EventLoop#callSoon} when called from a foreign
 * thread while the loop runs. The message names both threads ({@link Thread#getName()}) and
 * says to use {@link EventLoop#callSoonThreadsafe} instead. The object is left unchanged.
 */
public class WrongThreadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message should name the calling and the owning thread. */
  public WrongThreadException(@Nullable String message) {
    super(message);
  }
}
