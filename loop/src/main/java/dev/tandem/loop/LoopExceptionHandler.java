package dev.tandem.loop;

import dev.tandem.api.EventLoop;

/**
 * Receives what went wrong on an event loop that nobody else could be told about: a callback
 * that threw, a failed future whose exception was never retrieved, and (in debug mode) a
 * callback that ran too long. Python's {@code loop.set_exception_handler}.
 *
 * <p>Install one with {@link EventLoopBuilder#exceptionHandler}; the default, {@link
 * #logging()}, logs through {@link System.Logger}.
 *
 * <p>Threads: the loop calls the handler on its own thread, one report at a time. A report of
 * an unretrieved failure is found by the garbage collector and handed to the loop through
 * {@code callSoonThreadsafe}; if the loop is closed by then, the handler is called on a JDK
 * cleaner thread instead. An exception thrown by the handler itself is logged through {@link
 * System.Logger} and otherwise ignored: it never stops the loop.
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
   * System.Logger.Level#ERROR} (at {@code WARNING} for slow callbacks) to the logger {@code
   * dev.tandem.loop}, with the exception if there is one.
   */
  static LoopExceptionHandler logging() {
    return LoggingExceptionHandler.INSTANCE;
  }
}
