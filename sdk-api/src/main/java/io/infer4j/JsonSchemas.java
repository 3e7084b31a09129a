package io.infer4j;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schema of a Java type, for {@link ResponseFormat#of(Class)} and {@link
 * ToolDefinition#of(String, String, Class)}: a record is an object whose properties are its
 * components, all required and no others ({@code additionalProperties: false}), as OpenAI's strict
 * structured outputs require; {@link Optional} components may be {@code null}.
 *
 * <p>Mapping: {@code String}, {@code char} and enums (with their constants) are strings; {@code
 * int}, {@code long}, {@code short}, {@code byte}, {@link BigInteger} integers; {@code double},
 * {@code float}, {@link BigDecimal} numbers; {@code boolean} booleans; arrays, {@link Collection}s
 * arrays of their element type; {@code Map<String, V>} objects with values of {@code V}; nested
 * records objects. Anything else, a raw collection, or a record that contains itself fails with
 * {@link IllegalArgumentException} naming the component. Thread-safe (stateless).
 */
public final class JsonSchemas {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonSchemas() {}

  /**
   * {@return the schema of {@code type} as compact JSON text}
   *
   * @param type a record, or any type the mapping above covers
   * @throws IllegalArgumentException naming the component whose type has no JSON Schema
   */
  public static String of(Class<?> type) {
    return schema(type, type.getSimpleName(), new ArrayDeque<>()).toString();
  }

  private static ObjectNode schema(Type type, String where, Deque<Class<?>> enclosing) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == Optional.class) {
        ObjectNode inner = schema(args[0], where, enclosing);
        ObjectNode any = F.objectNode();
        ArrayNode options = any.putArray("anyOf");
        options.add(inner);
        options.add(F.objectNode().put("type", "null"));
        return any;
      }
      if (Collection.class.isAssignableFrom(raw)) {
        return array(schema(args[0], where + "[]", enclosing));
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (args[0] != String.class) {
          throw new IllegalArgumentException(where + ": a map needs String keys for JSON: " + type);
        }
        ObjectNode o = F.objectNode().put("type", "object");
        o.set("additionalProperties", schema(args[1], where + "{}", enclosing));
        return o;
      }
      throw new IllegalArgumentException(where + ": no JSON Schema for " + type);
    }
    if (type instanceof GenericArrayType g) {
      return array(schema(g.getGenericComponentType(), where + "[]", enclosing));
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException(where + ": no JSON Schema for the type variable or wildcard " + type);
    }
    if (c == String.class || c == char.class || c == Character.class) {
      return F.objectNode().put("type", "string");
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class
        || c == short.class || c == Short.class || c == byte.class || c == Byte.class
        || c == BigInteger.class) {
      return F.objectNode().put("type", "integer");
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class
        || c == BigDecimal.class) {
      return F.objectNode().put("type", "number");
    }
    if (c == boolean.class || c == Boolean.class) {
      return F.objectNode().put("type", "boolean");
    }
    if (c.isEnum()) {
      ObjectNode o = F.objectNode().put("type", "string");
      ArrayNode values = o.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
      return o;
    }
    if (c.isArray()) {
      return array(schema(c.getComponentType(), where + "[]", enclosing));
    }
    if (c.isRecord()) {
      if (enclosing.contains(c)) {
        throw new IllegalArgumentException(where + ": " + c.getSimpleName()
            + " contains itself; a recursive type has no finite schema here");
      }
      enclosing.push(c);
      ObjectNode o = F.objectNode().put("type", "object");
      ObjectNode properties = o.putObject("properties");
      ArrayNode required = o.putArray("required");
      for (RecordComponent rc : c.getRecordComponents()) {
        properties.set(rc.getName(), schema(rc.getGenericType(), where + "." + rc.getName(), enclosing));
        required.add(rc.getName());
      }
      o.put("additionalProperties", false);
      enclosing.pop();
      return o;
    }
    if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(where + ": a raw " + c.getSimpleName()
          + " has no element type; declare it with one (List<String>)");
    }
    throw new IllegalArgumentException(where + ": no JSON Schema for " + c.getName()
        + " (use a record, an enum, a String, a number, a boolean, an array, a collection or a map)");
  }

  private static ObjectNode array(ObjectNode items) {
    ObjectNode o = F.objectNode().put("type", "array");
    o.set("items", items);
    return o;
  }
}
