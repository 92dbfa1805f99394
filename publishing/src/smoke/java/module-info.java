/**
 * The Java smoke program that {@code ModulePathTest} compiles and runs on the module path: every
 * published Java module, without Kotlin and without JSpecify (a compile-time-only module).
 */
@SuppressWarnings("requires-automatic") // micrometer.core has an Automatic-Module-Name only
module dev.tandem.smoke.java {
  requires dev.tandem.threads;
  requires dev.tandem.loop;
  requires dev.tandem.reactor;
  requires dev.tandem.micrometer;
  requires micrometer.core;
  requires dev.tandem.context;
  requires dev.tandem.netty;
  requires dev.tandem.swing;
  requires java.desktop;
}
