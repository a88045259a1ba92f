package server;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import lab.config.PropertyReader;

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

  /** GET {@code path} over https, trusting exactly the server's certificate; returns the body. */
  static String get(ChurnServer server, String path) throws Exception {
    SSLContext ssl = TestTls.context(server.certificate().certificate());
    HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + server.port() + path).toURL().openConnection();
    c.setSSLSocketFactory(ssl.getSocketFactory());
    c.setRequestProperty("Connection", "close");
    try (InputStream in = c.getInputStream()) {
      if (c.getResponseCode() != 200) {
        throw new AssertionError(path + " answered " + c.getResponseCode());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
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
