package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.contract.LoopFutureContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** The loop-future contract, run against {@link DefaultLoopFuture}. */
final class LoopFutureContractTest extends LoopFutureContract {
  private final EventLoop loop =
      EventLoops.builder().exceptionHandler(new RecordingHandler()).build();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Override
  protected <T extends @Nullable Object> LoopSubject<T> newSubject() {
    LoopFuture<T> future = loop.createFuture();
    return new LoopSubject<>() {
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
  protected EventLoop loop() {
    return loop;
  }

  @Override
  protected void runScheduledCallbacks() {
    TestLoops.runUntilIdle(loop);
  }
}
