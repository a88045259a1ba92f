package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import lab.config.InvalidPropertyException;
import lab.config.PropertyReader;
import lab.timeline.HostLimits;
import simulations.injectors.EnterpriseRun;
import org.junit.jupiter.api.Test;

class ChurnConfigTest {

  private static ChurnConfig config(ChurnConfig.Defaults defaults, String... keyValues) {
    return config(defaults, new HostLimits(-1, -1), keyValues);
  }

  private static ChurnConfig config(ChurnConfig.Defaults defaults, HostLimits host, String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return ChurnConfig.from(new PropertyReader(p), defaults, host);
  }

  @Test
  void defaultsReproduceTheSeedAndRunTheLastBatchThroughTwoLifetimes() {
    ChurnConfig c = config(ChurnConfig.SEED);
    assertEquals(2000, c.users);
    assertEquals(4, c.batches);
    assertEquals(8000, c.plannedConnections());
    assertEquals(Duration.ofMinutes(3), c.lifetime);
    assertEquals(Duration.ofSeconds(40), c.ping);
    assertEquals(Duration.ZERO, c.ramp);
    assertEquals(0.0, c.tolerancePercent);
    assertNull(c.target, "the embedded server");
    Duration lastBatchRuns = c.duration.minus(c.batchStart(c.batches - 1));
    assertTrue(lastBatchRuns.compareTo(c.lifetime.multipliedBy(2)) >= 0, "4th batch runs " + lastBatchRuns);
  }

  @Test
  void theSmokeProfileIsSmallAndShort() {
    ChurnConfig c = config(ChurnConfig.SMOKE);
    assertEquals(100, c.plannedConnections());
    assertTrue(c.maxDuration().compareTo(Duration.ofMinutes(2)) < 0);
  }

  @Test
  void knobsAreReadWithTheirExactNames() {
    ChurnConfig c = config(ChurnConfig.SEED, "users", "10", "batches", "3", "lifetime", "90s", "ping", "5",
        "stagger", "1m", "duration", "5m", "ramp", "20s", "tolerance", "0.5", "target", "ws://127.0.0.1:3000");
    assertEquals(10, c.users);
    assertEquals(3, c.batches);
    assertEquals(Duration.ofSeconds(90), c.lifetime);
    assertEquals(Duration.ofSeconds(5), c.ping);
    assertEquals(Duration.ofMinutes(2), c.batchStart(2));
    assertEquals(Duration.ofMinutes(5), c.duration);
    assertEquals(Duration.ofSeconds(20), c.ramp);
    assertEquals(0.5, c.tolerancePercent);
    assertEquals(URI.create("ws://127.0.0.1:3000"), c.target);
  }

  @Test
  void impossibleProfilesFailFastNamingTheProperties() {
    assertEquals("-Dstagger=5m with -Dbatches=4 starts the last batch at 15m, after the run ends (-Dduration=10m): "
            + "shorten the stagger or lengthen the duration",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "stagger", "5m")).getMessage());
    assertEquals("-Dtarget=http://x:1: expected wss://host:port or ws://host:port",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target", "http://x:1")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "users", "0"))
        .getMessage().startsWith("-Dusers=0 is invalid"));
  }

  /** This machine's limits: 20,000 open files per process, ports 32768-60999. */
  private static final HostLimits HERE = new HostLimits(20_000, 28_232);

  @Test
  void whatOneInjectorCannotHoldStopsTheRunNamingTheLimitItRunsInto() {
    assertEquals(8000, config(ChurnConfig.SEED, HERE).plannedConnections(), "the seed fits");
    assertEquals("-Dusers=2000 x -Dbatches=10 is 20000 connections at once: they need one open file each in this"
            + " injector JVM, which may open 20000 (ulimit -n), 300 of them for itself; one injector here holds at most"
            + " 19700: run fewer, or spread them over more injector processes (-Dinjectors) or machines (docs/scale.md)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, HERE, "batches", "10")).getMessage());
    assertEquals("-Dusers=10000 x -Dbatches=3 is 30000 connections at once: they need one source port each toward the"
            + " server, and one address has 28232 (net.ipv4.ip_local_port_range); the injectors of this host hold at most"
            + " 28232: give -Dsource.addresses=<as many of this host's addresses as needed, comma-separated>, run fewer,"
            + " or spread them over machines (docs/scale.md)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, new HostLimits(100_000, 28_232),
            "users", "10000", "batches", "3", "target", "wss://192.0.2.10:9010")).getMessage(),
        "toward another host: this host's addresses are the user's to give");
    // a search stops by default in the last whole batch this injector can hold; asked for more, it says so
    assertEquals(18_000, config(ChurnConfig.SEARCH, HERE).maxConnections);
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEARCH, HERE, "maxConnections",
        "20000")).getMessage().startsWith("-DmaxConnections=20000 is 20000 connections: they need one open file each"));
    assertEquals(20_000, config(ChurnConfig.SEARCH).maxConnections, "where the limits are unknown, the default");
  }

  @Test
  void severalInjectorsShareTheBatchesAndEachHoldsItsShareOfTheFiles() {
    ChurnConfig two = config(ChurnConfig.SEED, HERE, "batches", "10", "injectors", "2");
    assertEquals(20_000, two.plannedConnections(), "one injector could not: 19,700 files; two can");
    assertEquals(10_000, two.heldByOneInjector());
    assertTrue(two.playsHere(0) && !two.playsHere(1) && two.playsHere(2), "this JVM plays batches 1, 3, 5...");
    assertEquals(List.of("127.0.0.1", "127.0.0.2"), config(ChurnConfig.SEED, HERE, "batches", "15", "injectors", "2")
        .sourceAddresses(), "all the injectors of one host share one address's ports: on loopback, a second address");
    ChurnConfig forty = config(ChurnConfig.SEED, HERE, "batches", "20", "injectors", "3", "server.instances", "3");
    assertEquals(40_000, forty.plannedConnections(), "more than one address's ports, but spread over three servers");
    assertEquals(14_000, forty.heldTowardOneServer());
    assertEquals(14_000, forty.heldByOneInjector());
    assertEquals("-Dinjectors=5 is more than -Dbatches=4: each injector plays whole batches (batch b by injector b mod N)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "injectors", "5")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEARCH, "injectors", "2"))
        .getMessage().startsWith("-Dinjectors=2: a breaking-point search decides after each batch in one injector"));
  }

  @Test
  void aShardPlaysItsBatchesAgainstAServerStartedElsewhereFromACommonStart() {
    ChurnConfig shard = config(ChurnConfig.SEED, HERE, "shard", "2/3", "target", "wss://192.0.2.10:9010",
        "start.at", "2026-12-02T18:00:00Z");
    assertTrue(!shard.playsHere(0) && shard.playsHere(1) && !shard.playsHere(2) && !shard.playsHere(3));
    assertEquals(2000, shard.plannedForThisRun(), "one of the 4 batches is the second shard's of 3");
    assertEquals(java.time.Instant.parse("2026-12-02T18:00:00Z").toEpochMilli(), shard.startAt);
    assertEquals(1796229000000L, config(ChurnConfig.SEED, "shard", "1/2", "target", "wss://h:1", "start.at",
        "1796229000000").startAt, "or epoch milliseconds");
    assertEquals("-Dshard=2/3 with no -Dtarget (a shard loads a server started elsewhere)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "shard", "2/3")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "shard", "3/2", "target",
        "wss://h:1")).getMessage().startsWith("-Dshard=3/2: expected i/N with 1 <= i <= N"));
    assertEquals("-Dshard=1/5: 5 shards for -Dbatches=4: each shard plays whole batches", assertThrows(
        InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "shard", "1/5", "target", "wss://h:1")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "shard", "2/2", "target",
        "wss://h:1", "target.agent", "http://h:7010")).getMessage().startsWith("-Dshard=2/2 with -Dtarget.pid or -Dtarget.agent"));
    assertEquals("http://h:7010", config(ChurnConfig.SEED, "shard", "1/2", "target", "wss://h:1", "target.agent",
        "http://h:7010").targetAgent.toString(), "shard 1 watches the server for all the shards");
    assertEquals("-Dstart.at is the common start of the shards of one run: it needs -Dshard=i/N",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "start.at", "1796229000000")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "shard", "1/2", "target",
        "wss://h:1", "start.at", "six o'clock")).getMessage().contains("expected a UTC time such as 2026-12-02T18:00:00Z"));
  }

  private static ChurnConfig onEnterprise(int index, int count, String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return ChurnConfig.onEnterprise(new PropertyReader(p), ChurnConfig.SEED, new EnterpriseRun("run-7", index, count));
  }

  @Test
  void aGatlingEnterpriseLoadGeneratorIsAShardOfItsRun() {
    ChurnConfig second = onEnterprise(1, 2, "target", "wss://h:9010", "target.agent", "http://h:7010");
    assertEquals("2/2", second.shard.toString(), "load generator 1 (from 0) of 2");
    assertTrue(!second.playsHere(0) && second.playsHere(1) && !second.playsHere(2) && second.playsHere(3));
    assertEquals(4000, second.plannedForThisRun(), "two of the 4 batches");
    assertNull(second.targetAgent, "the first load generator watches the server for all of them");
    assertEquals("http://h:7010", onEnterprise(0, 2, "target", "wss://h:9010", "target.agent", "http://h:7010")
        .targetAgent.toString());
    assertEquals(ChurnConfig.SEED.batches() * ChurnConfig.SEED.users(),
        onEnterprise(0, 1, "target", "wss://h:9010").plannedForThisRun(), "one load generator plays it all");
    assertNull(config(ChurnConfig.SEED).enterprise, "not on Enterprise");

    java.util.function.Function<Runnable, String> refused = r -> assertThrows(InvalidPropertyException.class, r::run)
        .getMessage();
    assertEquals("on Gatling Enterprise (run run-7, load generator 1/2): no -Dtarget (its load generators start no"
        + " server: name one they reach); docs/enterprise.md", refused.apply(() -> onEnterprise(0, 2)));
    assertTrue(refused.apply(() -> onEnterprise(0, 2, "target", "wss://h:1", "shard", "1/2"))
        .contains("-Dshard (its load generators are the shards: this one is 1/2)"));
    assertTrue(refused.apply(() -> onEnterprise(0, 2, "target", "wss://h:1", "injectors", "2")).contains("-Dinjectors"));
    assertTrue(refused.apply(() -> onEnterprise(0, 2, "target", "wss://h:1", "start.at", "2026-12-02T18:00:00Z"))
        .contains("-Dstart.at"));
    assertTrue(refused.apply(() -> onEnterprise(0, 2, "target", "wss://h:1", "target.pid", "42")).contains("-Dtarget.pid"));
    assertEquals("Gatling Enterprise's 5 load generators: 5 shards for -Dbatches=4: each shard plays whole batches",
        refused.apply(() -> onEnterprise(0, 5, "target", "wss://h:1")));
  }

  @Test
  void sourceAddressesGiveMorePortsTowardOneServer() {
    HostLimits few = new HostLimits(100_000, 1000);
    assertEquals(List.of(), config(ChurnConfig.SEED, few, "users", "1000", "batches", "1").sourceAddresses(),
        "one address's ports are enough: the kernel's choice");
    assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), config(ChurnConfig.SEED, few, "users", "1000",
        "batches", "3", "target", "wss://localhost:9010").sourceAddresses(), "a server on loopback: as many as needed");
    assertEquals(List.of("127.0.0.2", "127.0.0.3"), config(ChurnConfig.SEED, few, "users", "1000", "batches", "2",
        "source.addresses", "127.0.0.2, 127.0.0.3").sourceAddresses(), "given: those");
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, few, "users", "1000",
        "batches", "3", "source.addresses", "127.0.0.2,127.0.0.3")).getMessage().contains(
        "hold at most 2000 from the 2 addresses of -Dsource.addresses: give more of this host's addresses"));
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "source.addresses",
        "192.0.2.77")).getMessage().contains("192.0.2.77 is not an address of this host"));
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "source.addresses",
        "myhost")).getMessage().contains("expected IP addresses of this host"));
  }

  @Test
  void theBatchesSpreadOverSeveralServersOneBatchAtATime() {
    ChurnConfig two = config(ChurnConfig.SEED, "server.instances", "2");
    assertEquals(2, two.servers());
    assertEquals(List.of(0, 1, 0, 1), java.util.stream.IntStream.range(0, 4).map(two::serverOf).boxed().toList());
    ChurnConfig listed = config(ChurnConfig.SEED, "target", "wss://127.0.0.1:9010, wss://127.0.0.1:9011,wss://h:1");
    assertEquals(3, listed.servers());
    assertEquals(URI.create("wss://127.0.0.1:9011"), listed.targets.get(1));
    assertEquals(URI.create("wss://127.0.0.1:9010"), listed.target, "the first one is the run's target");
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "server.instances", "2",
        "target", "wss://h:1")).getMessage().startsWith("-Dserver.instances=2 with -Dtarget (name each of your servers"));
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "server.instances", "2",
        "fault", "restart-at:30s")).getMessage().startsWith("-Dserver.instances=2 with -Dfault=restart-at"));
    assertEquals("5 servers for -Dbatches=4: each server takes whole batches (batch b to server b mod N)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "server.instances", "5")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target",
        "wss://h:1,wss://h:2", "target.pid", "1")).getMessage().startsWith("-Dtarget names 2 servers"));
  }

  @Test
  void theValidationGapsAreClosedWithAnErrorNamingTheProperty() {
    assertEquals("-Dtarget=wss://127.0.0.1:9010/: expected wss://host:port or ws://host:port, with no path: the Socket.IO"
            + " path is -Dpath, the namespace -Dnamespace",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target", "wss://127.0.0.1:9010/"))
            .getMessage());
    assertEquals("-Dfault=kick:5@20m: 'kick:5@20m' fires at 20m, after the run ends (-Dduration=10m)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "fault", "kick:5@20m")).getMessage());
    assertEquals("-Dfault=slow-ack:1s,crash-at:11m: 'crash-at:11m' fires at 11m, after the run ends (-Dduration=10m)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "fault", "slow-ack:1s,crash-at:11m"))
            .getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class,
        () -> config(ChurnConfig.SEED, "fault", "kick:5@1m", "target", "ws://127.0.0.1:3000"))
        .getMessage().startsWith("-Dfault acts on the embedded server only"));
    assertEquals("-Dramp=9m leaves the last batch below its 2000 connections until the run ends: expected less than 510s",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "ramp", "9m")).getMessage());
    assertEquals("-Dramp=510s leaves the last batch below its 2000 connections until the run ends: expected less than"
            + " 510s", assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "ramp", "510s"))
        .getMessage());
    assertEquals("-Dtarget.pid=1234 is a process of this host, but -Dtarget=wss://192.0.2.10:9010 is not on this host",
        assertThrows(InvalidPropertyException.class,
            () -> config(ChurnConfig.SEED, "target", "wss://192.0.2.10:9010", "target.pid", "1234")).getMessage());
    assertEquals("-Dtarget.agent=wss://192.0.2.10:7010: expected http://host:port, where lab.agent.TimelineAgent listens",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target", "wss://192.0.2.10:9010",
            "target.agent", "wss://192.0.2.10:7010")).getMessage());
    assertEquals("-Dtarget.agent watches a -Dtarget's host for the run, and no -Dtarget is given (the embedded server"
            + " is watched from here)",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target.agent",
            "http://192.0.2.10:7010")).getMessage());
    assertEquals(URI.create("http://192.0.2.10:7010"), config(ChurnConfig.SEED, "target", "wss://192.0.2.10:9010",
        "target.agent", "http://192.0.2.10:7010").targetAgent);
    assertEquals("-Dexpect=more: expected holds:N (a search that must hold at least N connections) or recovery:D"
            + " (every connection lost in an event back within D), e.g. recovery:20s",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "expect", "more")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "step", "30s"))
        .getMessage().startsWith("-Dstep is now -Dstagger"));
    assertEquals(1200, config(ChurnConfig.SEED, "server.openFileLimit", "1200").serverOpenFileLimit);
    assertEquals(-1, config(ChurnConfig.SEED).serverOpenFileLimit, "inherited unless told");
  }

  @Test
  void secretsAreNamedButTheirValuesNeverShown() {
    assertEquals("-Dauth=(value hidden): expected a JSON object such as {\"token\":\"abc\"}",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "auth", "token=s3cr3t")).getMessage());
    assertEquals("-Dheaders=(value hidden): expected headers as 'Name: value; Other: value'",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "headers", "s3cr3t")).getMessage());
    ChurnConfig c = config(ChurnConfig.SEED, "auth", "{\"token\":\"s3cr3t\",\"user\":7}",
        "headers", "Authorization: Bearer s3cr3t; X-Trace: s3cr3t");
    assertEquals("{\"token\":\"***\",\"user\":\"***\"}", c.describe().get("auth"));
    assertEquals("Authorization: ***; X-Trace: ***", c.describe().get("headers"));
    assertFalse(c.header("ConnectionChurnSimulation").contains("s3cr3t"));
  }

  @Test
  void aTrustStoreThatCannotBeUsedStopsTheRunNamingIt() throws Exception {
    assertEquals("-Dtarget.truststore=/nonexistent.p12 is invalid: expected a readable PKCS12 or JKS file",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target.truststore", "/nonexistent.p12"))
            .getMessage());
    assertEquals("-Dtarget.truststorePassword is given without -Dtarget.truststore", assertThrows(
        InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target.truststorePassword", "pw")).getMessage());
    java.nio.file.Path notAStore = java.nio.file.Files.createTempFile("not-a-store", ".p12");
    try {
      String message = assertThrows(InvalidPropertyException.class,
          () -> config(ChurnConfig.SEED, "target.truststore", notAStore.toString(), "target.truststorePassword", "s3cr3t"))
          .getMessage();
      assertTrue(message.startsWith("-Dtarget.truststore=" + notAStore + " cannot be opened with -Dtarget.truststorePassword"),
          message);
      assertFalse(message.contains("s3cr3t"));
    } finally {
      java.nio.file.Files.delete(notAStore);
    }
    assertEquals("any certificate (give -Dtarget.truststore to check the server's)", config(ChurnConfig.SEED).describe().get("trust"));
  }

  @Test
  void theSearchAddsABatchEveryStaggerUpToItsMaximum() {
    ChurnConfig c = ChurnConfig.from(new PropertyReader(new Properties()), ChurnConfig.SEARCH);
    assertEquals(10, c.batches, "20000 in batches of 2000");
    assertEquals(Duration.ofSeconds(60), c.stagger);
    assertEquals(Duration.ofMinutes(11), c.duration, "one more stagger at the top");
    Properties p = new Properties();
    p.setProperty("users", "100");
    p.setProperty("stagger", "4s");
    p.setProperty("maxConnections", "450");
    p.setProperty("expect", "holds:300");
    c = ChurnConfig.from(new PropertyReader(p), ChurnConfig.SEARCH);
    assertEquals(5, c.batches);
    assertEquals(Duration.ofSeconds(24), c.duration);
    assertEquals(300, c.expectHolds);
  }
}
