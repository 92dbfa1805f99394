package dev.tandem.api;

import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link AsyncFuture#result()}, {@link AsyncFuture#exception()} and the blocking waits
 * of a future that was cancelled (Python's {@code CancelledError}).
 *
 * <p>{@link #getMessage()} is the message given to {@link AsyncFuture#cancel(String)}, or
 * {@code null} when the future was cancelled without one. Because it extends the JDK's {@link
 * CancellationException}, code written against {@link java.util.concurrent.Future} catches it
 * unchanged, and a conversion to a type without messages (a {@code CompletableFuture}, a Kotlin
 * {@code Deferred}) keeps the message as that type's {@code CancellationException} message.
 */
public class CancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception carrying the cancel message, {@code null} for none. */
  public CancelledException(@Nullable String message) {
    super(message);
  }
}
