package io.millrace.core.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.Column;
import io.millrace.api.Secrets;
import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnInput;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.RunRecord;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds OpenLineage run events (spec 2-0-2) for a project's runs: one parent job
 * ({@code <project>}) per run, one child job ({@code <project>.<node>}) per node with the
 * {@code parent} run facet. Datasets are warehouse tables named as the project names them, in the
 * namespace {@code file://<warehouse>}; outputs carry the {@code schema} and {@code columnLineage}
 * facets, inputs the {@code schema} facet, and the parent run's COMPLETE/FAIL event lists every
 * checked table as an input with the {@code dataQualityAssertions} facet of this run's checks. Run
 * ids are UUIDs derived from Millrace's run id (and node name), so every event of a run and node
 * agrees on them. Every text that could carry a secret (error messages) goes through
 * {@link Secrets#mask}. Thread-safe (stateless once built).
 */
public final class OpenLineageEvents {
  public static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String PRODUCER = "https://github.com/millrace/millrace";
  private static final String FACETS = "https://openlineage.io/spec/facets/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Plan plan;
  /** The plan's nodes by name (events are made per node: no scan of the plan each time). */
  private final java.util.Map<String, PlanNode> nodes = new java.util.HashMap<>();
  private final ProjectSpec project;
  private final String namespace;
  private final String datasetNamespace;
  private final String version;

  public OpenLineageEvents(Plan plan, LineageConfig config) {
    this(plan.project(), plan, config);
  }

  /** Events of a project's stream job runs ({@link #streamEvent}), which have no plan. */
  public OpenLineageEvents(ProjectSpec p, LineageConfig config) {
    this(p, null, config);
  }

  private OpenLineageEvents(ProjectSpec p, Plan plan, LineageConfig config) {
    this.plan = plan;
    if (plan != null) {
      plan.nodes().forEach(n -> nodes.put(n.name(), n));
    }
    this.project = p;
    this.namespace = config.namespaceFor(p);
    this.datasetNamespace = "file://" + (p.warehouse() == null ? p.root() : p.warehouse()).toAbsolutePath().normalize();
    String v = OpenLineageEvents.class.getPackage().getImplementationVersion();
    this.version = v == null ? "dev" : v;
  }

  /** The OpenLineage run id of a Millrace run (or of one node in it, when {@code node} is not null). */
  public static UUID runUuid(String runId, String node) {
    String key = node == null ? runId : runId + "/" + node;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  public String jobName(String node) {
    return node == null ? project.name() : project.name() + "." + node;
  }

  /**
   * START, COMPLETE, FAIL or ABORT of a stream job's run (job {@code <project>.stream.<job>},
   * jobType STREAMING): its topic as input (namespace {@code kafka://<project>}), the tables it writes
   * as outputs with the schemas the job declares.
   */
  public ObjectNode streamEvent(String type, RunRecord run, io.millrace.api.stream.StreamJobSpec job, Instant time) {
    ObjectNode e = event(type, time, run.runId(), "stream." + job.name(), run);
    ((ObjectNode) e.path("job").path("facets").path("jobType")).put("processingType", "STREAMING").put("jobType", "STREAM");
    if (run.error() != null && !"START".equals(type)) {
      error(facets(e.with("run")), run.error());
    }
    e.putArray("inputs").addObject().put("namespace", "kafka://" + project.name()).put("name", job.topic());
    ArrayNode outputs = e.putArray("outputs");
    for (String table : job.tables()) {
      schema(dataset(outputs, table), job.declaredSchema(table).orElse(null));
    }
    return e;
  }

  /** START, COMPLETE, FAIL or ABORT of the whole run. */
  public ObjectNode runEvent(String type, RunRecord run, Instant time, List<CheckRecord> checks) {
    ObjectNode e = event(type, time, run.runId(), null, run);
    if (run.error() != null && !"START".equals(type)) {
      error(facets(e.with("run")), run.error());
    }
    if (checks != null && !checks.isEmpty()) {
      ArrayNode inputs = e.putArray("inputs");
      checks.stream().map(CheckRecord::table).distinct().forEach(table -> {
        ObjectNode d = dataset(inputs, table);
        ObjectNode facet = facet(d.putObject("inputFacets"), "dataQualityAssertions",
            "1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet");
        ArrayNode assertions = facet.putArray("assertions");
        checks.stream().filter(c -> c.table().equals(table)).forEach(c -> assertions(assertions, c));
      });
    }
    return e;
  }

  /** START, COMPLETE, FAIL or ABORT of one node of a run. */
  public ObjectNode nodeEvent(String type, RunRecord run, String node, Instant time, int attempt, long rowsOut,
                              String error) {
    ObjectNode e = event(type, time, run.runId(), node, run);
    ObjectNode runFacets = facets(e.with("run"));
    ObjectNode parent = facet(runFacets, "parent", "1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet");
    parent.putObject("run").put("runId", runUuid(run.runId(), null).toString());
    parent.putObject("job").put("namespace", namespace).put("name", jobName(null));
    ObjectNode custom = facet(runFacets, "millrace", null);
    custom.put("runId", run.runId()).put("node", node).put("attempt", attempt);
    if (error != null) {
      error(runFacets, error);
    }
    PlanNode n = nodes.get(node);
    if (n == null) {
      return e;
    }
    ArrayNode inputs = e.putArray("inputs");
    for (String up : n.upstream().stream().sorted().toList()) {
      ObjectNode d = dataset(inputs, up);
      schema(d, nodes.get(up) == null ? plan.node(up).schema() : nodes.get(up).schema());
    }
    if (n.kind() == NodeKind.EXPORT) {
      ExportSpec x = n.export();
      ObjectNode out = dataset(e.putArray("outputs"), x.format().name().toLowerCase(Locale.ROOT) + ":"
          + (x.targetTable() == null ? x.table() : x.targetTable()));
      out.put("namespace", "export://" + project.name());   // the target itself may hold a password
    } else if (n.kind() != NodeKind.STREAM && n.kind() != NodeKind.TRAIN) {
      ObjectNode out = dataset(e.putArray("outputs"), node);
      schema(out, n.schema());
      lineage(out, n.lineage());
      if ("COMPLETE".equals(type) && rowsOut > 0) {
        facet(out.putObject("outputFacets"), "outputStatistics",
            "1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet").put("rowCount", rowsOut);
      }
    }
    if (n.model() != null && "START".equals(type)) {
      facet(facets(e.with("job")), "sql", "1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet")
          .put("query", Secrets.mask(n.model().sql())).put("dialect", "duckdb");
    }
    return e;
  }

  private ObjectNode event(String type, Instant time, String runId, String node, RunRecord run) {
    ObjectNode e = JSON.createObjectNode();
    e.put("eventType", type);
    e.put("eventTime", time.toString());
    e.put("producer", PRODUCER);
    e.put("schemaURL", SCHEMA_URL);
    ObjectNode r = e.putObject("run");
    r.put("runId", runUuid(runId, node).toString());
    ObjectNode rf = facets(r);
    facet(rf, "processing_engine", "1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet")
        .put("version", version).put("name", "millrace").put("openlineageAdapterVersion", "2-0-2");
    if (run.intervalStart() != null) {
      ObjectNode nt = facet(rf, "nominalTime", "1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet");
      nt.put("nominalStartTime", zoned(run.intervalStart()));
      if (run.intervalEnd() != null) {
        nt.put("nominalEndTime", zoned(run.intervalEnd()));
      }
    }
    ObjectNode j = e.putObject("job");
    j.put("namespace", namespace).put("name", jobName(node));
    facet(facets(j), "jobType", "2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet")
        .put("processingType", "BATCH").put("integration", "MILLRACE").put("jobType", node == null ? "DAG" : "TASK");
    return e;
  }

  /** Interval bounds are ISO local or zoned; OpenLineage wants a date-time with an offset (UTC). */
  private static String zoned(String iso) {
    if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return iso;
    }
    return iso.contains("T") ? iso + "Z" : iso + "T00:00:00Z";
  }

  private ObjectNode dataset(ArrayNode list, String table) {
    ObjectNode d = list.addObject();
    d.put("namespace", datasetNamespace).put("name", table);
    return d;
  }

  private static void schema(ObjectNode dataset, TableSchema schema) {
    if (schema == null) {
      return;
    }
    ObjectNode f = facet(facets(dataset), "schema", "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
    ArrayNode fields = f.putArray("fields");
    int i = 0;
    for (Column c : schema.columns()) {
      fields.addObject().put("name", c.name()).put("type", c.sql()).put("ordinal_position", ++i);
    }
  }

  private void lineage(ObjectNode dataset, ColumnLineage l) {
    if (l.fields().isEmpty()) {
      return;
    }
    ObjectNode f = facet(facets(dataset), "columnLineage", "1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
    ObjectNode fields = f.putObject("fields");
    l.fields().forEach((col, inputs) -> inputFields(fields.putObject(col).putArray("inputFields"), inputs));
    if (!l.dataset().isEmpty()) {
      inputFields(f.putArray("dataset"), l.dataset());
    }
  }

  private void inputFields(ArrayNode out, List<ColumnInput> inputs) {
    for (ColumnInput in : inputs) {
      ObjectNode field = out.addObject();
      field.put("namespace", datasetNamespace).put("name", in.source().table()).put("field", in.source().column());
      field.putArray("transformations").addObject()
          .put("type", in.transform().type()).put("subtype", in.transform().subtype());
    }
  }

  /** One assertion per expectation result of a suite (Great Expectations' result shape). */
  private static void assertions(ArrayNode out, CheckRecord c) {
    JsonNode result;
    try {
      result = JSON.readTree(c.resultJson() == null ? "{}" : c.resultJson());
    } catch (java.io.IOException e) {
      result = JSON.createObjectNode();
    }
    boolean any = false;
    for (JsonNode r : result.path("results")) {
      JsonNode config = r.path("expectation_config");
      String type = config.path("expectation_type").asText(config.path("type").asText("expectation"));
      ObjectNode a = out.addObject().put("assertion", type).put("success", r.path("success").asBoolean(false))
          .put("name", c.suite());
      String column = config.path("kwargs").path("column").asText("");
      if (!column.isEmpty()) {
        a.put("column", column);
      }
      any = true;
    }
    if (!any) {
      out.addObject().put("assertion", "suite").put("success", c.success()).put("name", c.suite());
    }
  }

  private static void error(ObjectNode runFacets, String message) {
    facet(runFacets, "errorMessage", "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet")
        .put("message", Secrets.mask(message)).put("programmingLanguage", "JAVA");
  }

  private static ObjectNode facets(ObjectNode owner) {
    return owner.has("facets") ? (ObjectNode) owner.get("facets") : owner.putObject("facets");
  }

  /** A facet with {@code _producer} and {@code _schemaURL}; a null schema is Millrace's own facet. */
  private static ObjectNode facet(ObjectNode facets, String name, String schema) {
    ObjectNode f = facets.putObject(name);
    f.put("_producer", PRODUCER);
    f.put("_schemaURL", schema == null ? PRODUCER + "/blob/main/docs/lineage.md#millrace-run-facet" : FACETS + schema);
    return f;
  }
}
