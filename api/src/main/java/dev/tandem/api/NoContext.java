package dev.tandem.api;

/** The propagator, snapshot and scope of "no context": one object that does nothing. */
enum NoContext implements ContextPropagator, ContextSnapshot, ContextSnapshot.Scope {
  INSTANCE;

  @Override
  public ContextSnapshot capture() {
    return this;
  }

  @Override
  public Scope open() {
    return this;
  }

  @Override
  public void close() {}

  @Override
  public Runnable wrap(Runnable task) {
    return java.util.Objects.requireNonNull(task, "task");
  }

  @Override
  public String toString() {
    return "ContextPropagator.none()";
  }
}
