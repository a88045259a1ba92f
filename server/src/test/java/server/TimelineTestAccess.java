package server;

/** Lets tests in other packages use the in-process server and the official client of this package's tests. */
public final class TimelineTestAccess {

  private TimelineTestAccess() {}

  public static ChurnServer startServer() {
    return TestServers.start();
  }

  public static AutoCloseable connect(ChurnServer server) throws Exception {
    return TestClient.connect(server.port(), server.certificate().certificate());
  }

  public static void leave(AutoCloseable client) {
    ((TestClient) client).leave();
  }

  public static void awaitConnected(ChurnServer server, long connected) throws Exception {
    TestServers.await(5000, () -> server.ledger().connected() == connected, () -> "connected " + server.ledger().connected());
  }
}
