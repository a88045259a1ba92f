package simulations;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's load: {@code batches} populations of {@code users} connections, batch i starting i x
 * {@code stagger} after the first, each connection living {@code lifetime}, pinging every {@code ping}, and
 * replaced at once when it ends. Defaults: 4 x 2000 connections, 3-minute lifetime, 40 s pings, 10 minutes.
 * Change the profile with -D properties (docs/configuration.md), or edit {@link #batch} below. With
 * {@code -Dinjectors=N} (or N load generators of Gatling Enterprise), each of N injector JVMs plays every Nth
 * batch. The verdict, not a Gatling assertion, decides the run's exit status.
 */
public class ConnectionChurnSimulation extends LabSimulation {

  public ConnectionChurnSimulation() {
    this(ChurnConfig.SEED);
  }

  /** The same load with other defaults: see {@link SmokeSimulation}. */
  protected ConnectionChurnSimulation(ChurnConfig.Defaults defaults) {
    super(ChurnConfig.fromSystemProperties(defaults));
    List<PopulationBuilder> batches = new ArrayList<>();
    for (int i = 0; i < config.batches; i++) {
      if (!config.playsHere(i)) {
        continue; // another injector's (-Dinjectors, -Dshard)
      }
      PopulationBuilder batch = scenario("batch " + (i + 1)).exec(lifetime(i)).injectClosed(batch(i));
      batches.add(config.enterprise != null ? batch.noShard() : batch); // Enterprise: whole batches, our shards
    }
    setUp(batches).protocols(protocol()).maxDuration(config.maxDuration());
  }

  /**
   * Batch {@code i}'s injection profile, in the closed model: a number of connections held at once, each one
   * replaced as soon as it ends, as client.js refilled its pending slots every 100 ms.
   */
  private List<ClosedInjectionStep> batch(int i) {
    Duration start = config.batchStart(i);
    Duration ramp = config.ramp;
    List<ClosedInjectionStep> steps = new ArrayList<>();
    if (!start.isZero()) {
      steps.add(constantConcurrentUsers(0).during(start)); // wait for this batch's turn
    }
    if (!ramp.isZero()) {
      steps.add(rampConcurrentUsers(0).to(config.users).during(ramp)); // optional: spread the first connects
    }
    steps.add(constantConcurrentUsers(config.users).during(config.duration.minus(start).minus(ramp)));
    return steps;
  }
}
