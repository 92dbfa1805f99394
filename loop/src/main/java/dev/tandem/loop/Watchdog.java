package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.LoopFuture;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The blocked-loop watchdog: one low-priority daemon thread ({@value #THREAD_NAME}) for every
 * loop in the JVM, started when the first loop registers. Loops register weakly: a loop that is
 * closed leaves at once, one that is collected at the next check.
 *
 * <h2>How it sees a blocked loop without costing the loop</h2>
 *
 * The loop thread stores, per callback, its running count of callbacks started (opaque) and the
 * callback (plain); nothing else, and no clock read. Every check interval the checker reads the
 * count: if the loop is running, not parked waiting for work, and the count has not moved since
 * an earlier check, the same callback has been running at least since then. The time is measured
 * on the loop's own {@link LoopClock} from the first check that saw the count, so a report comes
 * up to one interval late and its durations are lower bounds; with a {@link ManualClock} a test
 * moves the time and calls {@link #checkNow()}.
 *
 * <h2>Reports</h2>
 *
 * Once a callback has been running for the threshold, the loop's exception handler gets a
 * {@link LoopErrorContext.Kind#LOOP_BLOCKED} (or {@link LoopErrorContext.Kind#LOOP_DEADLOCKED})
 * report, on the checker thread, with the loop thread's stack; again at two, four, eight… times
 * the threshold while it stays blocked; and once {@link LoopErrorContext.Kind#LOOP_UNBLOCKED}
 * when the loop moves on, with the total. See {@link #futureWait} for what counts as a deadlock.
 */
final class Watchdog {
  static final String THREAD_NAME = "tandem-loop-watchdog";

  private static final long MIN_INTERVAL = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_INTERVAL = TimeUnit.MILLISECONDS.toNanos(500);

  private static final Watchdog SHARED = new Watchdog();

  /** Guarded by {@code this}. */
  private final List<Entry> entries = new ArrayList<>();

  /** Guarded by {@code this}; null until the first registration. */
  private @Nullable Thread thread;

  private Watchdog() {}

  /** Registers {@code loop} with the shared checker, starting it if it is not running yet. */
  static Entry register(DefaultEventLoop loop, Duration threshold) {
    Entry e = new Entry(loop, threshold.toNanos());
    SHARED.add(e);
    return e;
  }

  /** Runs one check of every registered loop on the calling thread; for tests. */
  static void checkNow() {
    SHARED.checkAll();
  }

  /** The loops registered now; for tests. */
  static int registered() {
    synchronized (SHARED) {
      return SHARED.entries.size();
    }
  }

  /** Whether {@code e} is still registered; for tests. */
  static boolean isRegistered(Entry e) {
    synchronized (SHARED) {
      return SHARED.entries.contains(e);
    }
  }

  private synchronized void add(Entry e) {
    entries.add(e);
    if (thread == null) {
      Thread t = new Thread(this::run, THREAD_NAME);
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      thread = t;
      t.start();
    }
  }

  private synchronized void remove(Entry e) {
    entries.remove(e);
  }

  private void run() {
    while (true) {
      long interval = checkAll();
      LockSupport.parkNanos(this, interval);
    }
  }

  /** Checks every loop once and returns how long to wait before the next round. */
  private long checkAll() {
    Entry[] snapshot;
    synchronized (this) {
      snapshot = entries.toArray(new Entry[0]);
    }
    long interval = MAX_INTERVAL;
    for (Entry e : snapshot) {
      try {
        if (e.check()) {
          interval = Math.min(interval, e.threshold / 4);
        } else {
          remove(e);
        }
      } catch (Throwable unexpected) {
        LoggingExceptionHandler.LOGGER.log(
            System.Logger.Level.ERROR, "the loop watchdog failed to check a loop", unexpected);
      }
    }
    return Math.max(MIN_INTERVAL, interval);
  }

  /** One loop's registration and the checker's state for it. */
  static final class Entry {
    private final WeakReference<DefaultEventLoop> loop;
    private final LoopClock clock;
    final long threshold;

    // guarded by this
    private long seenCount = -1;
    private boolean seenAwake;
    private long seenAt;
    private long nextReport;
    private boolean blocked;
    private @Nullable String blockedCallback;

    private volatile long blockedEpisodes;

    private Entry(DefaultEventLoop loop, long threshold) {
      this.loop = new WeakReference<>(loop);
      this.clock = loop.clock;
      this.threshold = threshold;
    }

    long blockedEpisodes() {
      return blockedEpisodes;
    }

    void unregister() {
      SHARED.remove(this);
    }

    /** One check; returns false once the loop is gone (collected or closed). */
    synchronized boolean check() {
      DefaultEventLoop l = loop.get();
      if (l == null || l.isClosed()) {
        return false;
      }
      long now = clock.nanoTime();
      Thread t = l.runningThread();
      long count = l.callbacksRun();
      boolean idle = t == null || l.isSleeping();
      if (idle || count != seenCount || !seenAwake) {
        if (blocked) {
          blocked = false;
          long ran = now - seenAt;
          l.report(
              new LoopErrorContext(
                  LoopErrorContext.Kind.LOOP_UNBLOCKED,
                  "Event loop unblocked: the callback reported as blocked returned after about "
                      + millis(ran),
                  null,
                  null,
                  null,
                  blockedCallback,
                  null,
                  Duration.ofNanos(ran),
                  List.of()));
          blockedCallback = null;
        }
        /*
         * A loop first seen awake with this count starts the measure now, not at the last check
         * that saw it idle: woken, it may not have started a callback yet.
         */
        seenCount = count;
        seenAwake = !idle;
        seenAt = now;
        nextReport = threshold;
        return true;
      }
      long running = now - seenAt;
      if (running < nextReport) {
        return true;
      }
      while (nextReport <= running && nextReport < Long.MAX_VALUE / 2) {
        nextReport *= 2; // threshold, then 2x, 4x, 8x...
      }
      if (!blocked) {
        blocked = true;
        blockedEpisodes++; // only this thread writes it, under the entry's lock
        blockedCallback = describe(l.currentCallback());
      }
      StackTraceElement[] stack = t.getStackTrace();
      String wait = futureWait(l, t, stack);
      LoopThreadStack where =
          new LoopThreadStack("the stack of loop thread '" + t.getName() + "'", stack);
      String head =
          "Event loop blocked: thread '"
              + t.getName()
              + "' has been running one callback for "
              + millis(running)
              + " (threshold "
              + millis(threshold)
              + ")";
      l.report(
          new LoopErrorContext(
              wait == null ? LoopErrorContext.Kind.LOOP_BLOCKED : LoopErrorContext.Kind.LOOP_DEADLOCKED,
              wait == null
                  ? head
                  : wait.startsWith("a future of this loop")
                      ? head
                          + "; deadlock: the loop thread is waiting for "
                          + wait
                          + ", and nothing on this loop can run while its thread waits"
                      : head
                          + "; possible deadlock: the loop thread is waiting for "
                          + wait
                          + ", and nothing on this loop can run while its thread waits, so it"
                          + " never completes if only this loop can complete it",
              where,
              null,
              null,
              blockedCallback,
              null,
              Duration.ofNanos(running),
              List.of()));
      return true;
    }
  }

  /**
   * What the parked loop thread waits for, if it is a future; null if it is not parked in a
   * future wait. Recognised:
   *
   * <ul>
   *   <li>a park whose blocker ({@link LockSupport#getBlocker}) is a future: a {@link LoopFuture}
   *       (of this loop or another), any other {@link AsyncFuture}, or any {@link Future} (Guava's
   *       {@code AbstractFuture} and the JDK's {@code FutureTask} park on themselves);
   *   <li>a {@code CompletableFuture} wait ({@code get}, {@code join}: they park on an internal
   *       signaller, so it is recognised by its frames);
   *   <li>kotlinx-coroutines' {@code runBlocking}, by its frame.
   * </ul>
   *
   * Tandem's own blocking waits fail fast on a loop thread and never get here.
   */
  static @Nullable String futureWait(
      DefaultEventLoop loop, Thread t, StackTraceElement[] stack) {
    Thread.State state = t.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return null;
    }
    Object blocker = LockSupport.getBlocker(t);
    if (blocker instanceof LoopFuture<?> f) {
      return (f.loop() == loop ? "a future of this loop, " : "a loop future, ") + safeToString(f);
    }
    if (blocker instanceof AsyncFuture<?> || blocker instanceof Future<?>) {
      return "the future " + safeToString(blocker);
    }
    for (StackTraceElement e : stack) {
      String c = e.getClassName();
      String m = e.getMethodName();
      if (c.equals("java.util.concurrent.CompletableFuture")
          && (m.equals("get") || m.equals("join") || m.equals("waitingGet") || m.equals("timedGet"))) {
        return "a CompletableFuture (CompletableFuture." + m + ")";
      }
      if (c.startsWith("kotlinx.coroutines.BlockingCoroutine")) {
        return "a coroutine in runBlocking";
      }
    }
    return null;
  }

  private static @Nullable String describe(@Nullable Object callback) {
    if (callback == null) {
      return null;
    }
    String s = safeToString(callback);
    return callback instanceof Runnable ? s : "done callback " + s;
  }

  /** A description made on the checker thread; a throwing {@code toString} is not ours to fail. */
  private static String safeToString(Object o) {
    try {
      return String.valueOf(o);
    } catch (RuntimeException e) {
      return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }
  }

  private static String millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
  }

  /** A throwable that carries another thread's stack, for a report. */
  static final class LoopThreadStack extends Throwable {
    LoopThreadStack(String message, StackTraceElement[] stack) {
      super(message, null, false, true);
      setStackTrace(stack);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // the stack is the loop thread's, set by the constructor
    }
  }
}
