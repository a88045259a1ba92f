package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -Dtarget.truststore: the clients (Gatling) and the timeline accept only its certificates. A server whose
 * certificate is in it passes; one whose certificate is not fails every connect at the TLS stage.
 */
class TrustedCertificateTest {

  private static final String PASSWORD = "store-pw-5e2b";

  @Test
  void onlyTheCertificatesOfTheTrustStoreAreAccepted(@TempDir Path dir) throws Exception {
    Path serverKeys = keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12");
    keytool(dir, "-exportcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.cer");
    Path trusted = keytool(dir, "-importcert", "-noprompt", "-alias", "server", "-file", "server.cer", "-keystore", "trusted.p12");
    keytool(dir, "-genkeypair", "-alias", "other", "-keyalg", "EC", "-dname", "CN=other", "-validity", "2", "-keystore", "other.p12");
    keytool(dir, "-exportcert", "-alias", "other", "-keystore", "other.p12", "-file", "other.cer");
    Path untrusted = keytool(dir, "-importcert", "-noprompt", "-alias", "other", "-file", "other.cer", "-keystore", "untrusted.p12");

    GatlingRun.Running good = GatlingRun.start(SmokeSimulation.class, dir, dir.resolve("trusted.log"), run(serverKeys, trusted));
    GatlingRun.Running bad = GatlingRun.start(SmokeSimulation.class, dir, dir.resolve("untrusted.log"), run(serverKeys, untrusted));
    GatlingRun.Result accepted = good.await(Duration.ofSeconds(120));
    GatlingRun.Result refused = bad.await(Duration.ofSeconds(120));

    assertEquals("PASS", accepted.summary().get("verdict").asText(), accepted.output());
    assertTrue(accepted.output().contains("the certificates in " + trusted), accepted.output());
    assertEquals(10, accepted.summary().at("/peakHeld/byServer").asLong(), "the timeline read /status through the same trust");
    assertFalse(accepted.output().contains(PASSWORD), "a password on the console");

    assertEquals("FAIL", refused.summary().get("verdict").asText(), refused.output());
    assertEquals("failed-connects", refused.summary().at("/causes/0/cause").asText(), refused.summary().get("causes").toString());
    assertEquals(refused.summary().at("/failedConnects/total").asLong(), refused.summary().at("/failedConnects/byStage/tls").asLong());
    assertTrue(refused.summary().at("/failedConnects/errors").toString().contains("No trusted certificate found"),
        refused.summary().at("/failedConnects").toString());
  }

  /** 10 connections for 8 s against the embedded server holding {@code keys}, trusting {@code truststore}. */
  private static Map<String, String> run(Path keys, Path truststore) {
    Map<String, String> p = new HashMap<>(Map.of("users", "10", "batches", "1", "lifetime", "30s", "ping", "1s",
        "duration", "8s", "server.port", "0", "server.keystore", keys.toString(), "server.keystore.password", PASSWORD,
        "target.truststore", truststore.toString(), "target.truststorePassword", PASSWORD));
    return p;
  }

  private static Path keytool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keypass", PASSWORD));
    }
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("keytool.log").toFile()).start();
    assertEquals(0, p.waitFor(), String.join(" ", command));
    int keystore = command.indexOf("-keystore");
    return dir.resolve(command.get(keystore + 1));
  }
}
