package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import lab.config.PropertyReader;
import org.junit.jupiter.api.Test;
import simulations.injectors.EnterpriseRun;

/**
 * .gatling/package.conf, as Gatling Enterprise's deploy reads it (HOCON, the environment filled in on the machine
 * that deploys): its simulations exist, its knobs are documented ones, and each of its load generators gets a run
 * it accepts, playing its own batches.
 */
class EnterprisePackageTest {

  private static final Path PACKAGE = Path.of(".gatling/package.conf");

  private static Config deployed(Map<String, String> environment) {
    return ConfigFactory.parseFile(PACKAGE.toFile()).resolveWith(ConfigFactory.parseMap(environment))
        .getConfig("gatling.enterprise.package");
  }

  @Test
  void namesTheLabsSimulations() throws ClassNotFoundException {
    for (Config simulation : deployed(Map.of()).getConfigList("simulations")) {
      Class<?> named = Class.forName(simulation.getString("simulation"));
      assertTrue(LabSimulation.class.isAssignableFrom(named), named + " is not one of the lab's simulations");
    }
  }

  @Test
  void eachLoadGeneratorPlaysItsBatchesAgainstTheTargetOfTheEnvironment() throws IOException {
    Config simulation = deployed(Map.of("CONNECTION_DROP_TARGET", "wss://192.0.2.10:9010",
        "CONNECTION_DROP_AGENT", "http://192.0.2.10:7010")).getConfig("default.simulation");
    int generators = simulation.getConfigList("locations").stream().mapToInt(l -> l.getInt("size")).sum();
    Properties properties = new Properties();
    simulation.getConfig("parameters.systemProperties").entrySet()
        .forEach(e -> properties.setProperty(stripQuotes(e.getKey()), e.getValue().unwrapped().toString()));
    String knobs = Files.readString(Path.of("../docs/configuration.md"));
    for (String knob : properties.stringPropertyNames()) {
      assertTrue(knobs.contains("| `" + knob + "` |"), knob + " is not a knob of docs/configuration.md");
    }
    int planned = 0;
    for (int g = 0; g < generators; g++) {
      ChurnConfig c = ChurnConfig.onEnterprise(new PropertyReader(properties), ChurnConfig.SEED,
          new EnterpriseRun("run-1", g, generators));
      assertEquals("wss://192.0.2.10:9010", c.target.toString());
      assertEquals(g == 0, c.targetAgent != null, "the first load generator watches the server for all");
      planned += c.plannedForThisRun();
    }
    assertEquals(ChurnConfig.SEED.users() * ChurnConfig.SEED.batches(), planned, "the generators play the whole profile");
    assertFalse(deployed(Map.of()).getConfig("default.simulation.parameters.systemProperties").hasPath("target"),
        "without CONNECTION_DROP_TARGET the package names no server");
  }

  /** HOCON keys come quoted where they hold a dot: "target.agent". */
  private static String stripQuotes(String key) {
    return key.replace("\"", "");
  }
}
