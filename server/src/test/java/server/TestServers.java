package server;

import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import server.config.PropertyReader;

/** In-process servers on a free port, configured as a user would, with -D style properties. */
final class TestServers {

  private TestServers() {}

  static ChurnServer start(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("server.port", "0");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return new ChurnServer(ServerConfig.from(new PropertyReader(p))).start();
  }

  /** Waits up to {@code millis} for a condition that the server reaches asynchronously. */
  static void await(long millis, BooleanSupplier condition, Callable<String> describe) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out after " + millis + " ms: " + describe.call());
      }
      Thread.sleep(20);
    }
  }
}
