/**
 * A single-threaded event loop, loop futures, timers and loop-side combinators (package {@link
 * dev.tandem.loop}). Depends on {@code dev.tandem.api} only.
 */
module dev.tandem.loop {
  requires transitive dev.tandem.api;
  requires static transitive org.jspecify;

  exports dev.tandem.loop;
}
