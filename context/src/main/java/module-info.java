/**
 * Context propagation for Tandem's loops and executors over Micrometer's context-propagation
 * library (package {@link dev.tandem.context}).
 */
// context-propagation has an Automatic-Module-Name only (no module-info)
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.tandem.context {
  requires transitive dev.tandem.api;
  requires transitive context.propagation;
  requires static transitive org.jspecify;

  exports dev.tandem.context;
}
