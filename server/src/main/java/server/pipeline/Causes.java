package server.pipeline;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLHandshakeException;

/** Turns a netty exception into a short cause a person can read in one log line. */
final class Causes {

  private Causes() {}

  static String describe(Throwable t) {
    Throwable root = unwrap(t);
    if (root instanceof NotSslRecordException) {
      return "not TLS (plain HTTP or random bytes on the TLS port)";
    }
    if (root instanceof SslHandshakeTimeoutException) {
      return "TLS handshake not completed in time (" + root.getMessage() + ")";
    }
    if (root instanceof SSLHandshakeException) {
      return "TLS refused: " + root.getMessage();
    }
    if (root instanceof ClosedChannelException) {
      return "closed by the peer during the TLS handshake";
    }
    String message = root.getMessage();
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    return root.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
  }

  /**
   * What a connection over a flood limit did, naming the limit and its property; null for any other error.
   * The limit on a message in continuation frames is Netty's websocket frame aggregator's, at maxFramePayload.
   */
  static String overLimit(Throwable t) {
    Throwable root = unwrap(t);
    if (root instanceof LimitExceeded) {
      return root.getMessage();
    }
    String message = root.getMessage();
    if (root instanceof TooLongFrameException && message != null && message.startsWith("content length exceeded ")) {
      String limit = message.substring("content length exceeded ".length()).replace(" bytes.", "");
      return "a websocket message in continuation frames over " + limit + " bytes, the limit (server.maxFramePayload)";
    }
    return null;
  }

  /** A connection reset or broken pipe: the peer went away, which is not the server's doing. */
  static boolean isPeerGone(Throwable t) {
    Throwable root = unwrap(t);
    return root instanceof SocketException || root instanceof ClosedChannelException
        || root instanceof Errors.NativeIoException;
  }

  /** Through the wrappers netty and netty-socketio add, to the exception that says what was wrong. */
  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof DecoderException || current.getClass() == IOException.class) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
