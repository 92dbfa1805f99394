package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.contract.LoopFutureContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The loop-future contract, run against the views {@link LoopFutures#adopt} makes: the subject
 * completes the source, and its outcome crosses into the view's loop.
 */
final class AdoptedFutureContractTest {

  /** A view of a future of the executor kind (callbacks in the completing thread). */
  @Nested
  final class OverAnExecutorKindSource extends LoopFutureContract {
    private final EventLoop loop =
        EventLoops.builder().exceptionHandler(new RecordingHandler()).build();

    @AfterEach
    void closeLoop() {
      loop.close();
    }

    @Override
    protected <T extends @Nullable Object> LoopSubject<T> newSubject() {
      SourceFuture<T> source = new SourceFuture<>();
      LoopFuture<T> view = LoopFutures.adopt(loop, source);
      return new LoopSubject<>() {
        @Override
        public LoopFuture<T> future() {
          return view;
        }

        @Override
        public void complete(T value) {
          source.complete(value);
          runLoopUntilDone(view);
        }

        @Override
        public void fail(Throwable failure) {
          source.fail(failure);
          runLoopUntilDone(view);
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

  /** A view of a loop future of another loop: the outcome crosses from that loop's thread. */
  @Nested
  final class OverAnotherLoopsFuture extends LoopFutureContract {
    private final EventLoop loop =
        EventLoops.builder().exceptionHandler(new RecordingHandler()).build();
    private final EventLoop sourceLoop =
        EventLoops.builder().exceptionHandler(new RecordingHandler()).build();

    @AfterEach
    void closeLoops() {
      loop.close();
      sourceLoop.close();
    }

    @Override
    protected <T extends @Nullable Object> LoopSubject<T> newSubject() {
      LoopFuture<T> source = sourceLoop.createFuture();
      LoopFuture<T> view = LoopFutures.adopt(loop, source);
      return new LoopSubject<>() {
        @Override
        public LoopFuture<T> future() {
          return view;
        }

        @Override
        public void complete(T value) {
          source.setResult(value);
          TestLoops.runUntilIdle(sourceLoop);
          runLoopUntilDone(view);
        }

        @Override
        public void fail(Throwable failure) {
          source.setException(failure);
          TestLoops.runUntilIdle(sourceLoop);
          runLoopUntilDone(view);
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
}
