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

  /**
   * The future's description, then (in debug mode) the first four frames of its creation site
   * below the constructors, innermost first: {@code LoopFuture@1b6d3586[status=PENDING,
   * name=load-user] created at DefaultEventLoop.createFuture(…) < UserService.load(…) < …}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(future.toString());
    if (creationSite != null) {
      int shown = 0;
      for (StackTraceElement e : creationSite.getStackTrace()) {
        if (shown == 0 && e.getMethodName().equals("<init>")) {
          continue;
        }
        sb.append(shown == 0 ? " created at " : " < ").append(e);
        if (++shown == 4) {
          break;
        }
      }
    }
    return sb.toString();
  }
}
