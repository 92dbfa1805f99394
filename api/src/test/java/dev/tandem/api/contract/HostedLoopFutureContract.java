package dev.tandem.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * {@link LoopFutureContract} for the loop futures of a loop hosted on someone else's thread (a
 * Netty event loop, the AWT event thread), which cannot be run with {@code runUntilComplete}.
 * Each test runs on the host thread, as the host's own code (a handler, a listener) would:
 * register {@link OnHostThread} with {@code @RegisterExtension}. {@link #runScheduledCallbacks()}
 * then lets the host run its queued tasks, which include the loop's batches, through {@link
 * #runHostTasksUntil}; the one test of the parent that runs the loop itself is replaced by the
 * same check through the host.
 *
 * <p>Provide {@link #loop()} and {@link #runHostTasksUntil}; the subjects are futures of {@code
 * loop().createFuture()}, completed by {@code setResult} / {@code setException}.
 */
public abstract class HostedLoopFutureContract extends LoopFutureContract {
  /** How many hops of the loop {@link #runScheduledCallbacks()} waits. */
  private static final int HOPS = 10;

  /**
   * On the host thread, from inside one of its tasks: lets the host run its queued and due tasks
   * until {@code done} is done (Netty: its {@code runAllTasks}; AWT: a {@code SecondaryLoop}).
   */
  protected abstract void runHostTasksUntil(LoopFuture<?> done);

  @Override
  protected final <T extends @Nullable Object> LoopFutureContract.LoopSubject<T> newSubject() {
    LoopFuture<T> future = loop().createFuture();
    return new LoopFutureContract.LoopSubject<>() {
      @Override
      public LoopFuture<T> future() {
        return future;
      }

      @Override
      public void complete(T value) {
        future.setResult(value);
      }

      @Override
      public void fail(Throwable failure) {
        future.setException(failure);
      }
    };
  }

  /** Lets the host run the loop until a callback has re-queued itself ten times. */
  @Override
  protected final void runScheduledCallbacks() {
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
    runHostTasksUntil(hopped);
  }

  /** {@link LoopFutureContract}'s check, with the host instead of {@code runUntilComplete}. */
  @Override
  @Test
  public void mutatingFromAnotherThreadWhileTheLoopRuns_failsFastNamingBothThreadsAndTheWayOut() {
    LoopFuture<String> f = this.<String>newSubject().future();
    EventLoop loop = f.loop();
    LoopFuture<@Nullable Void> finished = loop.createFuture();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    String hostThread = Thread.currentThread().getName();
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
    runHostTasksUntil(finished);
    assertEquals(6, failures.size(), () -> "failures: " + failures);
    for (Throwable t : failures) {
      assertInstanceOf(WrongThreadException.class, t);
      assertTrue(t.getMessage().contains("'foreign-thread'"), t.getMessage());
      assertTrue(t.getMessage().contains("'" + hostThread + "'"), t.getMessage());
      assertTrue(t.getMessage().contains("callSoonThreadsafe"), t.getMessage());
    }
    assertFalse(f.isDone(), "a refused call changes nothing");
  }

  /** Runs every test method as a task of the host, and waits for it (ten seconds at most). */
  public static final class OnHostThread implements InvocationInterceptor {
    private final Executor host;

    /** {@code host} runs a task on the host thread, e.g. {@code EventQueue::invokeLater}. */
    public OnHostThread(Executor host) {
      this.host = host;
    }

    @Override
    public void interceptTestMethod(
        Invocation<@Nullable Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext extensionContext)
        throws Throwable {
      CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
      host.execute(
          () -> {
            try {
              done.complete(invocation.proceed());
            } catch (Throwable t) {
              done.completeExceptionally(t);
            }
          });
      try {
        done.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw e.getCause();
      }
    }
  }
}
