package io.millrace.core.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.lineage.ColumnInput;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.ColumnRef;
import io.millrace.api.lineage.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ColumnLineage} to and from a compact JSON form (the plan cache, {@code plan --lineage
 * --format json}): {@code {"complete":true,"fields":{"col":["table.column:IDENTITY",...]},
 * "dataset":["table.column:JOIN"]}}.
 */
public final class ColumnLineageJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ColumnLineageJson() {}

  public static ObjectNode write(ColumnLineage l) {
    ObjectNode n = F.objectNode();
    n.put("complete", l.complete());
    ObjectNode fields = n.putObject("fields");
    l.fields().forEach((col, inputs) -> write(fields.putArray(col), inputs));
    write(n.putArray("dataset"), l.dataset());
    return n;
  }

  private static void write(ArrayNode a, List<ColumnInput> inputs) {
    inputs.forEach(i -> a.add(i.source() + ":" + i.transform().name()));
  }

  /** Reads what {@link #write} wrote; throws IllegalArgumentException on anything else. */
  public static ColumnLineage read(JsonNode n) {
    Map<String, List<ColumnInput>> fields = new LinkedHashMap<>();
    n.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), read((ArrayNode) f.getValue())));
    JsonNode dataset = n.path("dataset");
    return new ColumnLineage(fields, dataset.isArray() ? read((ArrayNode) dataset) : List.of(),
        n.path("complete").asBoolean(false));
  }

  private static List<ColumnInput> read(ArrayNode a) {
    List<ColumnInput> out = new ArrayList<>();
    for (JsonNode e : a) {
      String s = e.asText();
      int colon = s.lastIndexOf(':');
      out.add(new ColumnInput(ColumnRef.parse(s.substring(0, colon)), Transform.valueOf(s.substring(colon + 1))));
    }
    return out;
  }
}
