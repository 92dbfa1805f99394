package dev.tandem.reliability;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The done callbacks of the executor-future Lincheck tests and their books: {@link #IDS}
 * callbacks, each one object (registering it twice runs it twice), with counts of registrations,
 * removals and runs, and the first run that saw its future not done.
 */
final class CallbackLedger<T extends @Nullable Object> {
  static final int IDS = 2;

  private final AtomicIntegerArray added = new AtomicIntegerArray(IDS);
  private final AtomicIntegerArray removed = new AtomicIntegerArray(IDS);
  private final AtomicIntegerArray ran = new AtomicIntegerArray(IDS);
  private final AtomicReference<@Nullable String> sawNotDone = new AtomicReference<>();
  private final List<Counter> callbacks = List.of(new Counter(0), new Counter(1));

  private final class Counter implements Consumer<AsyncFuture<T>> {
    final int id;

    Counter(int id) {
      this.id = id;
    }

    @Override
    public void accept(AsyncFuture<T> done) {
      if (!done.isDone() || ((ExecutorFuture<T>) done).isRunning()) {
        sawNotDone.compareAndSet(null, "callback " + id + " ran on " + done);
      }
      ran.incrementAndGet(id);
    }
  }

  void add(ExecutorFuture<T> future, int id) {
    added.incrementAndGet(id);
    future.addDoneCallback(callbacks.get(id));
  }

  int remove(ExecutorFuture<T> future, int id) {
    int n = future.removeDoneCallback(callbacks.get(id));
    removed.addAndGet(id, n);
    return n;
  }

  /**
   * At a quiescent point: no callback ran on a future that was not done, and once {@code future}
   * is done every registration not removed ran exactly once (none before).
   */
  void check(ExecutorFuture<T> future) {
    String early = sawNotDone.get();
    if (early != null) {
      throw new AssertionError(early);
    }
    boolean done = future.isDone();
    for (int id = 0; id < IDS; id++) {
      int expected = done ? added.get(id) - removed.get(id) : 0;
      if (ran.get(id) != expected) {
        throw new AssertionError(
            "callback " + id + " ran " + ran.get(id) + " times, expected " + expected
                + " (added " + added.get(id) + ", removed " + removed.get(id) + ", " + future + ")");
      }
    }
  }
}
