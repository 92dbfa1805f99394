package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

final class RequestIdsTest {
  private static final Map<String, String> IDS = Map.of("alice", "req-1", "bob", "req-2", "carol", "req-3");
  private static final String LOOP_THREAD = "request-loop";
  private static final String POOL_THREAD = "pricing-thread-";

  /** What Logback was given: the message, the MDC's request id and the thread, read as it logged. */
  record Event(String message, String requestId, String thread) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RequestIds.REQUEST_LOG);
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          events.add(
              new Event(
                  event.getFormattedMessage(),
                  event.getMDCPropertyMap().get(RequestIds.REQUEST_ID),
                  event.getThreadName().replaceAll(" @.*", ""))); // kotlinx debug mode's suffix
        }
      };

  @BeforeEach
  void captureTheLog() {
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void stopCapturing() {
    logger.detachAppender(appender);
    appender.stop();
  }

  @Test
  @Timeout(30)
  void run_logsEveryLineWithTheIdOfItsRequestOnThePoolTheLoopAndInCoroutines() {
    Output out = new Output();

    RequestIds.requestIds(out.stream);

    assertThat(out.text())
        .contains("alice: lamp + book = 21")
        .contains("bob: lamp + pen = 14")
        .contains("carol: book + mug = 14");

    // Every line that names a customer carries that customer's request id, wherever it ran.
    for (Map.Entry<String, String> customer : IDS.entrySet()) {
      List<Event> own = matching(e -> e.message().startsWith(customer.getKey() + ": "));
      assertThat(own).as(customer.getKey()).hasSize(7);
      assertThat(own).as(customer.getKey()).allMatch(e -> customer.getValue().equals(e.requestId()));
    }

    // Each kind of place is there: the main thread, the coroutine, the loop's callbacks, the pool.
    assertThat(matching(e -> e.message().contains("(main thread)"))).hasSize(3);
    assertThat(matching(e -> e.message().contains("(coroutine"))).hasSize(6).allMatch(onLoop());
    assertThat(matching(e -> e.message().contains("(done callback on the loop)"))).hasSize(3).allMatch(onLoop());
    assertThat(matching(e -> e.message().contains("(callSoon on the loop)"))).hasSize(3).allMatch(onLoop());
    assertThat(matching(e -> e.message().contains("(done callback on the pool)"))).hasSize(6).allMatch(onPool());
    assertThat(matching(e -> e.message().contains("(task on the pool)"))).hasSize(4).allMatch(onPool());

    // A shared lookup runs in the context of the request that started it; each request's own
    // callback on it, on the very thread that fetched for the other request, in its own.
    Event lampFetch = single("fetching the price of lamp (task on the pool)");
    Event bobsLamp = single("bob: lamp costs 12 (done callback on the pool)");
    assertThat(lampFetch.requestId()).isEqualTo("req-1");
    assertThat(bobsLamp.requestId()).isEqualTo("req-2");
    assertThat(bobsLamp.thread()).isEqualTo(lampFetch.thread());
    assertThat(single("carol: book costs 9 (done callback on the pool)").requestId()).isEqualTo("req-3");
    assertThat(single("fetching the price of book (task on the pool)").requestId()).isEqualTo("req-1");

    // The request id crossed into the backend as a header, taken from the MDC in the task.
    assertThat(single("backend: price of pen asked (server thread)").requestId()).isEqualTo("req-2");
    assertThat(single("backend: price of mug asked (server thread)").requestId()).isEqualTo("req-3");
  }

  private List<Event> matching(Predicate<Event> filter) {
    return events.stream().filter(filter).toList();
  }

  private Event single(String message) {
    List<Event> found = matching(e -> e.message().equals(message));
    assertThat(found).as(message + " in " + events).hasSize(1);
    return found.get(0);
  }

  private static Predicate<Event> onLoop() {
    return e -> e.thread().equals(LOOP_THREAD);
  }

  private static Predicate<Event> onPool() {
    return e -> e.thread().startsWith(POOL_THREAD);
  }
}
