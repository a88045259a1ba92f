package server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import lab.launch.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher: the child starts, answers, stops, and never outlives its parent. */
class ServerLaunchTest {

  @Test
  void theChildStartsAnswersAndStopsCleanly(@TempDir Path dir) throws Exception {
    ServerProcess server = ServerProcess.start(Map.of("server.port", "0"), List.of("-Xmx256m"), dir.resolve("server.log"),
        Duration.ofSeconds(30));
    try {
      assertTrue(server.url().matches("wss://127\\.0\\.0\\.1:\\d+"), server.url());
      String status = get("https://127.0.0.1:" + server.port() + "/status");
      assertTrue(status.startsWith("{\"connected\":0,"), status);
      assertTrue(status.contains("\"pid\":" + server.pid()), "the pid the launcher knows is the server's own: " + status);
    } finally {
      server.stop();
    }
    assertFalse(server.isAlive());
    assertTrue(Files.readString(server.log()).contains("stopped: 0 connects"), Files.readString(server.log()));
  }

  @Test
  void theKeystorePasswordReachesTheChildButNotItsCommandLineOrLog(@TempDir Path dir) throws Exception {
    String password = "pw-" + Long.toHexString(System.nanoTime());
    Path keystore = TestTls.keystore(dir, password, "EC", "-groupname", "secp256r1");
    ServerProcess server = ServerProcess.start(Map.of("server.port", "0", "server.keystore", keystore.toString(),
        ServerProcess.KEYSTORE_PASSWORD, password), List.of("-Xmx256m"), dir.resolve("server.log"), Duration.ofSeconds(30));
    try {
      assertTrue(get("https://127.0.0.1:" + server.port() + "/status").startsWith("{\"connected\":0,"),
          "it opened the keystore: the password reached it");
      String commandLine = Files.readString(Path.of("/proc/" + server.pid() + "/cmdline"), StandardCharsets.ISO_8859_1);
      assertTrue(commandLine.contains("-Dserver.keystore=" + keystore), commandLine);
      assertFalse(commandLine.contains(password), "the password on the command line: " + commandLine);
    } finally {
      server.stop();
    }
    assertFalse(Files.readString(server.log()).contains(password), Files.readString(server.log()));
  }

  @Test
  void aServerThatCannotListenIsReportedWithItsLog(@TempDir Path dir) throws Exception {
    IOException e = assertThrows(IOException.class, () -> ServerProcess.start(Map.of("server.port", "99999"),
        List.of(), dir.resolve("server.log"), Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("exited with code 2"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dserver.port=99999 is invalid: expected an integer from 0 to 65535"), e.getMessage());
  }

  @Test
  void noServerIsLeftWhenTheParentIsKilledOutright(@TempDir Path dir) throws Exception {
    Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + ServerProcess.SERVER_BUILD + "=" + System.getProperty(ServerProcess.SERVER_BUILD), "-cp", System.getProperty("java.class.path"), ThrowawayParent.class.getName(), dir.resolve("server.log").toString())
        .redirectErrorStream(true).start();
    long serverPid;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("server pid "), "parent said: " + line);
      serverPid = Long.parseLong(line.substring("server pid ".length()));
    }
    Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
    assertTrue(server.isPresent() && server.get().isAlive(), "the server runs");

    parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
    parent.waitFor();

    long deadline = System.currentTimeMillis() + 10_000;
    while (server.get().isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    boolean leftBehind = server.get().isAlive();
    if (leftBehind) {
      server.get().destroyForcibly(); // never leave it running, even when the test fails
    }
    assertFalse(leftBehind, "the server outlived its parent by more than 10 s");
    assertTrue(Files.readString(dir.resolve("server.log")).contains("parent process gone: stopping"));
  }

  /** The server's certificate is made at its start, in another process: this test trusts any. */
  private static String get(String url) throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, new TrustManager[] {new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] c, String a) {}

      public void checkServerTrusted(X509Certificate[] c, String a) {}

      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    HttpClient client = HttpClient.newBuilder().sslContext(trustAll).build();
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
