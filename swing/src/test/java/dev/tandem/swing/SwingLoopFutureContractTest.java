package dev.tandem.swing;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.contract.AsyncFutureContract;
import java.awt.SecondaryLoop;
import java.awt.Toolkit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The future contract for loop futures of the EDT loop. Each test runs on the EDT, as a listener
 * would; {@link #runScheduledCallbacks()} lets AWT dispatch the loop's batches from there,
 * through a {@link SecondaryLoop} (what a modal dialog uses).
 */
@ExtendWith(OnTheEdt.class)
final class SwingLoopFutureContractTest extends AsyncFutureContract {
  private final EventLoop loop = SwingLoops.edt();

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

  /** Dispatches events until a callback has re-queued itself ten times (ten batches). */
  @Override
  protected void runScheduledCallbacks() {
    SecondaryLoop events = Toolkit.getDefaultToolkit().getSystemEventQueue().createSecondaryLoop();
    loop.callSoon(
        new Runnable() {
          int hops;

          @Override
          public void run() {
            if (++hops < 10) {
              loop.callSoon(this);
            } else {
              events.exit();
            }
          }
        });
    if (!events.enter()) {
      throw new AssertionError("could not dispatch events on the EDT");
    }
  }
}
