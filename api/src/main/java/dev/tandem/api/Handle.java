package dev.tandem.api;

/**
 * A callback scheduled on an {@link EventLoop}, returned by {@link EventLoop#callSoon}, {@link
 * EventLoop#callSoonThreadsafe}, {@link EventLoop#callLater} and {@link EventLoop#callAt}.
 *
 * <p>Thread safety: both methods may be called from any thread. A cancelled callback never runs
 * and the loop drops its reference to it, so whatever it captured can be collected.
 */
public interface Handle {

  /**
   * Stops the callback from running.
   *
   * @return true if this call stopped it; false if it already ran, is running now, or was
   *     cancelled before (by this or another call, or by the loop closing)
   */
  boolean cancel();

  /** Whether the callback was cancelled, by {@link #cancel()} or because its loop closed. */
  boolean isCancelled();
}
