package dev.tandem.conformance;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.testing.AbstractListenableFutureTest;
import dev.tandem.api.LoopFuture;
import dev.tandem.interop.TandemListenableFutures;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Guava's {@link AbstractListenableFutureTest} against interop's listenable view of a {@link
 * LoopFuture} (Java: {@code TandemListenableFutures.asListenableFuture(AsyncFuture)}) whose loop
 * runs on a background thread; once the kit's latch opens, a helper thread completes the loop
 * future on its loop through {@code callSoonThreadsafe}.
 */
public class LoopFutureViewListenableFutureTest extends AbstractListenableFutureTest {

  private @Nullable BackgroundLoop background;

  @Override
  public void runBare() throws Throwable {
    TimeLimits.runWithin(
        getClass().getSimpleName() + "." + getName(), TimeLimits.TEST_TIME_LIMIT_MS, super::runBare);
  }

  @Override
  protected void setUp() throws Exception {
    background = EventLoops.startBackgroundLoop("testlib-loop-view");
    super.setUp();
  }

  @Override
  protected void tearDown() throws Exception {
    super.tearDown();
    if (background != null) {
      assertTrue("the loop thread ended", background.shutdown(Duration.ofSeconds(30)));
    }
  }

  @Override
  protected <V> ListenableFuture<V> createListenableFuture(
      V value, @Nullable Exception except, CountDownLatch waitOn) {
    BackgroundLoop running = background;
    if (running == null) {
      throw new IllegalStateException("setUp starts the loop first");
    }
    LoopFuture<V> source = running.loop().createFuture();
    Thread completer =
        new Thread(
            () -> {
              try {
                waitOn.await();
              } catch (InterruptedException e) {
                return;
              }
              running
                  .loop()
                  .callSoonThreadsafe(
                      () -> {
                        if (source.isDone()) {
                          return; // cancelled by the test
                        }
                        if (except != null) {
                          source.setException(except);
                        } else {
                          source.setResult(value);
                        }
                      });
            },
            "testlib-loop-completer");
    completer.setDaemon(true);
    completer.start();
    return TandemListenableFutures.asListenableFuture(source);
  }
}
