package io.infer4j.samples.cli.internal.plan;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.infer4j.samples.cli.internal.compare.ComparisonChart;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;

/**
 * A {@code --chart} file of {@code plan}: one or more XChart panels in a grid, under an optional
 * heading, written as PNG or SVG by the file's extension (as {@code compare --chart} does). SVG goes
 * through VectorGraphics2D, the library XChart's own SVG encoder draws with, so that several panels
 * share one picture.
 */
public final class ChartFile {

  /** Height of the heading band above the panels, pixels or points. */
  static final int HEADING = 36;

  private ChartFile() {}

  /**
   * What is wrong with {@code file} as a chart path, if anything: an extension other than {@code
   * .png} or {@code .svg}, a folder, a folder that does not exist or cannot be written, a file that
   * cannot be replaced. Checked before anything runs.
   */
  public static Optional<String> problem(Path file) {
    try {
      ComparisonChart.Format.of(file);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    Path folder = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      return Optional.of("it is a folder");
    }
    if (folder == null || !Files.isDirectory(folder)) {
      return Optional.of("the folder " + folder + " does not exist");
    }
    if (!Files.isWritable(folder)) {
      return Optional.of("the folder " + folder + " is not writable");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      return Optional.of("the file exists and is not writable");
    }
    return Optional.empty();
  }

  /**
   * Draws {@code panels} (all of one size) into {@code file}, {@code columns} to a row, under
   * {@code heading} (null: none), replacing the file.
   *
   * @throws UncheckedIOException naming the file if it cannot be written
   * @throws IllegalArgumentException if the extension is neither {@code .png} nor {@code .svg}
   */
  public static void write(Path file, String heading, int columns, List<XYChart> panels) {
    if (panels.isEmpty() || columns < 1) {
      throw new IllegalArgumentException("nothing to draw: " + panels.size() + " panels, " + columns + " columns");
    }
    ComparisonChart.Format format = ComparisonChart.Format.of(file);
    System.setProperty("java.awt.headless", "true"); // draws off screen; no display needed
    int panelWidth = panels.get(0).getWidth();
    int panelHeight = panels.get(0).getHeight();
    int cols = Math.min(columns, panels.size());
    int rows = (panels.size() + cols - 1) / cols;
    int top = heading == null ? 0 : HEADING;
    int width = cols * panelWidth;
    int height = top + rows * panelHeight;
    try (OutputStream out = Files.newOutputStream(file)) {
      if (format == ComparisonChart.Format.PNG) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        paint(g, width, heading, cols, panels);
        g.dispose();
        ImageIO.write(image, "png", out);
      } else {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g, width, heading, cols, panels);
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart to " + file + ": " + e.getMessage(), e);
    }
  }

  private static void paint(Graphics2D g, int width, String heading, int columns, List<XYChart> panels) {
    int panelWidth = panels.get(0).getWidth();
    int panelHeight = panels.get(0).getHeight();
    int top = heading == null ? 0 : HEADING;
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, top + panelHeight * ((panels.size() + columns - 1) / columns));
    if (heading != null) {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(heading, 12, top - 12);
    }
    for (int i = 0; i < panels.size(); i++) {
      Graphics2D panel = (Graphics2D) g.create((i % columns) * panelWidth, top + (i / columns) * panelHeight,
          panelWidth, panelHeight);
      try {
        panels.get(i).paint(panel, panelWidth, panelHeight);
      } finally {
        panel.dispose();
      }
    }
  }
}
