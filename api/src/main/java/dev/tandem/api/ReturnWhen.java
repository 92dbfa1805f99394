package dev.tandem.api;

/**
 * When a group wait returns: the {@code return_when} argument of Python's
 * {@code concurrent.futures.wait} and {@code asyncio.wait}.
 *
 * <p>Whatever the choice, a wait also returns when its timeout runs out; a timeout returns the
 * futures done so far and cancels nothing.
 */
public enum ReturnWhen {
  /** Return as soon as any future is done, whether it succeeded, failed or was cancelled. */
  FIRST_COMPLETED,
  /**
   * Return as soon as any future fails with an exception; if none fails, this behaves as
   * {@link #ALL_COMPLETED}. Cancellation is not an exception here.
   */
  FIRST_EXCEPTION,
  /** Return when every future is done. */
  ALL_COMPLETED
}
