package simulations.report;

import java.util.List;

/**
 * What the server page says besides the timeline itself.
 *
 * @param title       page heading, e.g. the simulation and run id
 * @param verdictLine "PASS: ..." or "FAIL: ..." (coloured by that prefix), shown at the top
 * @param marks       batch starts, drawn as vertical lines on every chart
 */
public record PageInput(String title, String verdictLine, List<Mark> marks) {

  public PageInput {
    marks = List.copyOf(marks);
  }

  /**
   * A labelled instant of the run, e.g. "batch 2" at the moment its first user starts; with {@code until} (or
   * null), a stretch, drawn as a band: an event that lost connections, until they were back.
   */
  public record Mark(String label, long epochMillis, Long until) {
    public Mark(String label, long epochMillis) {
      this(label, epochMillis, null);
    }
  }
}
