package server.pipeline;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.ConnectionLedger;
import server.HandshakeStage;

/**
 * Follows each TCP connection through TLS and the websocket upgrade, and accounts for the ones that never
 * became Socket.IO connections, with one log line naming where and why they stopped.
 */
@Sharable
public final class ConnectionTracker extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionTracker.class);

  private final ConnectionLedger ledger;
  private final boolean tls;

  public ConnectionTracker(ConnectionLedger ledger, boolean tls) {
    this.ledger = ledger;
    this.tls = tls;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ledger.tcpOpened();
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent) {
      SslHandshakeCompletionEvent done = (SslHandshakeCompletionEvent) evt;
      if (done.isSuccess()) {
        ChannelMarks.set(ctx.channel(), ChannelMarks.TLS_DONE);
      } else {
        refuse(ctx, ledger, HandshakeStage.TLS, Causes.describe(done.cause()));
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    ledger.tcpClosed();
    var ch = ctx.channel();
    boolean websocketOpen = ctx.pipeline().get(SocketIOChannelInitializer.WEB_SOCKET_AGGREGATOR) != null;
    if (!websocketOpen && !ChannelMarks.has(ch, ChannelMarks.PLAIN_HTTP)) {
      if (tls && !ChannelMarks.has(ch, ChannelMarks.TLS_DONE)) {
        refuse(ctx, ledger, HandshakeStage.TLS, "closed before the TLS handshake completed");
      } else if (ch.attr(ClientHead.CLIENT).get() == null) {
        refuse(ctx, ledger, HandshakeStage.WEBSOCKET, "no complete Socket.IO handshake request arrived (firstDataTimeout, or the peer closed)");
      } else {
        refuse(ctx, ledger, HandshakeStage.WEBSOCKET, "closed before the websocket upgrade completed");
      }
    }
    super.channelInactive(ctx);
  }

  /** Counts and logs, once per channel, a connection refused at {@code stage}, then closes it. */
  static void refuse(ChannelHandlerContext ctx, ConnectionLedger ledger, HandshakeStage stage, String cause) {
    if (ChannelMarks.setFirst(ctx.channel(), ChannelMarks.ACCOUNTED)) {
      ledger.handshakeFailed(stage);
      log.info("refused {}: {} handshake failed: {}", ctx.channel().remoteAddress(), stage.label, cause);
    }
    ctx.close();
  }
}
