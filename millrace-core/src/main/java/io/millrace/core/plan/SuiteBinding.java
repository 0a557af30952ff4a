package io.millrace.core.plan;

import io.millrace.api.project.CheckSpec;
import io.millrace.api.spi.QualityChecker;
import java.util.List;

/**
 * Binds every attached suite to its table's planned schema, so a suite naming a missing column, an
 * unknown expectation or bad kwargs fails at plan time (before any data moves) with the suite file,
 * the expectation and the reason. Nodes whose schema is only known after loading (sources without
 * declared columns whose file is absent) are bound when they run.
 */
public final class SuiteBinding {
  private SuiteBinding() {}

  /**
   * @return the number of suites bound
   * @throws io.millrace.api.MillraceException USER from the checker, naming the suite and expectation
   */
  public static int bindAll(Plan plan, QualityChecker checker) {
    int bound = 0;
    for (PlanNode node : plan.nodes()) {
      List<CheckSpec> specs = switch (node.kind()) {
        case SOURCE -> node.source().checks();
        case MODEL -> node.model().checks();
        case EXPORT, STREAM -> List.of();
      };
      if (node.schema() == null) {
        continue;
      }
      for (CheckSpec spec : specs) {
        checker.bind(spec, node.name(), node.schema());
        bound++;
      }
    }
    return bound;
  }
}
