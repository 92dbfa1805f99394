package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import java.util.ArrayList;
import java.util.List;

/** An exception handler that keeps every report; reports may arrive from a cleaner thread. */
final class RecordingHandler implements LoopExceptionHandler {
  private final List<LoopErrorContext> reports = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Boolean> onLoopThread = new ArrayList<>();

  @Override
  public synchronized void handle(EventLoop loop, LoopErrorContext context) {
    reports.add(context);
    threads.add(Thread.currentThread());
    onLoopThread.add(loop.inLoopThread());
  }

  /** For each report, whether the handler ran on the thread running the loop. */
  synchronized List<Boolean> onLoopThread() {
    return new ArrayList<>(onLoopThread);
  }

  synchronized List<LoopErrorContext> reports() {
    return new ArrayList<>(reports);
  }

  synchronized List<Thread> threads() {
    return new ArrayList<>(threads);
  }
}
