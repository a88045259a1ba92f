package server;

import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** A bare websocket speaking Engine.IO by hand: for what a real client never sends, and for abrupt closes. */
final class RawClient implements AutoCloseable {

  private final OkHttpClient http;
  private final WebSocket socket;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();

  private RawClient(OkHttpClient http, String url) {
    this.http = http;
    this.socket = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
      @Override
      public void onMessage(WebSocket webSocket, String text) {
        received.add(text);
      }

      @Override
      public void onClosing(WebSocket webSocket, int code, String reason) {
        closed.complete("close frame " + code + " " + reason);
        webSocket.close(code, null);
      }

      @Override
      public void onClosed(WebSocket webSocket, int code, String reason) {
        closed.complete("closed " + code);
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        closed.complete("failure " + t + (response != null ? " HTTP " + response.code() : ""));
      }
    });
  }

  /** Opens {@code /socket.io/?<query>} over wss, trusting {@code certificate}. */
  static RawClient open(int port, X509Certificate certificate, String query) throws Exception {
    OkHttpClient http = new OkHttpClient.Builder()
        .sslSocketFactory(TestTls.context(certificate).getSocketFactory(), TestTls.trusting(certificate))
        .readTimeout(0, TimeUnit.MILLISECONDS).build();
    return new RawClient(http, "wss://127.0.0.1:" + port + "/socket.io/?" + query);
  }

  /** Opens an EIO4 websocket and joins the default namespace: a connected client, ready for hostile packets. */
  static RawClient joined(int port, X509Certificate certificate) throws Exception {
    RawClient c = open(port, certificate, "EIO=4&transport=websocket");
    c.expect("0{");
    c.send("40");
    c.expect("40{");
    return c;
  }

  void send(String text) {
    socket.send(text);
  }

  void send(ByteString bytes) {
    socket.send(bytes);
  }

  /** The next text message, skipping server pings; fails if none starts with {@code prefix} within 5 s. */
  String expect(String prefix) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline) {
      String message = received.poll(100, TimeUnit.MILLISECONDS);
      if (message == null) {
        if (closed.isDone()) {
          throw new AssertionError("closed while expecting '" + prefix + "': " + closed.getNow(""));
        }
        continue;
      }
      if (message.equals("2")) {
        send("3");
        continue;
      }
      if (message.startsWith(prefix)) {
        return message;
      }
      throw new AssertionError("expected '" + prefix + "...' but got '" + message + "'");
    }
    throw new AssertionError("nothing starting with '" + prefix + "' within 5 s");
  }

  CompletableFuture<String> closed() {
    return closed;
  }

  /** Drops the TCP connection with no close frame and no 41: what a crashed client or a cut cable does. */
  void cut() {
    socket.cancel();
  }

  @Override
  public void close() {
    socket.cancel();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
