package dev.cmk.azure.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that a JSON document carries every field another one sets, with the same value: objects are compared
 * key by key (extra keys in the actual document are fine), arrays of scalars as sets, arrays of objects element
 * by element in order. Strings under a key named {@code type} are compared ignoring case, because the Key Vault
 * SDK sends rotation action types in lower case where Azure's examples capitalise them.
 */
final class JsonSubset {
    private JsonSubset() {
    }

    static List<String> differences(Object expected, Object actual) {
        List<String> out = new ArrayList<>();
        compare("$", null, expected, actual, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void compare(String path, String key, Object expected, Object actual, List<String> out) {
        if (expected instanceof Map<?, ?> e) {
            if (!(actual instanceof Map<?, ?> a)) {
                out.add(path + ": expected an object, got " + actual);
                return;
            }
            ((Map<String, Object>) e).forEach((k, v) -> {
                if (!a.containsKey(k)) {
                    out.add(path + "." + k + ": missing (expected " + v + ")");
                } else {
                    compare(path + "." + k, k, v, a.get(k), out);
                }
            });
        } else if (expected instanceof List<?> e) {
            if (!(actual instanceof List<?> a)) {
                out.add(path + ": expected an array, got " + actual);
                return;
            }
            if (e.stream().anyMatch(x -> x instanceof Map<?, ?>)) {
                if (e.size() != a.size()) {
                    out.add(path + ": expected " + e.size() + " elements, got " + a.size() + ": " + a);
                    return;
                }
                for (int i = 0; i < e.size(); i++) {
                    compare(path + "[" + i + "]", key, e.get(i), a.get(i), out);
                }
            } else if (!new java.util.HashSet<>(e).equals(new java.util.HashSet<>(a))) {
                out.add(path + ": expected " + e + ", got " + a);
            }
        } else if (expected instanceof String s && "type".equals(key) && actual instanceof String t) {
            if (!s.equalsIgnoreCase(t)) {
                out.add(path + ": expected " + s + ", got " + t);
            }
        } else if (expected instanceof Number n && actual instanceof Number m) {
            if (n.doubleValue() != m.doubleValue()) {
                out.add(path + ": expected " + n + ", got " + m);
            }
        } else if (!Objects.equals(expected, actual)) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }
}
