/**
 * Micrometer metrics of Tandem's event loops (package {@link dev.tandem.micrometer}).
 *
 * <p>Micrometer is optional here as it is in the POM: the application that binds the metrics
 * requires {@code micrometer.core} itself.
 */
// Micrometer has an Automatic-Module-Name only (no module-info)
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.tandem.micrometer {
  requires transitive dev.tandem.api;
  requires dev.tandem.loop;
  requires static transitive micrometer.core;
  requires static transitive org.jspecify;

  exports dev.tandem.micrometer;
}
