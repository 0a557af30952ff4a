package io.millrace.core.math;

import io.millrace.api.Suggestions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphMathTest {
  /** sales, products -> sales_data -> summary; products -> catalog. */
  private static Map<String, List<String>> diamond() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("sales", List.of());
    g.put("products", List.of());
    g.put("sales_data", List.of("sales", "products"));
    g.put("catalog", List.of("products"));
    g.put("summary", List.of("sales_data", "catalog"));
    return g;
  }

  @Test
  void ordersUpstreamBeforeDownstreamKeepingDeclarationOrderForTies() {
    assertThat(TopologicalSort.order(diamond()))
        .containsExactly("sales", "products", "sales_data", "catalog", "summary");
  }

  @Test
  void includesUpstreamNamesThatAreNotKeys() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("b", List.of("a"));
    assertThat(TopologicalSort.order(g)).containsExactly("a", "b");
  }

  @Test
  void reportsACycleInDataFlowOrder() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("src", List.of());
    g.put("a", List.of("c", "src"));
    g.put("b", List.of("a"));
    g.put("c", List.of("b"));
    assertThatThrownBy(() -> TopologicalSort.order(g))
        .isInstanceOfSatisfying(CycleException.class, e -> {
          List<String> cycle = e.cycle();
          assertThat(cycle).hasSize(4);
          assertThat(cycle.get(0)).isEqualTo(cycle.get(3));
          assertThat(Set.copyOf(cycle)).containsExactlyInAnyOrder("a", "b", "c");
          // each node is read by the next one: a -> b means b reads a
          for (int i = 0; i < 3; i++) {
            assertThat(g.get(cycle.get(i + 1))).contains(cycle.get(i));
          }
        });
  }

  @Test
  void reportsASelfReference() {
    Map<String, List<String>> g = Map.of("a", List.of("a"));
    assertThatThrownBy(() -> TopologicalSort.order(g))
        .isInstanceOfSatisfying(CycleException.class,
            e -> assertThat(e.cycle()).containsExactly("a", "a"));
  }

  @Test
  void groupsNodesByDepth() {
    assertThat(Levels.of(diamond())).containsExactly(
        List.of("sales", "products"), List.of("sales_data", "catalog"), List.of("summary"));
  }

  @Test
  void levelIsOneMoreThanDeepestUpstream() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("a", List.of());
    g.put("b", List.of("a"));
    g.put("c", List.of("b"));
    g.put("d", List.of("a", "c"));
    assertThat(Levels.of(g)).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
  }

  @Test
  void criticalPathFollowsTheHeaviestChain() {
    Map<String, Long> w = Map.of("sales", 100L, "products", 5L, "sales_data", 50L, "catalog", 500L,
        "summary", 10L);
    WeightedPath p = LongestPath.of(diamond(), w, 1);
    assertThat(p.nodes()).containsExactly("products", "catalog", "summary");
    assertThat(p.weight()).isEqualTo(515);

    WeightedPath other = LongestPath.of(diamond(), Map.of("sales", 1000L), 1);
    assertThat(other.nodes()).containsExactly("sales", "sales_data", "summary");
    assertThat(other.weight()).isEqualTo(1002);
  }

  @Test
  void unweightedCriticalPathIsTheDeepestChain() {
    WeightedPath p = LongestPath.of(diamond(), Map.of(), 1);
    assertThat(p.nodes()).hasSize(3).endsWith("summary");
    assertThat(p.weight()).isEqualTo(3);
    assertThat(LongestPath.of(Map.of(), Map.of(), 1).nodes()).isEmpty();
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(5L, 1L, 3L))).isEqualTo(3);
    assertThat(Stats.median(List.of(4L, 1L, 3L, 10L))).isEqualTo(3);
    assertThat(Stats.median(List.of(Long.MAX_VALUE, Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void suggestsCloseNamesOnly() {
    List<String> keys = List.of("materialized", "unique_key", "retries", "timeout");
    assertThat(Suggestions.closest("materialised", keys)).contains("materialized");
    assertThat(Suggestions.closest("retry", keys)).contains("retries");
    assertThat(Suggestions.closest("colour", keys)).isEmpty();
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
  }
}
