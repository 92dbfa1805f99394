/**
 * Conversions between Reactor's {@code Mono} and Tandem's executor futures and loop futures
 * (package {@link dev.tandem.reactor}).
 */
// Reactor and Reactive Streams have an Automatic-Module-Name only (no module-info)
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.tandem.reactor {
  requires transitive dev.tandem.api;
  requires dev.tandem.threads;
  requires dev.tandem.loop;
  requires transitive reactor.core;
  requires org.reactivestreams;
  requires static context.propagation; // optional: the Reactor-context bridge (ReactorContexts)
  requires static transitive org.jspecify;

  exports dev.tandem.reactor;
}
