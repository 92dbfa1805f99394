/**
 * Tandem's contracts: executor futures, loop futures and the event loop, with no
 * implementation (package {@link dev.tandem.api}).
 *
 * <p>JSpecify's annotations are part of the signatures, so they are needed to compile against
 * this module, not to run it ({@code requires static transitive}). The contract test kit
 * ({@code dev.tandem.api.contract}, this artifact's {@code test-jar}) is not part of the module.
 */
module dev.tandem.api {
  requires static transitive org.jspecify;

  exports dev.tandem.api;
}
