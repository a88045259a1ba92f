package lab.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The server's host seen through its {@link lab.agent.TimelineAgent}: one request a sample; nothing when it does not answer. */
public final class AgentClient implements ServerHost {

  /** A sample's wait: the timeline takes one a second. */
  private static final Duration WAIT = Duration.ofMillis(700);
  /** The first question's: an agent just started on a busy host answers its first request slowly. */
  private static final Duration FIRST_WAIT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI agent;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

  public AgentClient(URI agent) {
    this.agent = agent;
  }

  /** Why the agent does not answer, if it does not: asked once before a run, which would be blind without it. */
  public Optional<String> unanswered() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(agent.resolve("/sample")).timeout(FIRST_WAIT).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.empty() : Optional.of("HTTP " + response.statusCode());
    } catch (IOException e) {
      return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  @Override
  public View read(int port, long pid) {
    HttpRequest request = HttpRequest.newBuilder(agent.resolve("/sample?port=" + port + (pid > 0 ? "&pid=" + pid : "")))
        .timeout(WAIT).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? View.fromJson(JSON.readTree(response.body())) : View.NOTHING;
    } catch (IOException e) {
      return View.NOTHING; // an agent that does not answer leaves those columns empty, as a remote host would
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return View.NOTHING;
    }
  }

  @Override
  public String name() {
    return "the agent at " + agent;
  }
}
