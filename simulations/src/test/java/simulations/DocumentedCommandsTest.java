package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented examples through the real command, {@code mvn gatling:test}: the Gatling plugin's fork passes
 * each -D value Java-escaped, which the other tests (forking Gatling directly) never see. Values with quotes and
 * spaces arrive as typed.
 */
class DocumentedCommandsTest {

  @Test
  void quotedJsonHeadersAndJvmOptionsArriveAsTyped(@TempDir Path results) throws Exception {
    Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-f", root.resolve("pom.xml").toString(),
        "gatling:test", "-Dgatling.simulationClass=simulations.SmokeSimulation", "-Dresults.dir=" + results,
        // the README's examples, as a shell hands them to mvn (the quotes typed around them are gone by then)
        "-Dauth={\"token\":\"abc\"}",
        "-Dheaders=Cookie: a=b; X-Tenant: t1",
        "-Dserver.jvmArgs=-Xms64m -Xmx256m -XX:+UseSerialGC",
        // pom properties that become JVM options of Gatling's (jdk.tls.namedGroups, io.netty.eventLoopThreads)
        "-Dinjector.tlsGroups=x25519,secp256r1", "-Dinjector.eventLoops=1",
        "-Dusers=10", "-Dbatches=1", "-Dlifetime=30s", "-Dduration=6s", "-Dserver.port=0"));
    Path log = results.resolve("mvn.log");
    Process process = new ProcessBuilder(mvn).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(4, TimeUnit.MINUTES), "mvn gatling:test did not end");
    String output = Files.readString(log);
    assertEquals(0, process.exitValue(), output);
    // a secret's value is never shown: that its names arrive whole says the quoting and escaping held
    assertTrue(output.contains("  auth             {\"token\":\"***\"}\n"), output);

    JsonNode summary;
    try (Stream<Path> runs = Files.list(results)) {
      Path run = runs.filter(p -> p.getFileName().toString().startsWith("smokesimulation-")).findFirst().orElseThrow();
      summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }
    assertEquals("PASS", summary.get("verdict").asText());
    assertEquals("{\"token\":\"***\"}", summary.at("/config/auth").asText());
    assertEquals("Cookie: ***; X-Tenant: ***", summary.at("/config/headers").asText());
    assertEquals("-Xms64m -Xmx256m -XX:+UseSerialGC", summary.at("/config/server.jvmArgs").asText());
    assertEquals("x25519,secp256r1", summary.at("/config/injector.tlsGroups").asText());
    assertEquals("1", summary.at("/config/injector.eventLoops").asText());
  }
}
