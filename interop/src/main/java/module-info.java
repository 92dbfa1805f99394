/**
 * Kotlin interop: {@code await}, the {@code as…} conversions among executor futures, loop
 * futures, {@code CompletableFuture}, {@code ListenableFuture} and {@code Deferred}, and the loop
 * as a coroutine dispatcher (package {@code dev.tandem.interop}).
 */
module dev.tandem.interop {
  requires transitive dev.tandem.api;
  requires transitive dev.tandem.threads;
  requires transitive dev.tandem.loop;
  requires transitive kotlin.stdlib;
  requires transitive kotlinx.coroutines.core;

  exports dev.tandem.interop;
}
