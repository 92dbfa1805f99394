package dev.tandem.loop;

import dev.tandem.api.LoopFuture;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the pending-futures dump ({@link LoopOperations#pendingFutures}): a future of the
 * loop that is not done, its name if it has one ({@link LoopOperations#named}), and in debug mode
 * where it was created.
 *
 * @param future the future; still loop-confined, like every loop future
 * @param name its name, or null
 * @param creationSite a throwable whose stack trace is where the future was created, recorded in
 *     debug mode only; null otherwise
 */
public record PendingFuture(
    LoopFuture<?> future, @Nullable String name, @Nullable Throwable creationSite) {

  /** The future's description, then the first frame of its creation site outside Tandem. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(future.toString());
    if (creationSite != null) {
      for (StackTraceElement e : creationSite.getStackTrace()) {
        if (!e.getClassName().startsWith("dev.tandem.loop.")) {
          sb.append(" created at ").append(e);
          break;
        }
      }
    }
    return sb.toString();
  }
}
