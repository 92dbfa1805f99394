package dev.tandem.conformance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.interop.TandemListenableFutures;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link ListenableViewContract} for interop's listenable view of a {@link LoopFuture} whose loop
 * runs on a background thread; the loop future is completed and read on its loop.
 */
final class LoopFutureListenableViewTest extends ListenableViewContract {

  private BackgroundLoop background;

  @BeforeEach
  void startLoop() {
    background = EventLoops.startBackgroundLoop("contract-loop-view");
  }

  @AfterEach
  void stopLoop() throws InterruptedException {
    assertTrue(background.shutdown(Duration.ofSeconds(30)), "the loop thread ended");
  }

  @Override
  Pending newPending() {
    EventLoop loop = background.loop();
    LoopFuture<String> source = loop.createFuture();
    ListenableFuture<String> view = TandemListenableFutures.asListenableFuture(source);
    return new Pending() {
      @Override
      public ListenableFuture<String> view() {
        return view;
      }

      @Override
      public void complete(String value) {
        loop.callSoonThreadsafe(() -> source.setResult(value));
      }

      @Override
      public void fail(Exception failure) {
        loop.callSoonThreadsafe(() -> source.setException(failure));
      }

      @Override
      public boolean sourceIsCancelled() throws Exception {
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> cancelled.complete(source.isCancelled()));
        return cancelled.get(10, SECONDS);
      }
    };
  }
}
