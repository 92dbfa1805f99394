package dev.tandem.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.InvalidStateException;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules of loop futures beyond {@link AsyncFutureContract} (the right column of the design's
 * contract table; asyncio's {@code Future}): callbacks are always scheduled on the loop, later,
 * never run inline; a mutating call from another thread while the loop runs fails fast naming
 * both threads; completing a done future throws {@link InvalidStateException}; {@code cancel()}
 * returns true only for the call that cancelled.
 *
 * <p>Subclass it once per implementation, views included, and provide {@link #newSubject()} and
 * the {@link #loop()} its futures belong to. The
 * subject's {@code complete} and {@code fail} are called on the test thread while the loop is not
 * running, and return once the future is done; a view's subject may run the loop to get there
 * (see {@link #runLoopUntilDone}). The test thread runs the loop; the subclass closes it after
 * each test.
 */
@Timeout(10)
public abstract class LoopFutureContract extends AsyncFutureContract {

  /** How many hops of the loop {@link #runScheduledCallbacks()} waits by default. */
  private static final int HOPS = 10;

  /** A fresh pending loop future and the means its producer has to complete it. */
  protected interface LoopSubject<T extends @Nullable Object>
      extends AsyncFutureContract.Subject<T> {
    @Override
    LoopFuture<T> future();
  }

  @Override
  protected abstract <T extends @Nullable Object> LoopSubject<T> newSubject();

  /** The loop that the futures of every subject belong to. */
  protected abstract EventLoop loop();

  @Override
  protected final boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return false;
  }

  /**
   * Runs the loop of the subjects until the callbacks scheduled now, and those they schedule in
   * turn, have run. The default runs the loop until a callback that re-queues itself with {@code
   * callSoon} has hopped ten times: callbacks run in the order they were queued, so everything
   * queued before, up to ten levels deep, has run by then. A subclass whose loop can tell that
   * it is idle may override it with that exact check.
   */
  @Override
  protected void runScheduledCallbacks() {
    EventLoop loop = loop();
    LoopFuture<@Nullable Void> hopped = loop.createFuture();
    loop.callSoon(
        new Runnable() {
          int hops;

          @Override
          public void run() {
            if (++hops < HOPS) {
              loop.callSoon(this);
            } else {
              hopped.setResult(null);
            }
          }
        });
    runLoopUntil(hopped);
  }

  /**
   * Runs the loop of the subjects until {@code done} is done, on the test thread: by default with
   * {@code runUntilComplete}; a loop hosted on someone else's thread overrides it (see {@link
   * HostedLoopFutureContract}).
   */
  protected void runLoopUntil(LoopFuture<?> done) {
    done.loop().runUntilComplete(done);
  }

  /**
   * Runs {@code future}'s loop on the calling thread until {@code future} is done; for subjects
   * whose completion crosses into the loop (views). Done callbacks of {@code future} may run
   * meanwhile.
   */
  protected static void runLoopUntilDone(LoopFuture<?> future) {
    if (future.isDone()) {
      return;
    }
    try {
      future.loop().runUntilComplete(future);
    } catch (RuntimeException | Error outcome) {
      if (!future.isDone()) {
        throw outcome;
      }
      // the future failed or was cancelled: that is its outcome, not a failure of the run
    }
  }

  // ---- callbacks: always on the loop, later, never inline ----

  @Test
  public void setResult_neverRunsCallbacksInline_theyRunLaterOnTheLoopInRegistrationOrder() {
    LoopFuture<String> f = this.<String>newSubject().future();
    EventLoop loop = f.loop();
    List<String> seen = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      f.addDoneCallback(x -> seen.add(name + (loop.inLoopThread() ? " on the loop" : " elsewhere")));
    }
    f.setResult("v");
    assertEquals(List.of(), seen, "setResult must only schedule the callbacks");
    runScheduledCallbacks();
    assertEquals(List.of("a on the loop", "b on the loop", "c on the loop"), seen);
  }

  @Test
  public void setExceptionAndCancel_neverRunCallbacksInline() {
    LoopFuture<String> failed = this.<String>newSubject().future();
    LoopFuture<String> cancelled = this.<String>newSubject().future();
    List<String> seen = new ArrayList<>();
    failed.addDoneCallback(x -> seen.add("failed"));
    cancelled.addDoneCallback(x -> seen.add("cancelled"));
    failed.setException(new IOException("disk"));
    assertTrue(cancelled.cancel("stop"));
    assertEquals(List.of(), seen);
    runScheduledCallbacks();
    assertEquals(List.of("failed", "cancelled"), seen);
  }

  @Test
  public void addDoneCallback_whenAlreadyDone_isScheduledNotRunInline() {
    LoopSubject<String> s = newSubject();
    s.complete("v");
    EventLoop loop = s.future().loop();
    List<String> seen = new ArrayList<>();
    s.future().addDoneCallback(x -> seen.add(x.result() + " on the loop: " + loop.inLoopThread()));
    assertEquals(List.of(), seen, "a done future still schedules the callback");
    runScheduledCallbacks();
    assertEquals(List.of("v on the loop: true"), seen);
  }

  @Test
  public void doneCallbacks_whenCompletedOnTheLoop_runAfterCallbacksAlreadyQueued() {
    LoopFuture<String> f = this.<String>newSubject().future();
    EventLoop loop = f.loop();
    List<String> seen = new ArrayList<>();
    f.addDoneCallback(x -> seen.add("done callback"));
    loop.callSoon(() -> seen.add("queued first"));
    loop.callSoon(
        () -> {
          f.setResult("v");
          seen.add("setResult returned");
        });
    loop.callSoon(() -> seen.add("queued before completion ran"));
    runScheduledCallbacks();
    assertEquals(
        List.of(
            "queued first", "setResult returned", "queued before completion ran", "done callback"),
        seen);
  }

  // ---- thread confinement ----

  @Test
  public void mutatingFromAnotherThreadWhileTheLoopRuns_failsFastNamingBothThreadsAndTheWayOut()
      throws Exception {
    LoopFuture<String> f = this.<String>newSubject().future();
    EventLoop loop = f.loop();
    LoopFuture<@Nullable Void> finished = loop.createFuture();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    String loopThread = Thread.currentThread().getName();
    loop.callSoon(
        () -> {
          Thread foreign =
              new Thread(
                  () -> {
                    for (Runnable call :
                        List.<Runnable>of(
                            () -> f.setResult("x"),
                            () -> f.setException(new IOException()),
                            () -> f.cancel(),
                            () -> f.cancel("message"),
                            () -> f.addDoneCallback(x -> {}),
                            () -> f.removeDoneCallback(x -> {}))) {
                      try {
                        call.run();
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }
                    loop.callSoonThreadsafe(() -> finished.setResult(null));
                  },
                  "foreign-thread");
          foreign.start();
        });
    runLoopUntil(finished);
    assertEquals(6, failures.size(), () -> "failures: " + failures);
    for (Throwable t : failures) {
      assertInstanceOf(WrongThreadException.class, t);
      assertTrue(t.getMessage().contains("'foreign-thread'"), t.getMessage());
      assertTrue(t.getMessage().contains("'" + loopThread + "'"), t.getMessage());
      assertTrue(t.getMessage().contains("callSoonThreadsafe"), t.getMessage());
    }
    assertFalse(f.isDone(), "a refused call changes nothing");
  }

  // ---- completing twice ----

  @Test
  public void setResultOrSetException_whenDone_throwsInvalidStateAndKeepsTheOutcome() {
    LoopSubject<String> completed = newSubject();
    completed.complete("first");
    LoopFuture<String> f = completed.future();
    assertThrows(InvalidStateException.class, () -> f.setResult("second"));
    assertThrows(InvalidStateException.class, () -> f.setException(new IOException()));
    assertEquals("first", f.result());

    LoopFuture<String> failed = this.<String>newSubject().future();
    IOException disk = new IOException("disk");
    failed.setException(disk);
    assertThrows(InvalidStateException.class, () -> failed.setResult("x"));
    assertEquals(disk, failed.exception());

    LoopFuture<String> cancelled = this.<String>newSubject().future();
    cancelled.cancel("why");
    assertThrows(InvalidStateException.class, () -> cancelled.setResult("x"));
    assertThrows(InvalidStateException.class, () -> cancelled.setException(new IOException()));
    assertEquals("why", assertThrows(CancelledException.class, cancelled::result).getMessage());
  }

  // ---- cancellation ----

  @Test
  public void cancel_returnsTrueOnlyForTheCallThatCancelled() {
    LoopFuture<String> f = this.<String>newSubject().future();
    assertTrue(f.cancel("first"));
    assertFalse(f.cancel("second"));
    assertFalse(f.cancel());
    assertFalse(f.cancel(null));
    assertEquals("first", assertThrows(CancelledException.class, f::result).getMessage());
  }
}
