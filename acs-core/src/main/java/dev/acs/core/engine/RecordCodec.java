package dev.acs.core.engine;

import dev.acs.core.internal.Accessors;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandles;
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
import java.util.function.Function;

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
     * fields record of a builder-built type is private). Each accessor is called through a {@link Function} made by
     * {@link LambdaMetafactory}, a class that calls the accessor directly: no argument array, access check or
     * megamorphic dispatch of {@link Method#invoke}, no cast through a method handle's adaptation.
     */
    private static final class Shape {
        private static final ClassValue<Shape> OF = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                return new Shape(type);
            }
        };

        final RecordComponent[] components;
        final String[] names;
        final List<String> nameList;
        final Type[] types;
        final Function<Object, Object>[] accessors;
        final Constructor<?> constructor;

        @SuppressWarnings("unchecked")
        private Shape(Class<?> type) {
            components = type.getRecordComponents();
            names = new String[components.length];
            this.types = new Type[components.length];
            accessors = new Function[components.length];
            Class<?>[] raws = new Class<?>[components.length];
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                for (int i = 0; i < components.length; i++) {
                    names[i] = components[i].getName();
                    this.types[i] = components[i].getGenericType();
                    accessors[i] = Accessors.of(lookup, type, components[i].getAccessor());
                    raws[i] = components[i].getType();
                }
                constructor = type.getDeclaredConstructor(raws);
                constructor.setAccessible(true);
            } catch (ReflectiveOperationException | LambdaConversionException e) {
                throw new AcsException(ErrorCode.INTERNAL, "cannot use the record " + type.getName(), e);
            }
            nameList = List.of(names);
        }

        Object get(int component, Record r) {
            return accessors[component].apply(r);
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

    /**
     * Where {@link #write(Sink, Object)} puts the pairs, in order. The sink keeps the path of the value being written
     * in the form it needs (text for {@link #flatten}, escaped bytes for the stored text), grown by {@link #down} and
     * cut back by {@link #up} as the walk goes down and up; the walk never makes a path string.
     */
    abstract static class Sink {
        /**
         * Goes down to the child {@code name}: appends it to the path, after a dot unless the path is empty.
         *
         * @return the mark {@link #up} goes back to
         */
        abstract int down(String name);

        /** Goes down to the element {@code index}, as {@link #down(String)}. */
        abstract int down(int index);

        /** Appends {@code suffix} to the path as it is (no dot); returns the mark {@link #up} goes back to. */
        abstract int suffix(String suffix);

        /** Cuts the path back to {@code mark}. */
        abstract void up(int mark);

        /** Takes the value at the current path. */
        abstract void value(String value);

        /** Takes a number at the current path (its decimal text). */
        void value(long value) {
            value(Long.toString(value));
        }

        /**
         * Writes the pairs of {@code value}, a builder-built component {@code name} of the top-level value, by running
         * {@code write}; a sink may instead repeat what it took for the same (immutable) value under the same name
         * before.
         */
        void component(Object value, String name, Runnable write) {
            write.run();
        }
    }

    /** A sink that keeps the path as text in one builder and takes each pair with it. */
    abstract static class TextSink extends Sink {
        private final StringBuilder path = new StringBuilder(64);

        /** Takes one pair: the current path and its value. */
        abstract void pair(CharSequence path, String value);

        @Override
        final int down(String name) {
            int mark = path.length();
            if (mark > 0) {
                path.append('.');
            }
            path.append(name);
            return mark;
        }

        @Override
        final int down(int index) {
            int mark = path.length();
            if (mark > 0) {
                path.append('.');
            }
            path.append(index);
            return mark;
        }

        @Override
        final int suffix(String suffix) {
            int mark = path.length();
            path.append(suffix);
            return mark;
        }

        @Override
        final void up(int mark) {
            path.setLength(mark);
        }

        @Override
        final void value(String value) {
            pair(path, value);
        }
    }

    static Map<String, String> flatten(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        write(new TextSink() {
            @Override
            void pair(CharSequence path, String v) {
                out.put(path.toString(), v);
            }
        }, value);
        return out;
    }

    static <T> T unflatten(Class<T> type, Map<String, String> flat) {
        Optional<Backing> backing = Backing.of(type);
        return type.cast(backing.isPresent() ? backing.get().wrap(readRecord(backing.get().recordType(), flat, ""))
                : readRecord(type, flat, ""));
    }

    /** Writes the pairs of {@code value} (a record or a builder-built model type) to {@code out}, in order. */
    static void write(Sink out, Object value) {
        write(out, value, value.getClass(), 0, null);
    }

    /**
     * The names of the top-level components {@code value} is stored under (its fields record's, for a builder-built
     * type).
     */
    static List<String> componentNames(Object value) {
        Class<?> type = value.getClass();
        Optional<Backing> backing = Backing.of(type);
        return Shape.OF.get(backing.isPresent() ? backing.get().recordType() : type).nameList;
    }

    /** How {@link #write(Sink, Object, Type, int, String)} treats a value of a class. */
    private enum Form {
        BACKED, RECORD, LIST, MAP, ENUM, LEAF
    }

    /**
     * The form of a class's values, with the backing of a builder-built type and the shape of the record its values
     * are written as; found once per class.
     */
    private record Treatment(Form form, Backing backing, Shape shape) {
        private static final ClassValue<Treatment> OF = new ClassValue<>() {
            @Override
            protected Treatment computeValue(Class<?> type) {
                Optional<Backing> backing = Backing.of(type);
                if (backing.isPresent()) {
                    return new Treatment(Form.BACKED, backing.get(), Shape.OF.get(backing.get().recordType()));
                }
                if (Record.class.isAssignableFrom(type)) {
                    return new Treatment(Form.RECORD, null, Shape.OF.get(type));
                }
                if (List.class.isAssignableFrom(type)) {
                    return new Treatment(Form.LIST, null, null);
                }
                if (Map.class.isAssignableFrom(type)) {
                    return new Treatment(Form.MAP, null, null);
                }
                return new Treatment(Enum.class.isAssignableFrom(type) ? Form.ENUM : Form.LEAF, null, null);
            }
        };
    }

    /**
     * Writes {@code value}, declared as {@code declared}, at the sink's path, {@code depth} segments deep; {@code name}
     * is the path's last segment when it is a record component's name.
     */
    private static void write(Sink out, Object value, Type declared, int depth, String name) {
        if (value == null) {
            return;
        }
        if (declared == Object.class || raw(declared) == Object.class) {
            int mark = out.suffix(KIND);
            out.value(kindOf(value));
            out.up(mark);
        }
        Treatment treatment = Treatment.OF.get(value.getClass());
        switch (treatment.form()) {
            case BACKED -> {
                Backing backing = treatment.backing();
                if (depth == 1) {
                    out.component(value, name, () -> writeRecord(out, backing.fieldsOf(value), treatment.shape(), 1));
                } else {
                    writeRecord(out, backing.fieldsOf(value), treatment.shape(), depth);
                }
            }
            case RECORD -> writeRecord(out, (Record) value, treatment.shape(), depth);
            case LIST -> {
                List<?> list = (List<?>) value;
                Type element = typeArgument(declared, 0);
                int mark = out.down(SIZE);
                out.value(list.size());
                out.up(mark);
                for (int i = 0; i < list.size(); i++) {
                    mark = out.down(i);
                    write(out, list.get(i), element, depth + 1, null);
                    out.up(mark);
                }
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) value;
                Type keyType = typeArgument(declared, 0);
                Type valueType = typeArgument(declared, 1);
                int mark = out.down(SIZE);
                out.value(map.size());
                out.up(mark);
                int i = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    mark = out.down(i);
                    int entry = out.down("k");
                    write(out, e.getKey(), keyType, depth + 2, null);
                    out.up(entry);
                    entry = out.down("v");
                    write(out, e.getValue(), valueType, depth + 2, null);
                    out.up(entry);
                    out.up(mark);
                    i++;
                }
            }
            case ENUM -> out.value(((Enum<?>) value).name());
            case LEAF -> {
                if (value instanceof Integer n) {
                    out.value(n.longValue());
                } else if (value instanceof Long n) {
                    out.value(n.longValue());
                } else if (value instanceof Instant t) {
                    out.value(InstantText.of(t));
                } else {
                    out.value(value.toString());
                }
            }
        }
    }

    /** Writes the components of {@code r}, whose shape is {@code shape}, {@code depth} segments deep. */
    private static void writeRecord(Sink out, Record r, Shape shape, int depth) {
        for (int i = 0; i < shape.components.length; i++) {
            Object component = shape.get(i, r);
            if (component != null) {
                int mark = out.down(shape.names[i]);
                write(out, component, shape.types[i], depth + 1, shape.names[i]);
                out.up(mark);
            }
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
