package io.infer4j.gpu.internal.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs this package's tests (the CUDA kernel, forward-pass and layout tests) without Maven, on a
 * GPU host that has only the small JRE: {@code gpu-tests.sh run}. Prints JUnit's summary (with
 * the reason of every skip and failure) and exits 1 when a test failed, 2 when none ran.
 */
public final class GpuTestMain {
  private GpuTestMain() {}

  public static void main(String[] args) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage(GpuTestMain.class.getPackageName()))
        .build();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, summary, new SkipReporter());
    PrintWriter out = new PrintWriter(System.out, true);
    summary.getSummary().printTo(out);
    summary.getSummary().printFailuresTo(out, 30);
    long failed = summary.getSummary().getTotalFailureCount();
    System.exit(failed > 0 ? 1 : summary.getSummary().getTestsSucceededCount() == 0 ? 2 : 0);
  }

  /** Prints each skipped test or class with its reason, and each result as it ends. */
  static final class SkipReporter implements org.junit.platform.launcher.TestExecutionListener {
    @Override
    public void executionSkipped(org.junit.platform.launcher.TestIdentifier id, String reason) {
      System.out.println("SKIPPED " + id.getDisplayName() + ": " + reason);
    }

    @Override
    public void executionFinished(org.junit.platform.launcher.TestIdentifier id,
        org.junit.platform.engine.TestExecutionResult result) {
      if (id.isTest() || result.getThrowable().isPresent()) {
        System.out.println(result.getStatus() + " " + id.getDisplayName()
            + result.getThrowable().map(t -> ": " + t).orElse(""));
      }
    }
  }
}
