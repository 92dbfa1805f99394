package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import java.util.ArrayList;
import java.util.List;

/** An exception handler that keeps every report; reports may arrive from a cleaner thread. */
final class RecordingHandler implements LoopExceptionHandler {
  private final List<LoopErrorContext> reports = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @Override
  public synchronized void handle(EventLoop loop, LoopErrorContext context) {
    reports.add(context);
    threads.add(Thread.currentThread());
  }

  synchronized List<LoopErrorContext> reports() {
    return new ArrayList<>(reports);
  }

  synchronized List<Thread> threads() {
    return new ArrayList<>(threads);
  }
}
