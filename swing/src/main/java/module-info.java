/**
 * Tandem's event loop hosted on the AWT event dispatch thread (package {@link
 * dev.tandem.swing}).
 */
module dev.tandem.swing {
  requires transitive dev.tandem.api;
  requires transitive dev.tandem.loop;
  requires java.desktop;
  requires static transitive org.jspecify;

  exports dev.tandem.swing;
}
