package server.pipeline;

import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.ConnectionLedger;
import server.HandshakeStage;

/**
 * The last handler of every pipeline: whatever error a connection raised (malformed packet, frame over
 * the limit, bad TLS record) ends here, is logged in one line that names the cause, and closes only that
 * connection. Every other connection carries on. A connection over one of the flood limits is logged as a
 * warning naming the limit, and closed under TLS at once.
 */
@Sharable
public final class HostileInputGuard extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(HostileInputGuard.class);

  private final ConnectionLedger ledger;
  private final boolean tls;

  public HostileInputGuard(ConnectionLedger ledger, boolean tls) {
    this.ledger = ledger;
    this.tls = tls;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    var ch = ctx.channel();
    if (Causes.isPeerGone(cause)) {
      log.debug("{} went away: {}", ch.remoteAddress(), cause.toString());
      ctx.close();
      return;
    }
    ClientHead client = ch.attr(ClientHead.CLIENT).get();
    String overLimit = Causes.overLimit(cause);
    if (overLimit != null && client != null && client.isConnected()) {
      ledger.markServerClose(client.getSessionId());
      if (ChannelMarks.setFirst(ch, ChannelMarks.ACCOUNTED)) {
        log.warn("closed {} (session {}): {}", ch.remoteAddress(), client.getSessionId(), overLimit);
      }
      // Below TLS: a flooder is owed no close_notify, and one that does not read would hold it for seconds.
      ctx.pipeline().firstContext().close();
    } else if (client != null && client.isConnected()) {
      // A live Socket.IO connection: the server ends it, and says why.
      ledger.markServerClose(client.getSessionId());
      if (ChannelMarks.setFirst(ch, ChannelMarks.ACCOUNTED)) {
        String packet = ch.attr(ChannelMarks.PACKET_IN_HAND).get();
        log.info("closed {} (session {}): {}{}", ch.remoteAddress(), client.getSessionId(),
            packet == null ? "" : "malformed Socket.IO packet '" + packet + "': ", Causes.describe(cause));
      }
      ctx.close();
    } else {
      HandshakeStage stage = !tls || ChannelMarks.has(ch, ChannelMarks.TLS_DONE) ? HandshakeStage.WEBSOCKET : HandshakeStage.TLS;
      ConnectionTracker.refuse(ctx, ledger, stage, Causes.describe(cause));
    }
  }
}
