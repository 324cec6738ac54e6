package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flattens records of the model into {@code path=value} pairs and back, by reflection over their components, so
 * every stored entity shares one format and a field added to a record needs no codec change. Paths are dotted:
 * {@code services.0.ports.1.hostPort}; a list or map stores its size at {@code path.#}, map entries as
 * {@code path.N.k} and {@code path.N.v}; {@code null} is an absent key. Supported leaves: strings, primitives and
 * their boxes, enums, {@link Instant} and {@link Duration}. A component missing on read (data written by an
 * older version) gets {@code null}, 0 or false, which the records' constructors turn into their defaults.
 *
 * <p>A builder-built model type (a final class that is not a record, so that a new field does not break callers)
 * keeps its fields in one private record and is stored as that record: the same paths as when it was a record.
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

    /**
     * A record type's components, accessors and canonical constructor, looked up once and made accessible (the
     * fields record of a builder-built type is private).
     */
    private static final class Shape {
        private static final ClassValue<Shape> OF = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                return new Shape(type);
            }
        };

        final RecordComponent[] components;
        final Method[] accessors;
        final Constructor<?> constructor;

        private Shape(Class<?> type) {
            components = type.getRecordComponents();
            accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new AcsException(ErrorCode.INTERNAL, "no canonical constructor in " + type.getName(), e);
            }
        }

        Object get(int component, Record r) {
            try {
                return accessors[component].invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new AcsException(ErrorCode.INTERNAL, "cannot read " + components[component], e);
            }
        }
    }

    /** How a builder-built type is stored: its one record field, and the constructor that takes it back. */
    private record Backing(Field field, Constructor<?> constructor) {
        private static final ClassValue<Optional<Backing>> OF = new ClassValue<>() {
            @Override
            protected Optional<Backing> computeValue(Class<?> type) {
                return find(type);
            }
        };

        static Optional<Backing> of(Class<?> type) {
            return type.isRecord() || type.isPrimitive() || type.isEnum() || type.getName().startsWith("java.")
                    ? Optional.empty() : OF.get(type);
        }

        private static Optional<Backing> find(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    fields.add(f);
                }
            }
            if (fields.size() != 1 || !fields.get(0).getType().isRecord()) {
                return Optional.empty();
            }
            try {
                Field field = fields.get(0);
                Constructor<?> constructor = type.getDeclaredConstructor(field.getType());
                field.setAccessible(true);
                constructor.setAccessible(true);
                return Optional.of(new Backing(field, constructor));
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            }
        }

        Class<?> recordType() {
            return field.getType();
        }

        Record fieldsOf(Object value) {
            try {
                return (Record) field.get(value);
            } catch (IllegalAccessException e) {
                throw new AcsException(ErrorCode.INTERNAL, "cannot read " + field, e);
            }
        }

        Object wrap(Object fields) {
            try {
                return constructor.newInstance(fields);
            } catch (ReflectiveOperationException e) {
                throw new AcsException(ErrorCode.INTERNAL, "cannot rebuild " + constructor.getDeclaringClass(), e);
            }
        }
    }

    private RecordCodec() {
    }

    static Map<String, String> flatten(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        write(out, "", value, value.getClass());
        return out;
    }

    static <T> T unflatten(Class<T> type, Map<String, String> flat) {
        Optional<Backing> backing = Backing.of(type);
        return type.cast(backing.isPresent() ? backing.get().wrap(readRecord(backing.get().recordType(), flat, ""))
                : readRecord(type, flat, ""));
    }

    private static void write(Map<String, String> out, String path, Object value, Type declared) {
        if (value == null) {
            return;
        }
        if (raw(declared) == Object.class) {
            out.put(path + KIND, kindOf(value));
        }
        Optional<Backing> backing = Backing.of(value.getClass());
        if (backing.isPresent()) {
            write(out, path, backing.get().fieldsOf(value), backing.get().recordType());
        } else if (value instanceof Record r) {
            Shape shape = Shape.OF.get(r.getClass());
            for (int i = 0; i < shape.components.length; i++) {
                RecordComponent c = shape.components[i];
                write(out, join(path, c.getName()), shape.get(i, r), c.getGenericType());
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
        Optional<Backing> backing = Backing.of(raw);
        if (backing.isPresent()) {
            return hasAny(flat, path) ? backing.get().wrap(readRecord(backing.get().recordType(), flat, path)) : null;
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
        Shape shape = Shape.OF.get(type);
        RecordComponent[] components = shape.components;
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = read(components[i].getGenericType(), flat, join(path, components[i].getName()));
        }
        try {
            return shape.constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AcsException(ErrorCode.STATE_CORRUPTED, "stored " + shownName(type) + " at '" + path
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

    /** The name a user knows: the builder-built type's own name for its private fields record. */
    private static String shownName(Class<?> type) {
        return type.isMemberClass() && Modifier.isPrivate(type.getModifiers())
                ? type.getEnclosingClass().getSimpleName() : type.getSimpleName();
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
