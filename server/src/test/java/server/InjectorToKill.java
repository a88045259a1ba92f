package server;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A load injector for KilledInjectorTest to kill with SIGKILL: opens N Socket.IO connections with the official
 * client to the server on a port, trusting the certificate in a DER file, prints "ready", and waits.
 * Arguments: port, certificate file, N.
 */
public final class InjectorToKill {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    X509Certificate certificate;
    try (InputStream der = Files.newInputStream(Path.of(args[1]))) {
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(der);
    }
    int count = Integer.parseInt(args[2]);
    // eight at a time, as an injector ramps up
    ExecutorService connecting = Executors.newFixedThreadPool(8);
    List<Future<TestClient>> clients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clients.add(connecting.submit(() -> TestClient.connect(port, certificate)));
    }
    for (Future<TestClient> client : clients) {
      client.get();
    }
    connecting.shutdown();
    System.out.println("ready " + clients.size());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
