package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import org.jspecify.annotations.Nullable;

/**
 * One report to a {@link LoopExceptionHandler}: a message and whatever is known about the
 * callback and the future involved (Python's exception-handler {@code context} dict).
 *
 * <p>Immutable and safe to keep or pass to another thread. Reports are made by the loop; this
 * class has no public constructor.
 */
public final class LoopErrorContext {
  private final String message;
  private final @Nullable Throwable exception;
  private final @Nullable AsyncFuture<?> future;
  private final @Nullable String futureDescription;
  private final @Nullable String callbackDescription;
  private final @Nullable Throwable creationSite;

  LoopErrorContext(
      String message,
      @Nullable Throwable exception,
      @Nullable AsyncFuture<?> future,
      @Nullable String futureDescription,
      @Nullable String callbackDescription,
      @Nullable Throwable creationSite) {
    this.message = message;
    this.exception = exception;
    this.future = future;
    this.futureDescription = futureDescription;
    this.callbackDescription = callbackDescription;
    this.creationSite = creationSite;
  }

  /**
   * What happened, for instance {@code "Exception in callback"}, {@code "Future exception was
   * never retrieved"} or {@code "Executing … took 250 ms"}.
   */
  public String message() {
    return message;
  }

  /** The exception involved, if any: what a callback threw, or the unretrieved failure. */
  public @Nullable Throwable exception() {
    return exception;
  }

  /**
   * The future involved while it is still alive: the future whose done callback threw. Null for
   * unretrieved-failure reports (the future was collected; see {@link #futureDescription()}).
   */
  public @Nullable AsyncFuture<?> future() {
    return future;
  }

  /** The {@code toString()} of the future involved, if any, taken when the report was made. */
  public @Nullable String futureDescription() {
    return futureDescription;
  }

  /** The {@code toString()} of the callback involved, if any. */
  public @Nullable String callbackDescription() {
    return callbackDescription;
  }

  /**
   * Where the future involved was created, as a throwable whose stack trace is the creation
   * site; recorded only in debug mode ({@link EventLoopBuilder#debug(boolean)}), null otherwise.
   */
  public @Nullable Throwable creationSite() {
    return creationSite;
  }

  /** The message followed by the known details, one per line. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(message);
    if (callbackDescription != null) {
      sb.append("\n  callback: ").append(callbackDescription);
    }
    if (futureDescription != null) {
      sb.append("\n  future: ").append(futureDescription);
    }
    if (exception != null) {
      sb.append("\n  exception: ").append(exception);
    }
    if (creationSite != null) {
      sb.append("\n  future created at:");
      for (StackTraceElement e : creationSite.getStackTrace()) {
        sb.append("\n    ").append(e);
      }
    }
    return sb.toString();
  }
}
