package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One report to a {@link LoopExceptionHandler}: what kind of report it is, a message, and
 * whatever is known about the callback and the future involved (Python's exception-handler
 * {@code context} dict).
 *
 * <p>Immutable and safe to keep or pass to another thread. The loop makes most reports; library
 * code makes its own with {@link #of(String, Throwable, AsyncFuture)} and hands them to {@link
 * LoopOperations#callExceptionHandler}.
 */
public final class LoopErrorContext {

  /** What a report is about. */
  public enum Kind {
    /** A callback, a done callback or a close action threw ({@link #exception()}). */
    CALLBACK_FAILED,
    /** A failed future was collected and nobody had read its failure. */
    UNRETRIEVED_FAILURE,
    /** Debug mode: a callback ran for at least the slow-callback threshold; it has returned. */
    SLOW_CALLBACK,
    /**
     * The watchdog: a callback has been running longer than the blocked threshold and has not
     * returned yet. {@link #exception()} is a throwable whose stack trace is the loop thread's
     * at the time of the check; {@link #duration()} how long it has been running so far.
     */
    LOOP_BLOCKED,
    /**
     * The watchdog: like {@link #LOOP_BLOCKED}, and the loop thread is parked waiting for a
     * future, which the loop cannot complete while its thread waits (see {@code
     * docs/operating.md} for the waits recognised).
     */
    LOOP_DEADLOCKED,
    /**
     * The watchdog: a callback reported as blocked has returned; {@link #duration()} is how long
     * it ran in total (as the watchdog measured it).
     */
    LOOP_UNBLOCKED,
    /**
     * A graceful shutdown reached its deadline with work left; {@link #details()} lists it. The
     * loop was then closed, which cancelled that work.
     */
    SHUTDOWN_INCOMPLETE,
    /** A report made by library or application code ({@link #of}). */
    REPORTED
  }

  private final Kind kind;
  private final String message;
  private final @Nullable Throwable exception;
  private final @Nullable AsyncFuture<?> future;
  private final @Nullable String futureDescription;
  private final @Nullable String callbackDescription;
  private final @Nullable Throwable creationSite;
  private final @Nullable Duration duration;
  private final List<String> details;

  LoopErrorContext(
      Kind kind,
      String message,
      @Nullable Throwable exception,
      @Nullable AsyncFuture<?> future,
      @Nullable String futureDescription,
      @Nullable String callbackDescription,
      @Nullable Throwable creationSite,
      @Nullable Duration duration,
      List<String> details) {
    this.kind = kind;
    this.message = message;
    this.exception = exception;
    this.future = future;
    this.futureDescription = futureDescription;
    this.callbackDescription = callbackDescription;
    this.creationSite = creationSite;
    this.duration = duration;
    this.details = List.copyOf(details);
  }

  LoopErrorContext(
      Kind kind,
      String message,
      @Nullable Throwable exception,
      @Nullable AsyncFuture<?> future,
      @Nullable String futureDescription,
      @Nullable String callbackDescription,
      @Nullable Throwable creationSite) {
    this(
        kind,
        message,
        exception,
        future,
        futureDescription,
        callbackDescription,
        creationSite,
        null,
        List.of());
  }

  /**
   * The report of a callback that threw, the same on every Tandem loop: {@code what} names the
   * callback's role ("callback", "done callback", "close action"); {@code future} is the future
   * whose done callback it was, if any.
   */
  static LoopErrorContext callbackFailed(
      String what, Throwable failure, @Nullable AsyncFuture<?> future, Object callback) {
    return new LoopErrorContext(
        Kind.CALLBACK_FAILED,
        "Exception in " + what,
        failure,
        future,
        future == null ? null : future.toString(),
        String.valueOf(callback),
        null);
  }

  /** Debug mode's report of a callback that ran {@code tookNanos}, at least the threshold. */
  static LoopErrorContext slowCallback(String what, long tookNanos) {
    return new LoopErrorContext(
        Kind.SLOW_CALLBACK,
        "Executing " + what + " took " + Duration.ofNanos(tookNanos).toMillis() + " ms",
        null,
        null,
        null,
        what,
        null,
        Duration.ofNanos(tookNanos),
        List.of());
  }

  /**
   * A report of kind {@link Kind#REPORTED} for {@link LoopOperations#callExceptionHandler}
   * (asyncio's {@code call_exception_handler(context)}).
   *
   * @param message what happened
   * @param exception the exception involved, if any
   * @param future the future involved, if any; its {@code toString()} is taken now
   * @throws NullPointerException if {@code message} is null
   */
  public static LoopErrorContext of(
      String message, @Nullable Throwable exception, @Nullable AsyncFuture<?> future) {
    Objects.requireNonNull(message, "message");
    return new LoopErrorContext(
        Kind.REPORTED,
        message,
        exception,
        future,
        future == null ? null : future.toString(),
        null,
        null);
  }

  /** What the report is about. */
  public Kind kind() {
    return kind;
  }

  /**
   * What happened, for instance {@code "Exception in callback"}, {@code "Future exception was
   * never retrieved"}, {@code "Executing … took 250 ms"} or {@code "Event loop blocked for 2000
   * ms …"}.
   */
  public String message() {
    return message;
  }

  /**
   * The exception involved, if any: what a callback threw, the unretrieved failure, or for the
   * watchdog's reports a throwable whose stack trace is the loop thread's.
   */
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

  /**
   * How long: the run time of a slow callback, how long a blocked callback has run so far, or
   * how long it ran in total; null for the other kinds.
   */
  public @Nullable Duration duration() {
    return duration;
  }

  /** Further lines, for instance the work a graceful shutdown left unfinished; often empty. */
  public List<String> details() {
    return details;
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
    for (String d : details) {
      sb.append("\n  ").append(d.replace("\n", "\n    "));
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
