/**
 * Tandem on Netty: {@link dev.tandem.netty.NettyLoops} hosts Tandem's event loop on a Netty
 * {@code EventExecutor} (a channel's event loop), so a {@code ChannelHandler} can use loop
 * futures, Tandem's combinators and its deadlock guard on the thread it runs on; {@link
 * dev.tandem.netty.NettyFutures} converts between Netty's {@code Future} and Tandem's two kinds.
 *
 * <p>What is not here: the hosted loop itself ({@code EventLoops.hosted} in {@code tandem-loop};
 * what differs from an own loop is written there), channels, codecs or any other part of Netty.
 * Words as in {@code tandem-interop}: a <b>view</b> has a state of its own, copied from its
 * <b>source</b>, and cancelling either cancels the other.
 */
@NullMarked
package dev.tandem.netty;

import org.jspecify.annotations.NullMarked;
