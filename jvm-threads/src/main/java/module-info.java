/**
 * Executor futures over {@code CompletableFuture} and Guava's {@code ListenableFuture}, a
 * thread-pool {@code FutureExecutor} and blocking group waits (package {@link
 * dev.tandem.threads}).
 */
module dev.tandem.threads {
  requires transitive dev.tandem.api;
  requires transitive com.google.common;
  requires static transitive org.jspecify;

  exports dev.tandem.threads;
}
