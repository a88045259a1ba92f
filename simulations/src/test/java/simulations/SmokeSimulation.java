package simulations;

/**
 * The churn at a size for tests and first contact: 2 batches of 50 connections, each living 10 s and pinging
 * every 2 s, for 30 s. Run by {@code mvn -B verify}; every knob of the churn simulation still applies.
 */
public class SmokeSimulation extends ConnectionChurnSimulation {

  public SmokeSimulation() {
    super(ChurnConfig.SMOKE);
  }
}
