package dev.acs.core.internal;

import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Record accessors as functions made once: a call is then as cheap as a lambda's (no argument array, access check or
 * boxing of the arguments, as {@link Method#invoke} has). Used by the stored-record codec and the masked
 * {@code toString} of model records.
 */
public final class Accessors {
    private Accessors() {
    }

    /**
     * A function that calls {@code accessor}, a no-argument method of {@code type} (primitive results boxed).
     *
     * @param lookup a lookup with private access to {@code type}
     * @throws IllegalAccessException   when {@code lookup} cannot reach the accessor
     * @throws LambdaConversionException when the function cannot be made
     */
    @SuppressWarnings("unchecked")
    public static Function<Object, Object> of(MethodHandles.Lookup lookup, Class<?> type, Method accessor)
            throws IllegalAccessException, LambdaConversionException {
        MethodHandle target = lookup.unreflect(accessor);
        try {
            return (Function<Object, Object>) LambdaMetafactory.metafactory(lookup, "apply",
                    MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class), target,
                    MethodType.methodType(target.type().wrap().returnType(), type)).getTarget().invoke();
        } catch (RuntimeException | Error | IllegalAccessException | LambdaConversionException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make the accessor of " + accessor, e);
        }
    }
}
