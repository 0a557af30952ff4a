package io.millrace.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunGraphTest {
  private static NodeAttempt ok(String node, long from, long to) {
    return FixedConsoleData.att("r", node, 1, NodeState.SUCCESS, from, to);
  }

  @Test
  void criticalPathIsTheHeaviestChainAndSavingsAccountForTheNextHeaviest() {
    // a(100) → b(300) → d(100); a → c(250) → d: path a,b,d = 500; without b the chain a,c,d = 450 takes over
    List<DagNode> dag = List.of(new DagNode("a", "SOURCE", List.of()), new DagNode("b", "MODEL", List.of("a")),
        new DagNode("c", "MODEL", List.of("a")), new DagNode("d", "MODEL", List.of("b", "c")),
        new DagNode("e", "MODEL", List.of()));
    RunGraph.Result g = RunGraph.of(dag, List.of(ok("a", 0, 100), ok("b", 100, 400), ok("c", 100, 350),
        ok("d", 400, 500)), List.of());
    Map<String, NodeView> by = g.nodes().stream().collect(Collectors.toMap(NodeView::name, Function.identity()));
    assertThat(g.criticalPath()).containsExactly("a", "b", "d");
    assertThat(g.criticalMs()).isEqualTo(500);
    assertThat(by.get("b").savingMs()).isEqualTo(50);    // 500 - 450
    assertThat(by.get("a").savingMs()).isEqualTo(100);   // every chain goes through a
    assertThat(by.get("d").savingMs()).isEqualTo(100);
    assertThat(by.get("c").savingMs()).isZero();
    assertThat(by.get("e").state()).isEqualTo("NOT_RUN");
    assertThat(by.get("d").level()).isEqualTo(2);
    assertThat(by.get("e").level()).isZero();
  }

  @Test
  void retriesCountInANodesTimeAndItsLastAttemptGivesItsState() {
    List<DagNode> dag = List.of(new DagNode("a", "SOURCE", List.of()));
    RunGraph.Result g = RunGraph.of(dag, List.of(FixedConsoleData.att("r", "a", 1, NodeState.FAILED, 0, 100),
        ok("a", 300, 400)), List.of());
    assertThat(g.nodes().get(0).durationMs()).isEqualTo(400);
    assertThat(g.nodes().get(0).attempts()).isEqualTo(2);
    assertThat(g.nodes().get(0).state()).isEqualTo("SUCCESS");
  }

  @Test
  void aThousandNodeChainIsFast() {
    List<DagNode> dag = new ArrayList<>();
    List<NodeAttempt> attempts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      dag.add(new DagNode("n" + i, "MODEL", i == 0 ? List.of() : List.of("n" + (i - 1))));
      attempts.add(ok("n" + i, i * 10L, i * 10L + 10));
    }
    RunGraph.Result g = RunGraph.of(dag, attempts, List.of());
    assertThat(g.criticalPath()).hasSize(1000);
    assertThat(g.nodes()).allMatch(n -> n.savingMs() == 10);
  }
}
