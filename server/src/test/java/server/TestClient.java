package server;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** The official Java Socket.IO client (EIO4), trusting exactly the server's certificate: a real client for tests. */
final class TestClient implements AutoCloseable {

  private final OkHttpClient http;
  private final Socket socket;
  private final CompletableFuture<String> disconnected = new CompletableFuture<>();

  private TestClient(OkHttpClient http, Socket socket) {
    this.http = http;
    this.socket = socket;
    socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
  }

  /** Connects over wss (or ws when {@code certificate} is null) and waits for the namespace connect. */
  static TestClient connect(int port, X509Certificate certificate) throws Exception {
    OkHttpClient.Builder builder = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS);
    if (certificate != null) {
      // no hostname verifier: the SAN must match 127.0.0.1
      builder.sslSocketFactory(TestTls.context(certificate).getSocketFactory(), TestTls.trusting(certificate));
    }
    OkHttpClient http = builder.build();
    IO.Options options = IO.Options.builder()
        .setForceNew(true)
        .setReconnection(false)
        .setTransports(new String[] {WebSocket.NAME})
        .build();
    options.callFactory = http;
    options.webSocketFactory = http;
    Socket socket = IO.socket(URI.create((certificate != null ? "https" : "http") + "://127.0.0.1:" + port), options);
    CompletableFuture<Void> connected = new CompletableFuture<>();
    socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
    socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
        new IllegalStateException("connect error: " + (args.length > 0 ? args[0] : ""))));
    TestClient client = new TestClient(http, socket);
    socket.connect();
    try {
      connected.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** Emits {@code event} with {@code args} and returns the first argument of the ack. */
  Object emitWithAck(String event, Object... args) throws Exception {
    CompletableFuture<Object> ack = new CompletableFuture<>();
    socket.emit(event, args, (Ack) reply -> ack.complete(reply.length > 0 ? reply[0] : null));
    return ack.get(5, TimeUnit.SECONDS);
  }

  boolean isConnected() {
    return socket.connected();
  }

  /** Completes with the client-side reason when the connection ends. */
  CompletableFuture<String> disconnected() {
    return disconnected;
  }

  /** Sends 41 and closes the transport, as a client leaving at the end of its lifetime. */
  void leave() {
    socket.disconnect();
  }

  @Override
  public void close() {
    socket.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
