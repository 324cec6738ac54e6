package dev.acs.core.model;

import dev.acs.core.internal.Accessors;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The text of a record in the form Java gives records ({@code Name[a=1, b=2]}), with chosen components replaced,
 * so a record can mask its secrets in {@code toString()} without listing every one of its components by hand.
 *
 * <p>The text is the one Java's own {@code toString()} of records and collections makes, built in one pass: the
 * components are read through accessors made once per record type (no reflective call per component), and a
 * component that is itself a record with the {@code toString()} Java generates (on Java 17 a {@code String.format}
 * per call) is written the same way, in place.
 */
final class RecordText {
    /**
     * A record type's simple name, component names, accessors made once per type, and whether its {@code toString}
     * is Java's.
     */
    private record Shape(String name, String[] names, Function<Object, Object>[] accessors, Map<String, Integer> index,
                         boolean generatedText, Slot[] slots) {
        private static final ClassValue<Shape> OF = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                RecordComponent[] components = type.getRecordComponents();
                String[] names = new String[components.length];
                @SuppressWarnings("unchecked")
                Function<Object, Object>[] accessors = new Function[components.length];
                Map<String, Integer> index = new HashMap<>();
                for (int i = 0; i < components.length; i++) {
                    names[i] = components[i].getName();
                    accessors[i] = accessor(type, components[i]);
                    index.put(names[i], i);
                }
                return new Shape(type.getSimpleName(), names, accessors, index, RecordText.generatedText(type),
                        new Slot[components.length]);
            }
        };
    }

    private RecordText() {
    }

    /**
     * The record's text with each component named in {@code replace} printed as the function makes it of the value.
     */
    static String of(Record record, Map<String, Function<Object, Object>> replace) {
        return of(Shape.OF.get(record.getClass()).name(), record, replace);
    }

    /**
     * The text of a builder-built type that keeps its fields in the record {@code fields}, under the type's own
     * {@code name}, with each component named in {@code replace} printed as the function makes it of the value.
     */
    static String of(String name, Record record, Map<String, Function<Object, Object>> replace) {
        StringBuilder out = new StringBuilder(256);
        append(out, name, record, replace);
        return out.toString();
    }

    /** How a template text prints: its length, never its content (it holds environment values verbatim). */
    static Object templateText(Object template) {
        return template == null ? null : "<" + ((String) template).length() + " characters>";
    }

    private static void append(StringBuilder out, String name, Record record,
                               Map<String, Function<Object, Object>> replace) {
        Shape shape = Shape.OF.get(record.getClass());
        Function<Object, Object>[] accessors = shape.accessors();
        Function<Object, Object>[] replaced = null;
        if (!replace.isEmpty()) {
            @SuppressWarnings("unchecked")
            Function<Object, Object>[] byIndex = new Function[accessors.length];
            replace.forEach((component, f) -> {
                Integer i = shape.index().get(component);
                if (i != null) {
                    byIndex[i] = f;
                }
            });
            replaced = byIndex;
        }
        out.append(name).append('[');
        for (int i = 0; i < accessors.length; i++) {
            Object value = accessors[i].apply(record);
            if (replaced != null && replaced[i] != null) {
                value = replaced[i].apply(value);
            }
            if (i > 0) {
                out.append(", ");
            }
            appendValue(out.append(shape.names()[i]).append('='), value, shape.slots(), i);
        }
        out.append(']');
    }

    /** Appends {@code String.valueOf(value)}, writing empty collections and records with Java's text in place. */
    private static void appendValue(StringBuilder out, Object value, Slot[] slots, int i) {
        if (value == null || value instanceof String) {
            out.append((String) value); // the most common values ("null" included), no look-up
            return;
        }
        Class<?> type = value.getClass();
        Slot slot = slots[i];
        if (slot == null || slot.type() != type) {
            slot = new Slot(type, Kind.of(type));
            slots[i] = slot; // a race only makes the slot again
        }
        Kind kind = slot.kind();
        if (kind == Kind.COLLECTION && ((Collection<?>) value).isEmpty()) {
            out.append("[]");
        } else if (kind == Kind.MAP && ((Map<?, ?>) value).isEmpty()) {
            out.append("{}");
        } else if (kind == Kind.RECORD) {
            Record r = (Record) value;
            append(out, Shape.OF.get(r.getClass()).name(), r, Map.of());
        } else if (kind == Kind.INTEGER) {
            out.append(((Integer) value).intValue());
        } else if (kind == Kind.LONG) {
            out.append(((Long) value).longValue());
        } else if (kind == Kind.BOOLEAN) {
            out.append(((Boolean) value).booleanValue());
        } else {
            out.append(value);
        }
    }

    /**
     * The type of the value a component had last and how it is written: a component's values are nearly always of one
     * type, so its kind is found with one comparison (a type test against an interface, or a look-up shared with
     * every other class-keyed cache, per value costs more than writing most values).
     */
    private record Slot(Class<?> type, Kind kind) {
    }

    /** How a value's type is written. */
    private enum Kind {
        /** A collection: {@code []} when empty. */
        COLLECTION,
        /** A map: <code>{}</code> when empty. */
        MAP,
        /** A record whose {@code toString()} is the one Java generates: written in place. */
        RECORD,
        /** An {@code int}: its digits, written in place. */
        INTEGER,
        /** A {@code long}: its digits, written in place. */
        LONG,
        /** A {@code boolean}: written in place. */
        BOOLEAN,
        /** Anything else: its {@code toString()}. */
        OTHER;

        static Kind of(Class<?> type) {
            if (Collection.class.isAssignableFrom(type)) {
                return COLLECTION;
            }
            if (Map.class.isAssignableFrom(type)) {
                return MAP;
            }
            if (type == Integer.class) {
                return INTEGER;
            }
            if (type == Long.class) {
                return LONG;
            }
            if (type == Boolean.class) {
                return BOOLEAN;
            }
            return type.isRecord() && Shape.OF.get(type).generatedText() ? RECORD : OTHER;
        }
    }

    /**
     * Whether the record's {@code toString()} is the one Java generates: the compiler makes it {@code final}, a record
     * that writes its own (as every record of this package that masks a component does) does not.
     */
    private static boolean generatedText(Class<?> type) {
        try {
            return Modifier.isFinal(type.getDeclaredMethod("toString").getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * The component's accessor as a function made once (a call is then as cheap as a lambda's); by reflection when
     * the type cannot be looked up privately from here.
     */
    private static Function<Object, Object> accessor(Class<?> type, RecordComponent c) {
        Method method = c.getAccessor();
        try {
            return Accessors.of(MethodHandles.privateLookupIn(type, MethodHandles.lookup()), type, method);
        } catch (Error e) {
            throw e;
        } catch (Throwable notFromHere) {
            method.setAccessible(true);
            return record -> {
                try {
                    return method.invoke(record);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + type, e);
                }
            };
        }
    }
}
