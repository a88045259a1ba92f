package simulations.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.timeline.TimelineColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ServerPageTest {

  private static final PageInput INPUT =
      new PageInput("churn run", "PASS: 2000 connections held, 0 drops", TimelineFixture.MARKS);

  @TempDir
  Path runDir;

  @Test
  void embedsEveryColumnAndTheMarks() throws IOException {
    TimelineFixture.write(runDir, true);

    Path page = ServerPage.write(runDir, INPUT);

    assertEquals(runDir.resolve("server.html"), page);
    JsonNode data = data(Files.readString(page));
    assertEquals(2, data.get("marks").size());
    assertEquals(TimelineFixture.START + 60_000, data.get("marks").get(1).get("epochMillis").asLong());
    JsonNode columns = data.get("columns");
    assertEquals(List.of(TimelineFixture.HEADER.split(",")), names(columns));
    assertEquals(TimelineFixture.ROWS, columns.get("time").size());
    assertEquals(TimelineFixture.START, columns.get("time").get(0).asLong());
    assertEquals("1.01", columns.get("elapsed_s").get(1).asText());
    assertEquals(1997, columns.get("connected").get(80).asInt(), "2000 connects less 3 transport_close");
  }

  @Test
  void headerOnlyGivesEmptyColumns() throws IOException {
    Files.writeString(runDir.resolve("server-timeline.csv"), TimelineFixture.HEADER + "\n");

    JsonNode columns = data(Files.readString(ServerPage.write(runDir, INPUT))).get("columns");

    assertEquals(TimelineColumns.names().size(), columns.size());
    columns.forEach(column -> assertEquals(0, column.size()));
  }

  @Test
  void emptyMissingAndGarbledCellsAreNullAndRowsWithoutTimeAreDropped() throws IOException {
    Files.writeString(runDir.resolve("server-timeline.csv"),
        "time,connected,rss_bytes\r\n1000,5,\r\n,7,7\r\n2000,x,9\r\n3000\r\n");

    JsonNode columns = data(Files.readString(ServerPage.write(runDir, INPUT))).get("columns");

    assertEquals("[1000,2000,3000]", columns.get("time").toString());
    assertEquals("[5,null,null]", columns.get("connected").toString());
    assertEquals("[null,9,null]", columns.get("rss_bytes").toString());
  }

  @Test
  void textCannotEndTheScriptOrInjectMarkup() throws IOException {
    TimelineFixture.write(runDir, true);
    PageInput hostile =
        new PageInput("</script><b>x", "FAIL: <i>{{DATA}}</i>", List.of(new PageInput.Mark("</script>", 1)));

    String html = Files.readString(ServerPage.write(runDir, hostile));

    assertEquals(3, html.split("</script>", -1).length - 1, "only the page's own three script elements close");
    assertTrue(html.contains("<h1>Server timeline: &lt;/script&gt;&lt;b&gt;x</h1>"));
    assertTrue(html.contains("<div id=\"verdict\" class=\"verdict fail\">FAIL: &lt;i&gt;{{DATA}}&lt;/i&gt;</div>"));
    assertFalse(html.contains("{{TITLE}}") || html.contains("{{VERDICT"), "every placeholder is filled");
    assertEquals("</script>", data(html).get("marks").get(0).get("label").asText());
  }

  @Test
  void copiesHighstockWhenGatlingWroteNoReport() throws IOException {
    TimelineFixture.write(runDir, true);

    ServerPage.write(runDir, INPUT);

    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ServerPage.HIGHSTOCK_RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(runDir.resolve("js/highstock.js")));
    }
  }

  @Test
  void keepsGatlingsOwnHighstock() throws IOException {
    TimelineFixture.write(runDir, true);
    Files.createDirectories(runDir.resolve("js"));
    Files.writeString(runDir.resolve("js/highstock.js"), "/* Gatling's copy */");

    ServerPage.write(runDir, INPUT);

    assertEquals("/* Gatling's copy */", Files.readString(runDir.resolve("js/highstock.js")));
  }

  /** The JSON literal the page embeds, read back the way the page's script reads it. */
  private static JsonNode data(String html) throws IOException {
    String open = "<script id=\"timeline-data\" type=\"application/json\">";
    int start = html.indexOf(open) + open.length();
    return new ObjectMapper().readTree(html.substring(start, html.indexOf("</script>", start)));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
