package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.contract.AsyncFutureContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** The shared future contract, run against {@link DefaultLoopFuture}. */
final class LoopFutureContractTest extends AsyncFutureContract {
  private final EventLoop loop =
      EventLoops.builder().exceptionHandler(new RecordingHandler()).build();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Override
  protected <T extends @Nullable Object> Subject<T> newSubject() {
    LoopFuture<T> future = loop.createFuture();
    return new Subject<>() {
      @Override
      public AsyncFuture<T> future() {
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
  protected void runScheduledCallbacks() {
    TestLoops.runUntilIdle(loop);
  }

  @Override
  protected boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return false;
  }
}
