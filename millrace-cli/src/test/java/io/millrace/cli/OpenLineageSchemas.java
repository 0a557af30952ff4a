package io.millrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenLineage JSON schemas (spec 2-0-2 and its facets, Apache 2.0, copied unchanged into
 * src/test/resources/openlineage) loaded by their {@code $id}s, so nothing is fetched: validates an
 * event against the RunEvent schema and each facet it carries against the facet's own file.
 */
final class OpenLineageSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FACETS = {"ColumnLineageDatasetFacet", "DataQualityAssertionsDatasetFacet",
      "DataQualityMetricsInputDatasetFacet", "DatasetVersionDatasetFacet", "DocumentationJobFacet",
      "ErrorMessageRunFacet", "JobTypeJobFacet", "NominalTimeRunFacet", "OutputStatisticsOutputDatasetFacet",
      "ParentRunFacet", "ProcessingEngineRunFacet", "SQLJobFacet", "SchemaDatasetFacet", "SourceCodeLocationJobFacet"};
  private final SchemaRegistry registry;
  private final Schema event;
  /** facet key in an event (e.g. {@code columnLineage}) → schema of the facet file. */
  private final Map<String, Schema> facets = new HashMap<>();

  OpenLineageSchemas() throws IOException {
    Map<String, String> byId = new HashMap<>();
    Map<String, String> keyToId = new HashMap<>();
    String main = read("OpenLineage.json");
    byId.put(JSON.readTree(main).get("$id").asText(), main);
    for (String f : FACETS) {
      String text = read("facets/" + f + ".json");
      JsonNode tree = JSON.readTree(text);
      byId.put(tree.get("$id").asText(), text);
      tree.get("properties").fieldNames().forEachRemaining(k -> keyToId.put(k, tree.get("$id").asText()));
    }
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemas(byId).schemaRegistryConfig(config));
    event = registry.getSchema(com.networknt.schema.SchemaLocation.of(JSON.readTree(main).get("$id").asText()));
    for (Map.Entry<String, String> e : keyToId.entrySet()) {
      facets.put(e.getKey(), registry.getSchema(com.networknt.schema.SchemaLocation.of(e.getValue())));
    }
  }

  private static String read(String name) throws IOException {
    try (InputStream in = OpenLineageSchemas.class.getResourceAsStream("/openlineage/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every violation of the event and of each known facet in it; empty when it is valid. */
  List<String> errors(String eventJson) throws IOException {
    List<String> out = new ArrayList<>();
    event.validate(eventJson, InputFormat.JSON).forEach(e -> out.add("event: " + e));
    JsonNode root = JSON.readTree(eventJson);
    List<JsonNode> facetMaps = new ArrayList<>();
    facetMaps.add(root.path("run").path("facets"));
    facetMaps.add(root.path("job").path("facets"));
    for (String side : new String[] {"inputs", "outputs"}) {
      for (JsonNode d : root.path(side)) {
        facetMaps.add(d.path("facets"));
        facetMaps.add(d.path("inputFacets"));
        facetMaps.add(d.path("outputFacets"));
      }
    }
    for (JsonNode map : facetMaps) {
      map.fieldNames().forEachRemaining(key -> {
        Schema s = facets.get(key);
        if (s != null) {
          String wrapped = JSON.createObjectNode().set(key, map.get(key)).toString();
          s.validate(wrapped, InputFormat.JSON).forEach(e -> out.add(key + ": " + e));
        }
      });
    }
    return out;
  }

  /** The facet keys with a schema here (the test checks that the events use the ones it expects). */
  boolean knows(String facetKey) {
    return facets.containsKey(facetKey);
  }
}
