package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.predict.Algorithm;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.Predictors;
import io.millrace.api.predict.RuleSpec;
import io.millrace.api.predict.RulesSpec;
import io.millrace.api.predict.SplitSpec;
import io.millrace.api.predict.Task;
import io.millrace.api.predict.TrainingSetSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code predictors/*.yaml}, one predictor per file, into {@link Predictors}. Errors name
 * {@code predictors/<file>.yaml:line:column}: unknown keys, an unknown task or algorithm, a missing
 * label, and features or services the project's feature views do not declare.
 *
 * <pre>
 * name: buy
 * training_set: {entities: labels, features: [u:f1, u:f2], timestamp: event_timestamp}   # or service: NAME
 * label: label
 * task: classification                 # or regression
 * algorithm: xgboost                   # or logistic_regression, linear_regression
 * split: {by: event_timestamp, test_fraction: 0.2}
 * params: {max_depth: 6, rounds: 200}
 * rules:
 *   - {name: burst, when: "txn_1h >= 5", reason: "5+ transactions in 1 h", decision: block}
 * decisions: {block: "score >= 0.9", review: "score >= 0.5", approve: "true"}
 * top_reasons: 3
 * </pre>
 */
public final class PredictorReader {
  static final String DIR = "predictors";
  private static final String[] KEYS = {"name", "description", "training_set", "label", "task", "algorithm", "split",
      "params", "rules", "decisions", "top_reasons", "retrain"};

  private PredictorReader() {}

  /** Reads every {@code predictors/*.yaml} of the project folder {@code root}, checking features against {@code defs}. */
  public static Predictors read(Path root, FeatureDefinitions defs) {
    Path dir = root.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return Predictors.NONE;
    }
    List<Path> files = YamlFiles.in(dir);
    Map<String, PredictorSpec> out = new LinkedHashMap<>();
    for (Path file : files) {
      YNode top = document(root, file);
      if (top == null) {
        continue;
      }
      PredictorSpec p = predictor(top, file, defs);
      PredictorSpec old = out.put(p.name(), p);
      if (old != null) {
        throw top.error("predictor '%s' is already declared at %s", p.name(), old.location());
      }
    }
    return new Predictors(out);
  }

  private static YNode document(Path root, Path file) {
    String label = DIR + "/" + file.getFileName();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot load %s: %s", label, e.getMessage());
    }
    Node doc = YamlDoc.parse(text, label);
    return doc == null ? null : new YNode(doc, "", new YNode.Context(label, root));
  }

  private static PredictorSpec predictor(YNode top, Path file, FeatureDefinitions defs) {
    Map<String, YNode> f = top.fields(KEYS);
    String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String name = f.containsKey("name") ? f.get("name").text().trim() : stem;
    ProjectReader.checkName(name, f.getOrDefault("name", top), "predictor");
    TrainingSetSpec ts = trainingSet(required(top, f, "training_set"), defs);
    String label = required(top, f, "label").text().trim();
    Task task = required(top, f, "task").oneOf(Task.class);
    Algorithm algorithm = required(top, f, "algorithm").oneOf(Algorithm.class);
    SplitSpec split = f.containsKey("split") ? split(f.get("split")) : SplitSpec.DEFAULT;
    Map<String, String> params = new LinkedHashMap<>();
    if (f.containsKey("params")) {
      f.get("params").entries().forEach((k, v) -> params.put(k, v.text().trim()));
    }
    RulesSpec rules = rules(top, f);
    YNode r = f.get("retrain");
    // retrain: true (every run) | false | a period such as 1d (only when the latest version is that old)
    boolean period = r != null && !r.isNull() && r.text().trim().matches("\\d.*");
    boolean retrain = r != null && (period || r.bool());
    java.time.Duration every = period ? r.duration() : null;
    return top.at(() -> new PredictorSpec(name, top.location(), ts, label, task, algorithm, split, params, rules,
        retrain, every));
  }

  static TrainingSetSpec trainingSet(YNode node, FeatureDefinitions defs) {
    Map<String, YNode> f = node.fields("entities", "features", "service", "timestamp");
    String entities = required(node, f, "entities").text().trim();
    List<FeatureRef> refs = new ArrayList<>();
    if (f.containsKey("features")) {
      for (YNode item : f.get("features").isList() ? f.get("features").list() : List.of(f.get("features"))) {
        FeatureRef r = item.at(() -> FeatureRef.parse(item.text()));
        item.at(() -> defs.resolve(List.of(r)));
        refs.add(r);
      }
    }
    String service = f.containsKey("service") ? f.get("service").text().trim() : null;
    if (service != null) {
      f.get("service").at(() -> defs.service(service));
    }
    String ts = f.containsKey("timestamp") ? f.get("timestamp").text().trim() : null;
    return node.at(() -> new TrainingSetSpec(entities, refs, service, ts));
  }

  private static SplitSpec split(YNode node) {
    Map<String, YNode> f = node.fields("by", "test_fraction");
    String by = f.containsKey("by") ? f.get("by").text().trim() : null;
    double fraction = f.containsKey("test_fraction") ? f.get("test_fraction").number(0) : SplitSpec.DEFAULT.testFraction();
    return node.at(() -> new SplitSpec(by, fraction));
  }

  private static RulesSpec rules(YNode top, Map<String, YNode> f) {
    Map<String, String> decisions = new LinkedHashMap<>();
    if (f.containsKey("decisions")) {
      f.get("decisions").entries().forEach((k, v) -> decisions.put(k, v.text().trim()));
    }
    List<RuleSpec> rules = new ArrayList<>();
    if (f.containsKey("rules")) {
      for (YNode item : f.get("rules").list()) {
        Map<String, YNode> r = item.fields("name", "when", "reason", "decision");
        String name = required(item, r, "name").text().trim();
        String when = required(item, r, "when").text().trim();
        String reason = r.containsKey("reason") ? r.get("reason").text().trim() : null;
        String decision = r.containsKey("decision") ? r.get("decision").text().trim() : null;
        if (decision != null && !decisions.containsKey(decision)) {
          throw r.get("decision").error("%s: decision '%s' is not one of 'decisions' (%s)", item.path(), decision,
              decisions.isEmpty() ? "none declared" : String.join(", ", decisions.keySet()));
        }
        rules.add(item.at(() -> new RuleSpec(name, when, reason, decision, item.location())));
      }
    }
    int top3 = f.containsKey("top_reasons") ? f.get("top_reasons").integer(0) : RulesSpec.NONE.topReasons();
    return top.at(() -> new RulesSpec(rules, decisions, top3));
  }

  private static YNode required(YNode node, Map<String, YNode> f, String key) {
    YNode v = f.get(key);
    if (v == null) {
      throw node.error("%s needs '%s'", node.path().isEmpty() ? "a predictor" : node.path(), key);
    }
    return v;
  }
}
