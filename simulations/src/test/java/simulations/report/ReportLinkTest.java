package simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReportLinkTest {

  private static final String FIXTURE = """
      <!DOCTYPE html>
      <html><head><title>Gatling</title></head>
      <BODY class="report" data-x="1">
      <div class="app-container">content</div>
      </BODY></html>
      """;

  @TempDir
  Path runDir;

  @Test
  void falseWithoutIndex() {
    assertFalse(ReportLink.addTo(runDir, "PASS: all held"));
    assertFalse(Files.exists(runDir.resolve("index.html")));
  }

  @Test
  void falseAndUntouchedWithoutBodyTag() throws IOException {
    Files.writeString(index(), "<html>no body</html>");

    assertFalse(ReportLink.addTo(runDir, "PASS: all held"));
    assertEquals("<html>no body</html>", Files.readString(index()));
  }

  @Test
  void insertsTheBarRightAfterTheBodyTag() throws IOException {
    Files.writeString(index(), FIXTURE);

    assertTrue(ReportLink.addTo(runDir, "FAIL: 120 drops (server: ping-timeout 120; seen by the clients: 120) <&>"));

    String html = Files.readString(index());
    String bodyTag = "<BODY class=\"report\" data-x=\"1\">";
    assertTrue(html.startsWith(FIXTURE.substring(0, FIXTURE.indexOf(bodyTag)) + bodyTag + "\n" + ReportLink.BEGIN));
    assertTrue(html.contains("<a href=\"server.html\">Server timeline (connections, disconnects by reason, memory, "
        + "event-loop lag) &rarr;</a>"));
    assertTrue(html.contains(
        "<span class=\"verdict fail\">FAIL: 120 drops (server: ping-timeout 120; seen by the clients: 120) &lt;&amp;&gt;</span>"));
    assertTrue(html.endsWith(ReportLink.END + "\n<div class=\"app-container\">content</div>\n</BODY></html>\n"));
  }

  @Test
  void secondCallReplacesTheBarInsteadOfAddingOne() throws IOException {
    Files.writeString(index(), FIXTURE);

    ReportLink.addTo(runDir, "FAIL: first");
    String once = Files.readString(index());
    assertTrue(ReportLink.addTo(runDir, "FAIL: first"));
    assertEquals(once, Files.readString(index()));

    assertTrue(ReportLink.addTo(runDir, "PASS: second"));
    String html = Files.readString(index());
    assertEquals(1, html.split(ReportLink.BEGIN, -1).length - 1);
    assertFalse(html.contains("FAIL: first"));
    assertTrue(html.contains("<span class=\"verdict pass\">PASS: second</span>"));
  }

  @Test
  void realGatlingIndexGetsTheBarAndKeepsEverythingElse() throws IOException {
    String original = gatlingIndex();
    Files.writeString(index(), original);

    assertTrue(ReportLink.addTo(runDir, "PASS: 8000 connections held, 0 drops"));

    String html = Files.readString(index());
    int bar = html.indexOf(ReportLink.BEGIN);
    assertTrue(html.substring(0, bar).endsWith("</head>\n<body>\n"));
    int barEnd = html.indexOf(ReportLink.END) + ReportLink.END.length();
    assertEquals(original, html.substring(0, bar - 1) + html.substring(barEnd));
  }

  /** A report Gatling 3.15.1 wrote (a tiny HTTP simulation), as the one the simulations' runs get. */
  static String gatlingIndex() throws IOException {
    try (InputStream in = ReportLinkTest.class.getResourceAsStream("/report/gatling-3.15.1-index.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path index() {
    return runDir.resolve("index.html");
  }
}
