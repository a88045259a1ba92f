package simulations;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import simulations.clients.ClientTally;
import simulations.clients.ConnectFailures;
import simulations.socketio.SocketIo;

/**
 * What every simulation of the lab shares: its configuration (read from -D, validated, printed), the clients'
 * tally, the run around the load (server or target, timeline, report, verdict, exit status), the Socket.IO
 * protocol and the lifetime of one connection. A simulation adds its injection profile, and, for a search,
 * how its runs are judged.
 */
public abstract class LabSimulation extends Simulation {

  protected final ChurnConfig config;
  protected final ClientTally tally = new ClientTally(new ConnectFailures().attach());
  protected final LabRun lab;

  protected LabSimulation(ChurnConfig config) {
    this.config = config;
    this.lab = new LabRun(getClass(), config, tally);
  }

  /** One protocol for the whole run; its connections leave from -Dsource.addresses in turn, when there are some. */
  protected HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = SocketIo.protocol(config.frames);
    return config.sourceAddresses().isEmpty() ? protocol : protocol.localAddresses(config.sourceAddresses());
  }

  /** One connection's life, as every batch plays it: connect, join, hold and ping, leave, refilled at once. */
  protected ChainBuilder lifetime() {
    return SocketIo.lifetime(config, lab::url, lab::runEndsAt, tally);
  }

  /** The same, for batch {@code batch} (from 0): to its server, when the batches are spread over several. */
  protected ChainBuilder lifetime(int batch) {
    return SocketIo.lifetime(config, () -> lab.url(batch), lab::runEndsAt, tally);
  }

  @Override
  public void before() {
    lab.start(); // the embedded server (or -Dtarget) and its timeline
  }

  @Override
  public void after() {
    lab.stop();
  }
}
