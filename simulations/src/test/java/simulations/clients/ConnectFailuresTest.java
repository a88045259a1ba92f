package simulations.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Gatling's failed connects, told apart by stage from the exceptions it logs, as it names them. */
class ConnectFailuresTest {

  /** Exceptions by class name, as Gatling's Netty raises them (the classes themselves are Netty 4.2's and Gatling's). */
  private static final class Named extends IOException {
    private final String className;

    Named(String className, String message, Throwable cause) {
      super(message, cause);
      this.className = className;
    }

    @Override
    public String toString() {
      return className + ": " + getMessage();
    }
  }

  private static ConnectFailures.Classified classify(Throwable t) {
    return ConnectFailures.classify(new ThrowableProxy(t) {
      @Override
      public String getClassName() {
        return t instanceof Named n ? n.className : super.getClassName();
      }
    });
  }

  @Test
  void eachErrorGoesToTheStageWhereTheConnectionStopped() {
    assertEquals(new ConnectFailures.Classified(Stage.TCP,
            "ConnectException: finishConnect(..) failed with error(-111): Connection refused"),
        classify(new ConnectException("finishConnect(..) failed with error(-111): Connection refused")));
    assertEquals(Stage.TCP, classify(new Named("io.netty.channel.ConnectTimeoutException",
        "connection timed out after 1500 ms: /127.0.0.1:36557", null)).stage());
    assertEquals(new ConnectFailures.Classified(Stage.TCP, "BindException: Cannot assign requested address"),
        classify(new BindException("Cannot assign requested address")));
    assertEquals(Stage.TLS, classify(new Named("io.netty.handler.ssl.NotSslRecordException",
        "not an SSL/TLS record: 4854", null)).stage());
    assertEquals(Stage.TLS, classify(new SSLHandshakeException("Received fatal alert: protocol_version")).stage());
    assertEquals(Stage.WEBSOCKET, classify(new Named("io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException",
        "Invalid handshake response getStatus: 403 Forbidden", null)).stage());
    assertEquals(Stage.WEBSOCKET, classify(new Named("io.gatling.http.client.impl.RequestTimeoutException",
        "Request timeout to localhost/127.0.0.1:9010 after 60000 ms", null)).stage());
  }

  @Test
  void theEarliestStageInTheChainWinsAndTheDeepestCauseNamesTheError() {
    SSLHandshakeException tls = new SSLHandshakeException("closed during handshake");
    tls.initCause(new ConnectException("Connection reset"));
    ConnectFailures.Classified c = classify(new IOException("wrapped", tls));
    assertEquals(new ConnectFailures.Classified(Stage.TCP, "ConnectException: Connection reset"), c);
  }

  @Test
  void onlyTheLinesWithAnExceptionAreCountedFromGatlingsLogger() {
    ConnectFailures failures = new ConnectFailures().attach();
    Logger gatling = (Logger) LoggerFactory.getLogger(ConnectFailures.GATLING_CONNECTING_STATE);
    gatling.debug("Connected, performing checks before proceeding (no onConnected action)");
    gatling.debug("WebSocket crashed by the server while in Connecting state",
        new ConnectException("Connection refused"));
    gatling.debug("WebSocket crashed by the server while in Connecting state",
        new ConnectException("Connection refused"));
    gatling.debug("WebSocket crashed by the server while in Connecting state", new SSLHandshakeException("bad"));
    assertEquals(2, failures.count(Stage.TCP));
    assertEquals(1, failures.count(Stage.TLS));
    assertEquals(3, failures.total());
    assertEquals(Map.of("ConnectException: Connection refused", 2L, "SSLHandshakeException: bad", 1L), failures.errors());
    assertEquals("ConnectException: Connection refused", failures.errors().keySet().iterator().next(), "most first");
  }
}
