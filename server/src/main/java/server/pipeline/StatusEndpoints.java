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
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /status} (JSON, the seed's {@code {"connected":N}} and every counter) and {@code GET /metrics}
 * (Prometheus text) on the Socket.IO port, as the seed's server answered plain HTTP on its own port.
 */
@Sharable
public final class StatusEndpoints extends ChannelInboundHandlerAdapter {

  private static final long LINGER_SECONDS = 5;

  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<String> statusJson;
  private final Supplier<String> prometheusText;

  public StatusEndpoints(Supplier<String> statusJson, Supplier<String> prometheusText) {
    this.statusJson = statusJson;
    this.prometheusText = prometheusText;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof FullHttpRequest) {
      FullHttpRequest req = (FullHttpRequest) msg;
      String path = new QueryStringDecoder(req.uri()).path();
      if (path.equals("/status") || path.equals("/metrics")) {
        ChannelMarks.set(ctx.channel(), ChannelMarks.PLAIN_HTTP);
        try {
          if (!HttpMethod.GET.equals(req.method())) {
            respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
          } else if (path.equals("/status")) {
            respond(ctx, req, HttpResponseStatus.OK, "application/json", statusJson.get());
          } else {
            respond(ctx, req, HttpResponseStatus.OK, PROMETHEUS_CONTENT_TYPE, prometheusText.get());
          }
        } finally {
          req.release();
        }
        return;
      }
    }
    super.channelRead(ctx, msg);
  }

  private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
      String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(res, keepAlive);
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    if (!keepAlive) {
      // Let the client close first, so that polling /status leaves no TIME_WAIT on the server's port
      // (the timeline counts that port's sockets); close it ourselves only if the client lingers.
      ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
    }
  }
}
