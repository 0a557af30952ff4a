package io.millrace.core.plan;

import io.millrace.api.project.CheckSpec;
import io.millrace.api.spi.BoundSuite;
import io.millrace.api.spi.QualityChecker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    return bind(plan, checker).suites().values().stream().mapToInt(List::size).sum();
  }

  /**
   * Binds as {@link #bindAll} does and returns the plan carrying the bound suites, which a run with
   * the same checker uses instead of binding them again.
   */
  public static Plan bind(Plan plan, QualityChecker checker) {
    Map<String, List<BoundSuite>> all = new HashMap<>();
    for (PlanNode node : plan.nodes()) {
      List<CheckSpec> specs = switch (node.kind()) {
        case SOURCE -> node.source().checks();
        case MODEL -> node.model().checks();
        case EXPORT, STREAM, TRAIN, TRAINING_SET -> List.of();
      };
      if (node.schema() == null) {
        continue;
      }
      List<BoundSuite> bound = new ArrayList<>();
      for (CheckSpec spec : specs) {
        bound.add(checker.bind(spec, node.name(), node.schema()));
      }
      if (!bound.isEmpty()) {
        all.put(node.name(), List.copyOf(bound));
      }
    }
    return plan.withSuites(all);
  }
}
