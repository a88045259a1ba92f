package server.pipeline;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.ConnectionLedger;
import server.HandshakeStage;

/**
 * Refuses Engine.IO handshakes this server does not speak before netty-socketio sees them: an unknown
 * {@code EIO} version, a transport other than websocket, or a request that is no websocket upgrade.
 * The answers are those of a Socket.IO server; each refusal is logged in one line.
 */
@Sharable
public final class HandshakeGuard extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(HandshakeGuard.class);

  private final ConnectionLedger ledger;
  private final String path;
  private final BooleanSupplier refusing;

  /** @param refusing whether every upgrade is to be refused now (the refuse fault) */
  public HandshakeGuard(ConnectionLedger ledger, String path, BooleanSupplier refusing) {
    this.ledger = ledger;
    this.path = path;
    this.refusing = refusing;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof FullHttpRequest) {
      FullHttpRequest req = (FullHttpRequest) msg;
      QueryStringDecoder query = new QueryStringDecoder(req.uri());
      if (query.path().equals(path) && !query.parameters().containsKey("sid")) {
        String eio = first(query.parameters().get("EIO"));
        String transport = first(query.parameters().get("transport"));
        if (!"3".equals(eio) && !"4".equals(eio)) {
          req.release();
          refuse(ctx, 5, "Unsupported protocol version", "unknown Engine.IO version EIO=" + eio);
          return;
        }
        if (!"websocket".equals(transport)) {
          req.release();
          refuse(ctx, 0, "Transport unknown", "transport=" + transport + " (only websocket is served)");
          return;
        }
        if (!"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
          req.release();
          refuse(ctx, 3, "Bad request", "not a websocket upgrade request (no 'Upgrade: websocket' header)");
          return;
        }
        if (refusing.getAsBoolean()) {
          req.release();
          unavailable(ctx);
          return;
        }
      }
    }
    super.channelRead(ctx, msg);
  }

  private void refuse(ChannelHandlerContext ctx, int code, String message, String cause) {
    byte[] body = ("{\"code\":" + code + ",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
        Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    res.headers().set(HttpHeaderNames.CONNECTION, "close");
    if (ChannelMarks.setFirst(ctx.channel(), ChannelMarks.ACCOUNTED)) {
      ledger.handshakeFailed(HandshakeStage.WEBSOCKET);
      log.info("refused {}: websocket handshake failed: {}", ctx.channel().remoteAddress(), cause);
    }
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }

  /** The refuse fault: 503, counted as a failed websocket handshake; logged when the fault starts, not per connection. */
  private void unavailable(ChannelHandlerContext ctx) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE,
        Unpooled.EMPTY_BUFFER);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    res.headers().set(HttpHeaderNames.CONNECTION, "close");
    if (ChannelMarks.setFirst(ctx.channel(), ChannelMarks.ACCOUNTED)) {
      ledger.handshakeFailed(HandshakeStage.WEBSOCKET);
    }
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
