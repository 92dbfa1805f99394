package dev.tandem.loop;

import dev.tandem.api.EventLoop;

/** {@link LoopExceptionHandler#logging()}. */
final class LoggingExceptionHandler implements LoopExceptionHandler {
  static final LoggingExceptionHandler INSTANCE = new LoggingExceptionHandler();
  static final System.Logger LOGGER = System.getLogger("dev.tandem.loop");

  private LoggingExceptionHandler() {}

  @Override
  public void handle(EventLoop loop, LoopErrorContext context) {
    System.Logger.Level level =
        switch (context.kind()) {
          case SLOW_CALLBACK, LOOP_BLOCKED, LOOP_UNBLOCKED, SHUTDOWN_INCOMPLETE ->
              System.Logger.Level.WARNING;
          case REPORTED ->
              context.exception() == null ? System.Logger.Level.WARNING : System.Logger.Level.ERROR;
          case CALLBACK_FAILED, UNRETRIEVED_FAILURE, LOOP_DEADLOCKED -> System.Logger.Level.ERROR;
        };
    Throwable exception = context.exception();
    if (exception != null) {
      LOGGER.log(level, context.toString(), exception);
    } else {
      LOGGER.log(level, context.toString());
    }
  }

  @Override
  public String toString() {
    return "LoopExceptionHandler.logging()";
  }
}
