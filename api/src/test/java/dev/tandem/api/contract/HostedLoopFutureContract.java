package dev.tandem.api.contract;

import dev.tandem.api.LoopFuture;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * {@link LoopFutureContract} for the loop futures of a loop hosted on someone else's thread (a
 * Netty event loop, the AWT event thread), which cannot be run with {@code runUntilComplete}.
 * Each test runs on the host thread, as the host's own code (a handler, a listener) would:
 * register {@link OnHostThread} with {@code @RegisterExtension}. {@link #runScheduledCallbacks()}
 * then lets the host run its queued tasks, which include the loop's batches, through {@link
 * #runHostTasksUntil}, which stands in for {@code runUntilComplete} wherever the parent suite runs
 * the loop.
 *
 * <p>Provide {@link #loop()} and {@link #runHostTasksUntil}; the subjects are futures of {@code
 * loop().createFuture()}, completed by {@code setResult} / {@code setException}.
 */
public abstract class HostedLoopFutureContract extends LoopFutureContract {
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

  /** The host runs the loop: {@link #runHostTasksUntil}. */
  @Override
  protected final void runLoopUntil(LoopFuture<?> done) {
    runHostTasksUntil(done);
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
