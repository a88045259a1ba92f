package server.pipeline;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import server.ConnectionLedger;
import server.EventLoopLag;

/**
 * netty-socketio's pipeline, with our TLS (1.2 and 1.3 only, a handshake timeout) and our handlers around
 * its own: the connection tracker after TLS, the handshake guard and status endpoints after HTTP decoding,
 * the outbound backlog limit after TLS, the binary attachment limit and the packet watcher before its packet
 * handler, and the hostile-input guard at the very end.
 */
public final class ChurnChannelInitializer extends SocketIOChannelInitializer {

  private final SslContext sslContext;
  private final Duration tlsHandshakeTimeout;
  private final EventLoopLag lag;
  private final ConnectionTracker tracker;
  private final HandshakeGuard handshakeGuard;
  private final StatusEndpoints statusEndpoints;
  private final PacketWatcher packetWatcher;
  private final HostileInputGuard hostileInputGuard;
  private final FloodLimits limits;
  private final OutboundBacklogLimit outboundBacklogLimit;

  public ChurnChannelInitializer(SslContext sslContext, Duration tlsHandshakeTimeout, EventLoopLag lag,
      ConnectionLedger ledger, String socketIoPath, StatusEndpoints statusEndpoints, PacketWatcher packetWatcher,
      BooleanSupplier refusing, FloodLimits limits) {
    this.sslContext = sslContext;
    this.tlsHandshakeTimeout = tlsHandshakeTimeout;
    this.lag = lag;
    boolean tls = sslContext != null;
    this.tracker = new ConnectionTracker(ledger, tls);
    this.handshakeGuard = new HandshakeGuard(ledger, socketIoPath, refusing);
    this.statusEndpoints = statusEndpoints;
    this.packetWatcher = packetWatcher;
    this.hostileInputGuard = new HostileInputGuard(ledger, tls);
    this.limits = limits;
    this.outboundBacklogLimit = new OutboundBacklogLimit(limits.maxOutboundBytes());
  }

  @Override
  protected void initChannel(Channel ch) throws Exception {
    lag.watch(ch.eventLoop());
    super.initChannel(ch);
    ChannelPipeline p = ch.pipeline();
    if (sslContext != null) {
      p.addAfter(SSL_HANDLER, "connectionTracker", tracker);
    } else {
      p.addFirst("connectionTracker", tracker);
    }
    p.addAfter(HTTP_ENCODER, "statusEndpoints", statusEndpoints);
    p.addAfter("statusEndpoints", "handshakeGuard", handshakeGuard);
    p.addAfter("connectionTracker", "outboundBacklogLimit", outboundBacklogLimit);
    p.addBefore(PACKET_HANDLER, "binaryAttachmentLimit", new BinaryAttachmentLimit(limits.maxAttachments(), limits.maxHttpBufferSize()));
    p.addBefore(PACKET_HANDLER, "packetWatcher", packetWatcher);
    p.addLast("hostileInputGuard", hostileInputGuard);
  }

  @Override
  protected void addSslHandler(ChannelPipeline pipeline) {
    if (sslContext != null) {
      SslHandler ssl = sslContext.newHandler(pipeline.channel().alloc());
      ssl.setHandshakeTimeoutMillis(tlsHandshakeTimeout.toMillis());
      pipeline.addLast(SSL_HANDLER, ssl);
    }
  }
}
