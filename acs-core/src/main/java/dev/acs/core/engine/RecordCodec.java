package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens records of the model into {@code path=value} pairs and back, by reflection over their components, so
 * every stored entity shares one format and a field added to a record needs no codec change. Paths are dotted:
 * {@code services.0.ports.1.hostPort}; a list or map stores its size at {@code path.#}, map entries as
 * {@code path.N.k} and {@code path.N.v}; {@code null} is an absent key. Supported leaves: strings, primitives and
 * their boxes, enums, {@link Instant} and {@link Duration}. A component missing on read (data written by an
 * older version) gets {@code null}, 0 or false, which the records' constructors turn into their defaults.
 */
final class RecordCodec {
    private static final String SIZE = "#";
    /** Suffix of the key that records the kind of a value declared as {@code Object} (YAML-like trees). */
    private static final String KIND = "@";
    private static final Type MAP_OF_OBJECTS = holder("map");
    private static final Type LIST_OF_OBJECTS = holder("list");

    @SuppressWarnings("unused")
    private record TypeHolder(Map<String, Object> map, List<Object> list) {
    }

    private static Type holder(String component) {
        for (RecordComponent c : TypeHolder.class.getRecordComponents()) {
            if (c.getName().equals(component)) {
                return c.getGenericType();
            }
        }
        throw new IllegalStateException(component);
    }

    private static String kindOf(Object value) {
        if (value instanceof Map<?, ?>) {
            return "map";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof Integer) {
            return "int";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Double || value instanceof Float) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof String) {
            return "str";
        }
        throw new AcsException(ErrorCode.INTERNAL, "no stored form for a " + value.getClass().getName()
                + " value; use strings, numbers, booleans, lists and maps");
    }

    private static Type typeArgument(Type declared, int index) {
        return declared instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    private RecordCodec() {
    }

    static Map<String, String> flatten(Record value) {
        Map<String, String> out = new LinkedHashMap<>();
        write(out, "", value, value.getClass());
        return out;
    }

    static <T extends Record> T unflatten(Class<T> type, Map<String, String> flat) {
        return type.cast(readRecord(type, flat, ""));
    }

    private static void write(Map<String, String> out, String path, Object value, Type declared) {
        if (value == null) {
            return;
        }
        if (raw(declared) == Object.class) {
            out.put(path + KIND, kindOf(value));
        }
        if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                write(out, join(path, c.getName()), get(c, r), c.getGenericType());
            }
        } else if (value instanceof List<?> list) {
            Type element = typeArgument(declared, 0);
            out.put(join(path, SIZE), Integer.toString(list.size()));
            for (int i = 0; i < list.size(); i++) {
                write(out, join(path, Integer.toString(i)), list.get(i), element);
            }
        } else if (value instanceof Map<?, ?> map) {
            Type keyType = typeArgument(declared, 0);
            Type valueType = typeArgument(declared, 1);
            out.put(join(path, SIZE), Integer.toString(map.size()));
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, join(path, i + ".k"), e.getKey(), keyType);
                write(out, join(path, i + ".v"), e.getValue(), valueType);
                i++;
            }
        } else if (value instanceof Enum<?> e) {
            out.put(path, e.name());
        } else {
            out.put(path, value.toString());
        }
    }

    private static Object read(Type type, Map<String, String> flat, String path) {
        Class<?> raw = raw(type);
        if (raw == Object.class) {
            String kind = flat.get(path + KIND);
            if (kind == null) {
                return null;
            }
            return switch (kind) {
                case "map" -> read(MAP_OF_OBJECTS, flat, path);
                case "list" -> read(LIST_OF_OBJECTS, flat, path);
                case "int" -> Integer.valueOf(flat.get(path));
                case "long" -> Long.valueOf(flat.get(path));
                case "double" -> Double.valueOf(flat.get(path));
                case "bool" -> Boolean.valueOf(flat.get(path));
                default -> flat.get(path);
            };
        }
        if (raw.isRecord()) {
            return hasAny(flat, path) ? readRecord(raw, flat, path) : null;
        }
        if (raw == List.class) {
            String size = flat.get(join(path, SIZE));
            List<Object> list = new ArrayList<>();
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; size != null && i < Integer.parseInt(size); i++) {
                list.add(read(element, flat, join(path, Integer.toString(i))));
            }
            return list;
        }
        if (raw == Map.class) {
            String size = flat.get(join(path, SIZE));
            Map<Object, Object> map = new LinkedHashMap<>();
            Type[] kv = ((ParameterizedType) type).getActualTypeArguments();
            for (int i = 0; size != null && i < Integer.parseInt(size); i++) {
                map.put(read(kv[0], flat, join(path, i + ".k")), read(kv[1], flat, join(path, i + ".v")));
            }
            return map;
        }
        String text = flat.get(path);
        if (text == null) {
            return raw.isPrimitive() ? primitiveDefault(raw) : null;
        }
        return leaf(raw, text);
    }

    private static Object readRecord(Class<?> type, Map<String, String> flat, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = read(components[i].getGenericType(), flat, join(path, components[i].getName()));
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AcsException(ErrorCode.STATE_CORRUPTED, "stored " + type.getSimpleName() + " at '" + path
                    + "' is invalid: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AcsException(ErrorCode.INTERNAL, "cannot rebuild " + type.getName(), e);
        }
    }

    private static Object leaf(Class<?> raw, String text) {
        if (raw == String.class) {
            return text;
        }
        if (raw == int.class || raw == Integer.class) {
            return Integer.valueOf(text);
        }
        if (raw == long.class || raw == Long.class) {
            return Long.valueOf(text);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Boolean.valueOf(text);
        }
        if (raw == double.class || raw == Double.class) {
            return Double.valueOf(text);
        }
        if (raw == Instant.class) {
            return Instant.parse(text);
        }
        if (raw == Duration.class) {
            return Duration.parse(text);
        }
        if (raw.isEnum()) {
            return enumValue(raw, text);
        }
        throw new AcsException(ErrorCode.INTERNAL, "no stored form for " + raw.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> raw, String text) {
        return Enum.valueOf((Class) raw, text);
    }

    private static Object primitiveDefault(Class<?> raw) {
        if (raw == boolean.class) {
            return false;
        }
        if (raw == long.class) {
            return 0L;
        }
        if (raw == double.class) {
            return 0d;
        }
        return 0;
    }

    private static boolean hasAny(Map<String, String> flat, String path) {
        String prefix = path + ".";
        for (String key : flat.keySet()) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new AcsException(ErrorCode.INTERNAL, "cannot read " + c, e);
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
