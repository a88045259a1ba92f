package simulations.injectors;

import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.DeploymentInfo;
import java.util.Optional;

/**
 * This injector as one of the load generators of a Gatling Enterprise run, from Gatling's {@code deploymentInfo}
 * (outside Enterprise its run id is null). Enterprise's own split of the injection profile is turned off (each
 * batch is {@code noShard()}): generator {@code index} of {@code count} plays shard index + 1 of count, whole
 * batches at their own start times, as the seed's client machines did, and knows its share exactly.
 */
public record EnterpriseRun(String runId, int index, int count) {

  public EnterpriseRun {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("load generator " + index + " of " + count);
    }
  }

  /** This JVM's, when Gatling Enterprise started it. */
  public static Optional<EnterpriseRun> current() {
    DeploymentInfo d = CoreDsl.deploymentInfo;
    return d == null || d.runId == null ? Optional.empty()
        : Optional.of(new EnterpriseRun(d.runId.toString(), d.indexOfLoadGeneratorInRun, d.numberOfLoadGeneratorsInRun));
  }

  /** The batches this load generator plays. */
  public Shard shard() {
    return new Shard(index + 1, count);
  }
}
