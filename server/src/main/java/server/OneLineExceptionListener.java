package server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's default listener logs a stack trace per error; under hostile input that floods the log.
 * Listener errors get one line here; channel errors go on down the pipeline to the hostile-input guard.
 */
final class OneLineExceptionListener extends ExceptionListenerAdapter {

  private static final Logger log = LoggerFactory.getLogger(OneLineExceptionListener.class);

  @Override
  public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
    log.warn("event from {} failed: {}", client.getSessionId(), e.toString());
  }

  @Override
  public void onDisconnectException(Exception e, SocketIOClient client) {
    log.warn("disconnect of {} failed: {}", client.getSessionId(), e.toString());
  }

  @Override
  public void onConnectException(Exception e, SocketIOClient client) {
    log.warn("connect of {} failed: {}", client.getSessionId(), e.toString());
  }

  @Override
  public void onAuthException(Throwable e, SocketIOClient client) {
    log.warn("auth of {} failed: {}", client.getSessionId(), e.toString());
  }

  @Override
  public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
    return false;
  }
}
