package io.certflow.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** What a value of a Java type looks like, said to someone who writes JSON or a URL, not Java. */
public final class TypeWords {

    /** How much of a value a problem repeats back: enough to recognise it, not a whole pasted document. */
    static final int MAX_ECHOED_VALUE = 60;

    private TypeWords() {
    }

    /** "page: 'abc' is not a valid whole number": a value that is not of its parameter's type, in words. */
    public static String mismatch(String name, Object value, Class<?> requiredType) {
        return name + ": '" + echo(value) + "' is not " + of(requiredType).replaceFirst("^an? ", "a valid ");
    }

    private static String echo(Object value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() <= MAX_ECHOED_VALUE ? text : text.substring(0, MAX_ECHOED_VALUE) + "...";
    }

    /** For example "a whole number" or "an identifier (a UUID like 123e4567-e89b-12d3-a456-426614174000)". */
    static String of(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "text (a JSON string)";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number (at most 2147483647)";
        }
        if (type == long.class || type == Long.class || type == short.class
                || type == Short.class || type == byte.class || type == Byte.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == UUID.class) {
            return "an identifier (a UUID like 123e4567-e89b-12d3-a456-426614174000)";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "a point in time in ISO 8601 with its offset (like 2030-01-31T12:00:00Z)";
        }
        if (type == LocalDate.class) {
            return "a date in ISO 8601 (like 2030-01-31)";
        }
        if (type == Duration.class) {
            return "a duration in ISO 8601 (like P30D)";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a time in ISO 8601";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list (a JSON array)";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of names and values (a JSON object)";
        }
        return "an object with named fields (a JSON object)";
    }
}
