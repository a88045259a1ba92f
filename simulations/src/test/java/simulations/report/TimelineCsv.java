package simulations.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads server-timeline.csv (a header line, then plain numbers; an empty cell = not measured) column by column.
 * Lenient on purpose: the report is written after a run that may have killed the server mid-line, and a
 * half-written sample must not cost the whole page.
 */
final class TimelineCsv {

  static final String TIME = "time";

  private TimelineCsv() {}

  /**
   * @return header order; every list as long as the number of rows kept, null where a cell is empty, missing or
   *     not a number. Rows without a usable time are dropped (they cannot be placed on the time axis). An empty
   *     file gives an empty map.
   */
  static Map<String, List<BigDecimal>> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    Map<String, List<BigDecimal>> columns = new LinkedHashMap<>();
    if (lines.isEmpty()) {
      return columns;
    }
    String[] header = cells(lines.get(0).replace("\uFEFF", ""));
    for (String name : header) {
      if (columns.put(name, new ArrayList<>()) != null) {
        throw new IOException(csv + " has the column '" + name + "' twice");
      }
    }
    if (!columns.containsKey(TIME)) {
      throw new IOException(csv + " has no '" + TIME + "' column; header: " + lines.get(0));
    }
    int timeIndex = List.of(header).indexOf(TIME);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = cells(line);
      if (number(cells, timeIndex) == null) {
        continue;
      }
      for (int i = 0; i < header.length; i++) {
        columns.get(header[i]).add(number(cells, i));
      }
    }
    return columns;
  }

  private static String[] cells(String line) {
    String[] cells = line.split(",", -1);
    for (int i = 0; i < cells.length; i++) {
      cells[i] = cells[i].strip();
    }
    return cells;
  }

  private static BigDecimal number(String[] cells, int index) {
    if (index >= cells.length || cells[index].isEmpty()) {
      return null;
    }
    try {
      return new BigDecimal(cells[index]);
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}
