package dev.tandem.threads;

import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

/** {@link ExecutorFutureBehaviour} for each implementation. */
final class ExecutorFutureBehaviourTests {

  @Nested
  final class CompletableFutureAdapter extends ExecutorFutureBehaviour {
    @Override
    <T extends @Nullable Object> Source<T> newSource() {
      CompletableFuture<T> cf = new CompletableFuture<>();
      ExecutorFuture<T> f = ExecutorFutures.from(cf);
      return new Source<>() {
        @Override
        public ExecutorFuture<T> future() {
          return f;
        }

        @Override
        public void complete(T value) {
          cf.complete(value);
        }

        @Override
        public void fail(Throwable failure) {
          cf.completeExceptionally(failure);
        }
      };
    }
  }

  @Nested
  final class ListenableFutureAdapter extends ExecutorFutureBehaviour {
    @Override
    <T extends @Nullable Object> Source<T> newSource() {
      SettableFuture<T> lf = SettableFuture.create();
      ExecutorFuture<T> f = ExecutorFutures.from(lf);
      return new Source<>() {
        @Override
        public ExecutorFuture<T> future() {
          return f;
        }

        @Override
        public void complete(T value) {
          lf.set(value);
        }

        @Override
        public void fail(Throwable failure) {
          lf.setException(failure);
        }
      };
    }
  }

  @Nested
  final class TaskFutures extends ExecutorFutureBehaviour {
    @Override
    <T extends @Nullable Object> Source<T> newSource() {
      TaskFutureContractTest.TaskSubject<T> subject = new TaskFutureContractTest.TaskSubject<>();
      return new Source<>() {
        @Override
        public ExecutorFuture<T> future() {
          return subject.future;
        }

        @Override
        public void complete(T value) {
          subject.complete(value);
        }

        @Override
        public void fail(Throwable failure) {
          subject.fail(failure);
        }
      };
    }
  }
}
