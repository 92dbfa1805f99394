/**
 * Tandem's event loop hosted on a Netty event loop, and conversions between Netty's futures and
 * Tandem's (package {@link dev.tandem.netty}).
 */
module dev.tandem.netty {
  requires transitive dev.tandem.api;
  requires transitive dev.tandem.loop;
  requires dev.tandem.threads;
  requires transitive io.netty.common;
  requires static transitive org.jspecify;

  exports dev.tandem.netty;
}
