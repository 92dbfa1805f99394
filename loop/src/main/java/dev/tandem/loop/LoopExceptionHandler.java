package dev.tandem.loop;

import dev.tandem.api.EventLoop;

/**
 * Receives what went wrong on an event loop that nobody else could be told about: a callback
 * that threw, a failed future whose exception was never retrieved, (in debug mode) a callback
 * that ran too long, the watchdog's blocked-loop reports, what a graceful shutdown left
 * unfinished, and reports of library code. {@link LoopErrorContext#kind()} tells them apart.
 * Python's {@code loop.set_exception_handler}.
 *
 * <p>Install one with {@link EventLoopBuilder#exceptionHandler}, or on a live loop with {@link
 * LoopOperations#setExceptionHandler}; the default, {@link #logging()}, logs through {@link
 * System.Logger}.
 *
 * <p>Threads: a handler is called on the thread that makes the report, so it must be
 * thread-safe. Callback failures, slow callbacks and shutdown reports are made on the loop
 * thread, one at a time. A report of an unretrieved failure is found by the garbage collector
 * and handed to the loop through {@code callSoonThreadsafe}; if the loop is closed by then, the
 * handler is called on a JDK cleaner thread instead. The watchdog's reports are made on its own
 * thread ({@code tandem-loop-watchdog}), while the loop thread is busy; {@link
 * LoopOperations#callExceptionHandler} calls it on the caller's thread. An exception thrown by
 * the handler itself is logged through {@link System.Logger} and otherwise ignored: it never
 * stops the loop.
 */
@FunctionalInterface
public interface LoopExceptionHandler {

  /**
   * Handles one report.
   *
   * @param loop the loop the report is about
   * @param context what happened
   */
  void handle(EventLoop loop, LoopErrorContext context);

  /**
   * The default handler: logs {@link LoopErrorContext#toString()} at {@link
   * System.Logger.Level#ERROR} (at {@code WARNING} for slow callbacks, blocked and unblocked
   * loops, incomplete shutdowns and reports without an exception) to the logger {@code
   * dev.tandem.loop}, with the exception if there is one.
   */
  static LoopExceptionHandler logging() {
    return LoggingExceptionHandler.INSTANCE;
  }
}
