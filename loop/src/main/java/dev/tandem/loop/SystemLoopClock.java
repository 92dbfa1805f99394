package dev.tandem.loop;

/** {@link System#nanoTime()}. */
final class SystemLoopClock implements LoopClock {
  static final SystemLoopClock INSTANCE = new SystemLoopClock();

  private SystemLoopClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public String toString() {
    return "LoopClock.system()";
  }
}
