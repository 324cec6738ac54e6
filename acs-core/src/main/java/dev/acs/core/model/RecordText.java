package dev.acs.core.model;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.function.Function;

/**
 * The text of a record in the form Java gives records ({@code Name[a=1, b=2]}), with chosen components replaced,
 * so a record can mask its secrets in {@code toString()} without listing every one of its components by hand.
 */
final class RecordText {
    /** A record type's components and their accessors, looked up and made accessible once per type. */
    private record Shape(RecordComponent[] components, Method[] accessors) {
        private static final ClassValue<Shape> OF = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                RecordComponent[] components = type.getRecordComponents();
                Method[] accessors = new Method[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = components[i].getAccessor();
                    accessors[i].setAccessible(true);
                }
                return new Shape(components, accessors);
            }
        };
    }

    private RecordText() {
    }

    /**
     * The record's text with each component named in {@code replace} printed as the function makes it of the value.
     */
    static String of(Record record, Map<String, Function<Object, Object>> replace) {
        return of(record.getClass().getSimpleName(), record, replace);
    }

    /**
     * The text of a builder-built type that keeps its fields in the record {@code fields}, under the type's own
     * {@code name}, with each component named in {@code replace} printed as the function makes it of the value.
     */
    static String of(String name, Record record, Map<String, Function<Object, Object>> replace) {
        StringBuilder out = new StringBuilder(name).append('[');
        Shape shape = Shape.OF.get(record.getClass());
        RecordComponent[] components = shape.components();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object value = valueOf(record, c, shape.accessors()[i]);
            Function<Object, Object> f = replace.get(c.getName());
            out.append(i == 0 ? "" : ", ").append(c.getName()).append('=').append(f == null ? value : f.apply(value));
        }
        return out.append(']').toString();
    }

    /** How a template text prints: its length, never its content (it holds environment values verbatim). */
    static Object templateText(Object template) {
        return template == null ? null : "<" + ((String) template).length() + " characters>";
    }

    private static Object valueOf(Record record, RecordComponent c, Method accessor) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass(), e);
        }
    }
}
