package lab.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;

/**
 * Reads a server's {@code GET /status} JSON: all of our counters from the embedded server, the same fields
 * from the Node reference server, nothing from a server that has no such page. It trusts any certificate, as
 * the load does: the lab's servers are self-signed, on this host. For the embedded server it reads the
 * status file the server writes from a thread of its own instead, which still answers when its event loops
 * are stalled.
 */
public final class StatusClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Long enough that a busy server's TLS handshake is never cut off by us (that would count as its failure). */
  private static final int TIMEOUT_MILLIS = 10_000;

  /** A status file older than this is from a server that is gone. */
  private static final long FILE_FRESH_MILLIS = 3000;

  private final URI status;
  private final Trust trust;
  private final Path file;

  /**
   * @param base the server's URL as the load sees it: wss://host:port or ws://host:port
   * @param file the status file the server writes, or null to ask /status over HTTP
   */
  public StatusClient(URI base, Path file) {
    this(base, file, Trust.any());
  }

  /** The same, accepting only the certificates {@code trust} accepts. */
  public StatusClient(URI base, Path file, Trust trust) {
    String scheme = base.getScheme().equals("wss") || base.getScheme().equals("https") ? "https" : "http";
    this.status = URI.create(scheme + "://" + base.getHost() + ":" + base.getPort() + "/status");
    this.trust = trust;
    this.file = file;
  }

  /** The JSON, or empty when the server does not answer (not up, crashed, stalled, or no /status). */
  public Optional<JsonNode> read() {
    return file != null ? readFile() : readHttp();
  }

  /** With a status file: waits (up to 2 s) for one written after {@code since}, so that a last sample is current. */
  public void awaitWrittenAfter(long since) {
    if (file == null) {
      return;
    }
    long deadline = System.currentTimeMillis() + 2000;
    try {
      while (System.currentTimeMillis() < deadline && Files.getLastModifiedTime(file).toMillis() <= since) {
        Thread.sleep(50);
      }
    } catch (IOException e) {
      // no file (server gone): the last sample says so
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Optional<JsonNode> readFile() {
    // the server rewrites the file in place: a read that caught a write halfway is read again
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        if (System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() > FILE_FRESH_MILLIS) {
          return Optional.empty();
        }
        JsonNode node = JSON.readTree(file.toFile());
        if (node != null && node.isObject()) {
          return Optional.of(node);
        }
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        // half a write: once more
      }
    }
    return Optional.empty();
  }

  private Optional<JsonNode> readHttp() {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) status.toURL().openConnection();
      if (c instanceof HttpsURLConnection https) {
        trust.apply(https);
      }
      c.setConnectTimeout(TIMEOUT_MILLIS);
      c.setReadTimeout(TIMEOUT_MILLIS);
      // We close first, so that polling leaves no TIME_WAIT on the server's port, which the timeline counts.
      c.setRequestProperty("Connection", "close");
      if (c.getResponseCode() != 200) {
        return Optional.empty();
      }
      try (InputStream in = c.getInputStream()) {
        JsonNode node = JSON.readTree(in);
        return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }
}
