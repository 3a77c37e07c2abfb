package dev.cmk.azure.testkit;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Untyped JSON through azure-json: objects are {@code Map<String, Object>}, arrays {@code List<Object>}. */
final class Json {
    private Json() {
    }

    /** Parses a JSON object; an empty body is an empty object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<>();
        }
        try (JsonReader r = JsonProviders.createReader(text)) {
            Object o = r.readUntyped();
            if (!(o instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("expected a JSON object, got: " + text);
            }
            return (Map<String, Object>) o;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = JsonProviders.createWriter(out)) {
            w.writeUntyped(value);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The object at a path of keys, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Map<String, Object> m, String... path) {
        Object o = m;
        for (String p : path) {
            if (!(o instanceof Map<?, ?> map)) {
                return null;
            }
            o = getIgnoreCase((Map<String, Object>) map, p);
        }
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : null;
    }

    /** A string field (case-insensitive key, as ARM treats property names), or null. */
    static String str(Map<String, Object> m, String key) {
        Object o = m == null ? null : getIgnoreCase(m, key);
        return o == null ? null : o.toString();
    }

    /** Whether the key is present (case-insensitive), even with a null value. */
    static boolean has(Map<String, Object> m, String key) {
        if (m == null) {
            return false;
        }
        for (String k : m.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key) {
        Object o = m == null ? null : getIgnoreCase(m, key);
        return o instanceof List<?> ? (List<Object>) o : null;
    }

    static Object getIgnoreCase(Map<String, Object> m, String key) {
        if (m.containsKey(key)) {
            return m.get(key);
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A small builder for ordered objects. */
    static Map<String, Object> object(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }
}
