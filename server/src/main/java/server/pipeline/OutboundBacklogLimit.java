package server.pipeline;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Closes a connection that lets more than {@code maxOutboundBytes} wait to be sent to it, beyond what the
 * kernel's socket buffers hold: a peer that sends acked events and never reads its socket would otherwise
 * grow the server's memory by every ack. The limit is the channel's high write-buffer water mark, so Netty
 * itself counts the bytes (TLS records and its per-write overhead included) and says when they pass it.
 */
@Sharable
public final class OutboundBacklogLimit extends ChannelInboundHandlerAdapter {

  private final int maxBytes;

  public OutboundBacklogLimit(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(maxBytes / 2, maxBytes));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (!ctx.channel().isWritable()) {
      ctx.fireExceptionCaught(new LimitExceeded("over " + maxBytes
          + " bytes waiting to be sent, the limit (server.maxOutboundBytes): the peer is not reading"));
    }
    super.channelWritabilityChanged(ctx);
  }
}
