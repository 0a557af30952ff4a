package io.millrace.server.features;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.OnlineRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the bodies of {@code /get-online-features} (Feast's request) and {@code /predict/{name}} with Jackson's
 * streaming parser: no reflection, no intermediate tree. Every fault is a {@link RequestFault} naming the field,
 * entity column, row or JSON position; an over-long entity list is refused (413) as soon as it passes the limit.
 */
final class JsonRequests {
  static final String FEATURES = "features";
  static final String SERVICE = "feature_service";
  static final String ENTITIES = "entities";
  static final String FULL_NAMES = "full_feature_names";
  private static final String ONLINE_FIELDS = "features, feature_service, entities, full_feature_names";

  /** Jackson's "[Source: REDACTED (...); line: 1, column: 45]" in messages, reduced to the position. */
  private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

  private final JsonFactory json;
  private final ServingLimits limits;

  JsonRequests(ServingLimits limits) {
    this.limits = limits;
    this.json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build();
  }

  /** Feast's {@code get-online-features} body. */
  OnlineRequest online(RequestBody.Bytes body) {
    try (JsonParser p = open(body)) {
      List<FeatureRef> features = null;
      String service = null;
      Map<String, List<Object>> entities = null;
      Boolean full = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case FEATURES -> features = once(features, field, features(p));
          case SERVICE -> service = once(service, field, text(p, field));
          case ENTITIES -> entities = once(entities, field, entities(p));
          case FULL_NAMES -> full = once(full, field, bool(p, field));
          default -> throw RequestFault.bad("Cannot read request body: unknown field '%s' (fields: %s)", field,
              ONLINE_FIELDS);
        }
      }
      end(p);
      if (features != null && service != null) {
        throw RequestFault.bad("Cannot read request body: give either 'features' or 'feature_service', not both");
      }
      if (features == null && service == null) {
        throw RequestFault.bad("Cannot read request body: it needs 'features' (a list of \"view:feature\") or "
            + "'feature_service' (a service name)");
      }
      return new OnlineRequest(features == null ? List.of() : features, service, required(entities),
          full != null && full);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read request body: %s", e.getMessage());
    }
  }

  /** The body of {@code /predict/{name}}: {@code {"entities": {...}}}. */
  Map<String, List<Object>> predict(RequestBody.Bytes body) {
    try (JsonParser p = open(body)) {
      Map<String, List<Object>> entities = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals(ENTITIES)) {
          throw RequestFault.bad("Cannot read request body: unknown field '%s' (fields: entities)", field);
        }
        entities = once(entities, field, entities(p));
      }
      end(p);
      return required(entities);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read request body: %s", e.getMessage());
    }
  }

  private JsonParser open(RequestBody.Bytes body) throws IOException {
    if (body.length() == 0) {
      throw RequestFault.bad("Cannot read request body: it is empty; expected a JSON object");
    }
    JsonParser p = json.createParser(body.bytes(), 0, body.length());
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      p.close();
      throw RequestFault.bad("Cannot read request body: expected a JSON object, found %s", describe(first));
    }
    return p;
  }

  private static void end(JsonParser p) throws IOException {
    JsonToken after = p.nextToken();
    if (after != null) {
      JsonLocation at = p.currentTokenLocation();
      throw RequestFault.bad("Cannot read request body: extra content (%s) after the JSON object at line %d, column %d",
          describe(after), at.getLineNr(), at.getColumnNr());
    }
  }

  private List<FeatureRef> features(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY, FEATURES, "a list of \"view:feature\" strings");
    List<FeatureRef> refs = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw RequestFault.bad("Cannot read request body: 'features' item %d is %s; expected a \"view:feature\" "
            + "string", refs.size() + 1, describe(p.currentToken()));
      }
      try {
        refs.add(FeatureRef.parse(p.getText()));
      } catch (MillraceException e) {
        throw RequestFault.bad("Cannot read request body: 'features' item %d: %s", refs.size() + 1, e.getMessage());
      }
    }
    if (refs.isEmpty()) {
      throw RequestFault.bad("Cannot read request body: 'features' is empty; name at least one \"view:feature\"");
    }
    return refs;
  }

  private Map<String, List<Object>> entities(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, ENTITIES, "an object of entity key columns, e.g. {\"user_id\": [1, 2]}");
    Map<String, List<Object>> columns = new LinkedHashMap<>(4);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String column = p.currentName();
      if (columns.containsKey(column)) {
        throw RequestFault.bad("Cannot read request body: entity column '%s' is given twice", column);
      }
      p.nextToken();
      columns.put(column, column(p, column));
    }
    if (columns.isEmpty()) {
      throw RequestFault.bad("Cannot read request body: 'entities' is empty; give each entity key column with its "
          + "values, e.g. {\"user_id\": [1, 2]}");
    }
    int rows = -1;
    String first = null;
    for (Map.Entry<String, List<Object>> c : columns.entrySet()) {
      if (rows >= 0 && c.getValue().size() != rows) {
        throw RequestFault.bad("Cannot read request body: entity columns have unequal lengths: '%s' has %d values, "
            + "'%s' has %d", first, rows, c.getKey(), c.getValue().size());
      }
      rows = c.getValue().size();
      first = first == null ? c.getKey() : first;
    }
    return columns;
  }

  private List<Object> column(JsonParser p, String column) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw RequestFault.bad("Cannot read request body: entity column '%s' is %s; expected a list of values, "
          + "e.g. [1, 2]", column, describe(p.currentToken()));
    }
    List<Object> values = new ArrayList<>(4);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (values.size() == limits.maxEntityRows()) {
        throw RequestFault.tooLarge("Cannot read request body: entity column '%s' has more than %d rows, the "
            + "limit a request; split the batch", column, limits.maxEntityRows());
      }
      values.add(switch (t) {
        case VALUE_NUMBER_INT -> integer(p, column, values.size());
        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
        case VALUE_STRING -> p.getText();
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        default -> throw RequestFault.bad("Cannot read request body: entity '%s' row %d is %s; entity keys are "
            + "numbers, strings or booleans", column, values.size() + 1, describe(t));
      });
    }
    if (values.isEmpty()) {
      throw RequestFault.bad("Cannot read request body: entity column '%s' has no values", column);
    }
    return values;
  }

  private static Object integer(JsonParser p, String column, int row) throws IOException {
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw RequestFault.bad("Cannot read request body: entity '%s' row %d: %s is out of the 64-bit integer range",
          column, row + 1, p.getText());
    }
    return p.getLongValue();
  }

  private static String text(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING || p.getText().isBlank()) {
      throw RequestFault.bad("Cannot read request body: '%s' is %s; expected a name", field,
          p.currentToken() == JsonToken.VALUE_STRING ? "blank" : describe(p.currentToken()));
    }
    return p.getText();
  }

  private static Boolean bool(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
      throw RequestFault.bad("Cannot read request body: '%s' is %s; expected true or false", field, describe(t));
    }
    return t == JsonToken.VALUE_TRUE;
  }

  private static void expect(JsonParser p, JsonToken token, String field, String what) {
    if (p.currentToken() != token) {
      throw RequestFault.bad("Cannot read request body: '%s' is %s; expected %s", field, describe(p.currentToken()),
          what);
    }
  }

  private static <T> T once(T previous, String field, T value) {
    if (previous != null) {
      throw RequestFault.bad("Cannot read request body: field '%s' is given twice", field);
    }
    return value;
  }

  private static Map<String, List<Object>> required(Map<String, List<Object>> entities) {
    if (entities == null) {
      throw RequestFault.bad("Cannot read request body: it needs 'entities', e.g. {\"user_id\": [1, 2]}");
    }
    return entities;
  }

  private static RequestFault malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : String.format(" at line %d, column %d", at.getLineNr(), at.getColumnNr());
    String why = e.getOriginalMessage();
    int nl = why.indexOf('\n');
    why = SOURCE.matcher(nl < 0 ? why : why.substring(0, nl)).replaceAll("line $1, column $2");
    return RequestFault.bad("Cannot read request body: malformed JSON%s: %s", where, why);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
    };
  }
}
