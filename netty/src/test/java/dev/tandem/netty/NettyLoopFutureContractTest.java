package dev.tandem.netty;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.contract.AsyncFutureContract;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The future contract for loop futures of a loop hosted on a Netty event loop. Each test runs on
 * the Netty thread, as a channel handler would; {@link #runScheduledCallbacks()} lets Netty run
 * the loop's batches from there.
 */
final class NettyLoopFutureContractTest extends AsyncFutureContract {
  private static final PumpableEventLoop NETTY = new PumpableEventLoop();

  /** Runs every test method as a task of {@link #NETTY}. */
  @RegisterExtension
  static final InvocationInterceptor ON_THE_NETTY_THREAD =
      new InvocationInterceptor() {
        @Override
        public void interceptTestMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
          CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
          NETTY.execute(
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
      };

  @AfterAll
  static void shutDown() {
    NETTY.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final EventLoop loop = NettyLoops.host(NETTY);

  @Override
  protected <T extends @Nullable Object> Subject<T> newSubject() {
    LoopFuture<T> future = loop.createFuture();
    return new Subject<>() {
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

  @Override
  protected boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return false;
  }

  /** Lets the loop run until a callback has re-queued itself ten times (ten batches). */
  @Override
  protected void runScheduledCallbacks() {
    LoopFuture<@Nullable Void> hopped = loop.createFuture();
    loop.callSoon(
        new Runnable() {
          int hops;

          @Override
          public void run() {
            if (++hops < 10) {
              loop.callSoon(this);
            } else {
              hopped.setResult(null);
            }
          }
        });
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!hopped.isDone() && System.nanoTime() < deadline) {
      NETTY.pump();
    }
    if (!hopped.isDone()) {
      throw new AssertionError("the hosted loop did not run its batches");
    }
  }
}
