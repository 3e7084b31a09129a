package io.infer4j.runtime.internal.structured;

import static io.infer4j.runtime.internal.structured.GrammarBuilder.concat;
import static io.infer4j.runtime.internal.structured.GrammarBuilder.of;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.InvalidRequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JSON Schema into grammar rules whose documents are all valid against it (a subset of
 * them: see below). Supported: {@code type} (a name or an array of names), {@code properties},
 * {@code required}, {@code additionalProperties} ({@code false}, {@code true} or a schema), {@code
 * items}, {@code minItems}, {@code maxItems}, {@code enum}, {@code const}, {@code anyOf} and
 * {@code oneOf} (as alternatives), {@code $ref} to {@code #/$defs/...}, {@code #/definitions/...}
 * or any JSON pointer into the document, not recursive. Annotations ({@code description}, {@code
 * title}, {@code default}, {@code examples}, ...) are ignored. Any other keyword is refused with an
 * {@link InvalidRequestException} that names it and where it is.
 *
 * <p>What is generated: properties in the order the schema declares them, each optional one
 * present or not; an object with declared properties gets no others (whatever {@code
 * additionalProperties} allows), an object without any takes any keys (with values of the {@code
 * additionalProperties} schema, if one). {@code oneOf} is generated as {@code anyOf}, so a
 * document matching two of its alternatives could be produced (and would then fail the client's
 * validation). Not thread-safe: one compiler per grammar.
 */
final class SchemaCompiler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Keywords that say nothing about validity; ignored. */
  private static final Set<String> ANNOTATIONS = Set.of(
      "description", "title", "$schema", "$id", "$comment", "$anchor", "default", "examples",
      "deprecated", "readOnly", "writeOnly", "$defs", "definitions");

  private static final Set<String> OBJECT_KEYWORDS =
      Set.of("properties", "required", "additionalProperties");
  private static final Set<String> ARRAY_KEYWORDS = Set.of("items", "minItems", "maxItems");
  private static final Set<String> SUPPORTED = Set.of(
      "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
      "enum", "const", "anyOf", "oneOf", "$ref");
  private static final List<String> TYPES =
      List.of("object", "array", "string", "number", "integer", "boolean", "null");

  /** Bound on the items an array's grammar spells out one by one. */
  private static final int MAX_ITEMS_LIMIT = 10_000;

  private final JsonGrammar json;
  private final GrammarBuilder g;
  private final String field;
  private final JsonNode root;
  private final Map<String, Integer> compiledRefs = new HashMap<>();
  private final Deque<String> refsInProgress = new ArrayDeque<>();

  private SchemaCompiler(JsonGrammar json, String field, JsonNode root) {
    this.json = json;
    this.g = json.builder();
    this.field = field;
    this.root = root;
  }

  /**
   * The rule of the documents valid against {@code schema}.
   *
   * @param field the request field the schema came from, for errors ({@code
   *     responseFormat.schema}, {@code tools[NAME].parameters})
   * @throws InvalidRequestException naming {@code field} when the schema is not JSON, uses a
   *     keyword outside the subset, refers to itself, or accepts nothing
   */
  static int compile(JsonGrammar json, String schema, String field) {
    JsonNode node;
    try {
      node = MAPPER.readTree(schema);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(field, "is not JSON: " + e.getOriginalMessage());
    }
    if (node == null) {
      throw new InvalidRequestException(field, "is empty");
    }
    return compile(json, node, field);
  }

  /** As {@link #compile(JsonGrammar, String, String)}, for a parsed schema. */
  static int compile(JsonGrammar json, JsonNode schema, String field) {
    return new SchemaCompiler(json, field, schema).schema(schema, "$");
  }

  private int schema(JsonNode s, String path) {
    if (s.isBoolean()) {
      if (!s.booleanValue()) {
        throw refuse(path, "the schema false accepts no value");
      }
      return json.anyValue();
    }
    if (!s.isObject()) {
      throw refuse(path, "a schema is an object or a boolean, not " + kind(s));
    }
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!SUPPORTED.contains(k) && !ANNOTATIONS.contains(k)) {
        throw refuse(path, "the keyword '" + k + "' is not supported by constrained decoding"
            + " (supported: type, properties, required, additionalProperties, items, minItems,"
            + " maxItems, enum, const, anyOf, oneOf, $ref, $defs; annotations are ignored)");
      }
    }
    if (s.has("$ref")) {
      requireAlone(s, path, "$ref");
      return ref(s.get("$ref"), path);
    }
    for (String combinator : List.of("anyOf", "oneOf")) {
      if (s.has(combinator)) {
        requireAlone(s, path, combinator);
        return alternatives(s.get(combinator), path + "." + combinator);
      }
    }
    List<String> types = types(s, path);
    if (s.has("const") || s.has("enum")) {
      return literals(s, types, path);
    }
    int[][] alts = new int[types.size()][];
    for (int i = 0; i < types.size(); i++) {
      alts[i] = of(typed(s, types.get(i), path));
    }
    return alts.length == 1 ? alts[0][0] : g.rule(alts);
  }

  /** Refuses keywords beside {@code keyword} other than annotations. */
  private void requireAlone(JsonNode s, String path, String keyword) {
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals(keyword) && !ANNOTATIONS.contains(k)) {
        throw refuse(path, "'" + keyword + "' together with '" + k + "' is not supported by"
            + " constrained decoding; move '" + k + "' into each alternative");
      }
    }
  }

  /** The types the schema allows: its {@code type}, else the one its keywords imply, else all. */
  private List<String> types(JsonNode s, String path) {
    JsonNode type = s.get("type");
    if (type == null) {
      if (OBJECT_KEYWORDS.stream().anyMatch(s::has)) {
        return List.of("object");
      }
      if (ARRAY_KEYWORDS.stream().anyMatch(s::has)) {
        return List.of("array");
      }
      return TYPES;
    }
    List<JsonNode> names = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(names::add);
    } else {
      names.add(type);
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode n : names) {
      if (!n.isTextual() || !TYPES.contains(n.asText())) {
        throw refuse(path + ".type", "unknown type " + n + " (known: " + TYPES + ")");
      }
      out.add(n.asText());
    }
    if (out.isEmpty()) {
      throw refuse(path + ".type", "an empty list of types accepts no value");
    }
    return List.copyOf(out);
  }

  private int typed(JsonNode s, String type, String path) {
    return switch (type) {
      case "object" -> object(s, path);
      case "array" -> array(s, path);
      case "string" -> json.string();
      case "number" -> json.number();
      case "integer" -> json.integer();
      case "boolean" -> json.bool();
      case "null" -> json.nul();
      default -> throw new IllegalStateException(type);
    };
  }

  private int object(JsonNode s, String path) {
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    JsonNode props = s.get("properties");
    if (props != null) {
      if (!props.isObject()) {
        throw refuse(path + ".properties", "must be an object, not " + kind(props));
      }
      props.fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
    }
    Set<String> required = new LinkedHashSet<>();
    JsonNode req = s.get("required");
    if (req != null) {
      if (!req.isArray()) {
        throw refuse(path + ".required", "must be an array of names, not " + kind(req));
      }
      for (JsonNode n : req) {
        if (!n.isTextual()) {
          throw refuse(path + ".required", "holds " + n + ", not a property name");
        }
        required.add(n.asText());
        properties.putIfAbsent(n.asText(), null); // required but undeclared: any value
      }
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null && !additional.isBoolean() && !additional.isObject()) {
      throw refuse(path + ".additionalProperties", "must be a boolean or a schema, not "
          + kind(additional));
    }
    if (properties.isEmpty()) {
      if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
        return g.rule(of(g.terminal('{'), json.ws(), g.terminal('}')));
      }
      int value = additional == null || additional.isBoolean()
          ? json.anyValue()
          : schema(additional, path + ".additionalProperties");
      return json.map(value);
    }
    List<Integer> members = new ArrayList<>();
    List<Boolean> mandatory = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : properties.entrySet()) {
      String where = path + ".properties." + p.getKey();
      int value = p.getValue() == null ? json.anyValue() : schema(p.getValue(), where);
      members.add(json.member(MAPPER.getNodeFactory().textNode(p.getKey()).toString(), value));
      mandatory.add(required.contains(p.getKey()));
    }
    int body = members(members, mandatory);
    return g.rule(of(g.terminal('{'), json.ws(), body, json.ws(), g.terminal('}')));
  }

  /**
   * The members in order, optional ones present or not, separated by commas: rules {@code
   * R(i, first)} built from the last member back, so each is made once.
   */
  private int members(List<Integer> members, List<Boolean> mandatory) {
    int n = members.size();
    int[] comma = json.comma();
    int restFirst = g.rule(of()); // R(n, true)
    int restLater = restFirst; // R(n, false)
    for (int i = n - 1; i >= 0; i--) {
      int m = members.get(i);
      int[] takeFirst = of(m, restLater);
      int[] takeLater = concat(comma, of(m, restLater));
      int first = mandatory.get(i) ? g.rule(takeFirst) : g.rule(takeFirst, of(restFirst));
      int later = mandatory.get(i) ? g.rule(takeLater) : g.rule(takeLater, of(restLater));
      restFirst = first;
      restLater = later;
    }
    return restFirst;
  }

  private int array(JsonNode s, String path) {
    JsonNode items = s.get("items");
    int item;
    if (items == null) {
      item = json.anyValue();
    } else if (items.isArray()) {
      throw refuse(path + ".items", "an array of item schemas (tuple form) is not supported by"
          + " constrained decoding");
    } else {
      item = schema(items, path + ".items");
    }
    int min = count(s, "minItems", path, 0);
    int max = count(s, "maxItems", path, -1);
    if (max >= 0 && max < min) {
      throw refuse(path, "maxItems " + max + " is below minItems " + min + "; no array fits");
    }
    if (Math.max(min, max) > MAX_ITEMS_LIMIT) {
      throw refuse(path, "minItems/maxItems above " + MAX_ITEMS_LIMIT
          + " are not supported by constrained decoding");
    }
    return json.array(item, min, max);
  }

  private int count(JsonNode s, String keyword, String path, int absent) {
    JsonNode n = s.get(keyword);
    if (n == null) {
      return absent;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 0) {
      throw refuse(path + "." + keyword, "must be a non-negative integer, not " + n);
    }
    return n.intValue();
  }

  /** {@code const} or {@code enum}: the values' compact JSON, of the allowed types. */
  private int literals(JsonNode s, List<String> types, String path) {
    List<JsonNode> values = new ArrayList<>();
    String where = path + (s.has("const") ? ".const" : ".enum");
    if (s.has("const")) {
      values.add(s.get("const"));
    } else {
      JsonNode e = s.get("enum");
      if (!e.isArray() || e.isEmpty()) {
        throw refuse(where, "must be a non-empty array");
      }
      e.forEach(values::add);
    }
    List<int[]> alts = new ArrayList<>();
    for (JsonNode v : values) {
      if (types.stream().anyMatch(t -> isOfType(v, t))) {
        alts.add(g.literal(v.toString()));
      }
    }
    if (alts.isEmpty()) {
      throw refuse(where, "no value is of the schema's type " + types + "; nothing is valid");
    }
    return g.rule(alts.toArray(new int[0][]));
  }

  private static boolean isOfType(JsonNode v, String type) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "number" -> v.isNumber();
      case "integer" -> v.isIntegralNumber()
          || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> false;
    };
  }

  private int alternatives(JsonNode list, String path) {
    if (!list.isArray() || list.isEmpty()) {
      throw refuse(path, "must be a non-empty array of schemas");
    }
    int[][] alts = new int[list.size()][];
    for (int i = 0; i < list.size(); i++) {
      alts[i] = of(schema(list.get(i), path + "[" + i + "]"));
    }
    return g.rule(alts);
  }

  private int ref(JsonNode ref, String path) {
    if (!ref.isTextual() || !ref.asText().startsWith("#")) {
      throw refuse(path + ".$ref", "only references within the schema (#/$defs/NAME) are"
          + " supported by constrained decoding, not " + ref);
    }
    String pointer = ref.asText();
    Integer done = compiledRefs.get(pointer);
    if (done != null) {
      return done;
    }
    if (refsInProgress.contains(pointer)) {
      throw refuse(path + ".$ref", "'" + pointer + "' refers to itself (through "
          + String.join(" -> ", reversed(refsInProgress)) + "); recursive schemas are not"
          + " supported by constrained decoding");
    }
    JsonNode target = root.at(pointer.substring(1));
    if (target.isMissingNode()) {
      throw refuse(path + ".$ref", "'" + pointer + "' points to nothing in the schema");
    }
    refsInProgress.push(pointer);
    int rule = schema(target, pointer.equals("#") ? "$" : "$" + pointer.substring(1).replace('/', '.'));
    refsInProgress.pop();
    compiledRefs.put(pointer, rule);
    return rule;
  }

  private static List<String> reversed(Deque<String> stack) {
    List<String> out = new ArrayList<>(stack);
    java.util.Collections.reverse(out);
    return out;
  }

  private InvalidRequestException refuse(String path, String problem) {
    return new InvalidRequestException(field, "at " + path + ": " + problem);
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
