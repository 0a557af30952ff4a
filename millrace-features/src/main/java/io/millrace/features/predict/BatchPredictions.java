package io.millrace.features.predict;

import io.millrace.api.MillraceException;
import io.millrace.api.SqlText;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.predict.Prediction;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.Warehouse;
import io.millrace.features.TrainingSetRequest;
import io.millrace.features.TrainingSets;
import io.millrace.features.predict.internal.Scorer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Batch scoring: the model version's features joined point-in-time to the entity rows (as for
 * training: no value from after a row's timestamp), then the model and the rules. The output holds
 * the input columns in input order, then {@code score}, {@code label} (classification),
 * {@code decision} and {@code reasons} (when the predictor has rules or decisions). Reasons are one
 * text: fired rules, then the top feature contributions ({@code rule:burst; feature:amount_ratio=+1.234}).
 */
public final class BatchPredictions {
  private static final String RN = "file_row_number";

  private BatchPredictions() {}

  /**
   * @param entitiesFile a .csv/.parquet/.jsonl file of entity rows, or null when {@code entitiesTable} is given
   * @param entitiesTable a table queryable in the session, or null
   * @param out {@code .csv} or {@code .parquet}
   * @param version a model version, or null for the latest
   */
  public static PredictResult run(ProjectSpec project, PredictorSpec spec, EngineSession session, Warehouse warehouse,
                                  ModelStore store, String version, Path entitiesFile, String entitiesTable, Path out) {
    ExportSpec.Format format = format(out);
    Path dir = store.dir(spec.name(), version);
    Scorer scorer = Scorer.load(spec, dir);
    var m = scorer.manifest();
    Path tmp = project.stateDir().resolve("tmp");
    String id = UUID.randomUUID().toString();
    Path joined = tmp.resolve("predict-" + id + ".parquet");
    Path scores = tmp.resolve("predict-" + id + "-scores.csv");
    try {
      Files.createDirectories(tmp);
      List<FeatureRef> refs = m.features().stream().map(f -> FeatureRef.parse(f.ref())).toList();
      String table = entitiesTable;   // TrainingSets reads a table's rows once into the session
      var built = TrainingSets.build(project, session, warehouse, new TrainingSetRequest(entitiesFile, table, refs,
          null, joined, m.timestampColumn(), false));
      List<String> inputs = built.columns().subList(0, built.columns().size() - refs.size());
      String src = "read_parquet('" + quote(joined) + "', file_row_number = true)";
      QueryResult q = session.query("SELECT " + RN + ", " + String.join(", ", scorer.columns().stream().map(SqlText::ident)
          .toList()) + " FROM " + src + " ORDER BY " + RN);
      List<Map<String, Object>> rows = new ArrayList<>();
      List<Map<String, Object>> none = new ArrayList<>();
      for (List<Object> r : q.rows()) {
        Map<String, Object> row = new HashMap<>();
        for (int j = 0; j < scorer.columns().size(); j++) {
          row.put(scorer.columns().get(j), r.get(j + 1));
        }
        rows.add(row);
        none.add(Map.of());
      }
      List<Prediction.Row> scored = scorer.score(rows, none);
      writeScores(scores, q, scored);
      boolean decisions = scorer.hasDecisions();
      boolean label = scored.stream().anyMatch(r -> r.label() != null);
      StringBuilder sql = new StringBuilder("SELECT ");
      inputs.forEach(c -> sql.append("t.").append(SqlText.ident(c)).append(", "));
      sql.append("s.score").append(label ? ", s.label" : "").append(decisions ? ", s.decision, s.reasons" : "")
          .append(" FROM ").append(src).append(" t JOIN read_csv('").append(quote(scores))
          .append("', header = true, columns = {'rn': 'BIGINT', 'score': 'DOUBLE', 'label': 'VARCHAR', "
              + "'decision': 'VARCHAR', 'reasons': 'VARCHAR'}) s ON t.").append(RN).append(" = s.rn ORDER BY t.").append(RN);
      long n = session.export(new ExportSpec("predictions", format, out.toAbsolutePath().toString(), null,
          ExportSpec.Mode.REPLACE), sql.toString());
      return new PredictResult(spec.name(), m.version(), out, n, decisions);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write predictions of '%s': %s", spec.name(), e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(joined);
        Files.deleteIfExists(scores);
      } catch (IOException ignored) {
        // temporary files under .millrace/tmp; a later run overwrites nothing of them
      }
    }
  }

  private static void writeScores(Path file, QueryResult q, List<Prediction.Row> scored) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("rn,score,label,decision,reasons\n");
      for (int i = 0; i < scored.size(); i++) {
        Prediction.Row r = scored.get(i);
        w.write(q.rows().get(i).get(0) + "," + r.score() + "," + csv(r.label()) + "," + csv(r.decision()) + ","
            + csv(reasons(r.reasons())) + "\n");
      }
    }
  }

  /** {@code rule:burst; feature:amount_ratio=+1.234} */
  static String reasons(List<Prediction.Reason> reasons) {
    List<String> parts = new ArrayList<>();
    for (Prediction.Reason r : reasons) {
      parts.add(r.contribution() == null ? r.kind() + ":" + r.name()
          : String.format(Locale.ROOT, "%s:%s=%+.3f", r.kind(), r.name(), r.contribution()));
    }
    return String.join("; ", parts);
  }

  private static String csv(String s) {
    return s == null ? "" : '"' + s.replace("\"", "\"\"") + '"';
  }

  private static String quote(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }

  private static ExportSpec.Format format(Path out) {
    String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) {
      return ExportSpec.Format.CSV;
    }
    if (n.endsWith(".parquet")) {
      return ExportSpec.Format.PARQUET;
    }
    throw MillraceException.user("Cannot write predictions to %s: the file name must end in .csv or .parquet", out);
  }
}
