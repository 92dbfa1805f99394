package dev.tandem.threads;

import dev.tandem.api.EventLoop;
import dev.tandem.api.RunningLoop;
import java.lang.reflect.Proxy;

/** Marks the calling thread as a running event loop's thread, as a loop does while it runs. */
final class OnLoopThread {
  private OnLoopThread() {}

  static RunningLoop.Scope enter() {
    EventLoop loop =
        (EventLoop)
            Proxy.newProxyInstance(
                EventLoop.class.getClassLoader(),
                new Class<?>[] {EventLoop.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "inLoopThread":
                    case "isRunning":
                      return true;
                    case "toString":
                      return "test loop";
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    case "equals":
                      return proxy == args[0];
                    default:
                      throw new UnsupportedOperationException(method.getName());
                  }
                });
    return RunningLoop.enter(loop);
  }
}
