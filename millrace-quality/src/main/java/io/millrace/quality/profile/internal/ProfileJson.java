package io.millrace.quality.profile.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.MillraceException;
import io.millrace.quality.profile.ColumnProfile;
import io.millrace.quality.profile.Profile;
import io.millrace.quality.profile.ValueCount;
import java.util.List;

/** Writes a {@link Profile} as JSON in a fixed key order (the one documented on {@link Profile#toJson()}). */
public final class ProfileJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProfileJson() {}

  public static String write(Profile profile) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("rows", profile.rows());
    ArrayNode columns = root.putArray("columns");
    for (ColumnProfile c : profile.columns()) {
      ObjectNode o = columns.addObject();
      o.put("name", c.name());
      o.put("type", c.type());
      o.put("null_fraction", c.nullFraction());
      o.put("distinct_count", c.distinctCount());
      o.put("entropy", c.entropy());
      if (profile.target() != null) {
        o.put("information_gain", c.informationGain());
        o.put("information_gain_ratio", c.informationGainRatio());
      }
      o.set("min", MAPPER.valueToTree(c.min()));
      o.set("max", MAPPER.valueToTree(c.max()));
      o.put("mean", c.mean());
      values(o.putArray("top_values"), c.topValues());
      o.put("advice", c.advice());
      o.put("null_count", c.nullCount());
      if (c.valueSet() != null) {
        values(o.putArray("value_set"), c.valueSet());
      }
      if (!c.notes().isEmpty()) {
        c.notes().forEach(o.putArray("notes")::add);
      }
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw MillraceException.internal(e, "Cannot write profile of %s as JSON: %s", profile.relation(), e.getMessage());
    }
  }

  private static void values(ArrayNode array, List<ValueCount> values) {
    for (ValueCount v : values) {
      ObjectNode o = array.addObject();
      o.set("value", MAPPER.valueToTree(v.value()));
      o.put("count", v.count());
    }
  }
}
