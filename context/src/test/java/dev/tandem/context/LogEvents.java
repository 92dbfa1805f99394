package dev.tandem.context;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * A Logback appender on one logger that keeps every event with the MDC it was logged with (read
 * on the logging thread, while it logs), and the thread that logged it.
 */
final class LogEvents extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  record Event(String message, Map<String, String> mdc, String thread) {}

  private final Logger logger;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  LogEvents(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    setContext(logger.getLoggerContext());
    start();
    logger.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    events.add(
        new Event(
            event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap()), event.getThreadName()));
  }

  List<Event> all() {
    return List.copyOf(events);
  }

  /** The MDC value of {@code key} in the one event whose message is {@code message}. */
  @Nullable String mdcOf(String message, String key) {
    List<Event> matching =
        events.stream().filter(e -> e.message().equals(message)).collect(Collectors.toList());
    if (matching.size() != 1) {
      throw new AssertionError("expected one event '" + message + "', got " + events);
    }
    return matching.get(0).mdc().get(key);
  }

  int size() {
    return events.size();
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
