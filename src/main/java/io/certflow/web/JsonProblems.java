package io.certflow.web;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.converter.HttpMessageNotReadableException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says in words what is wrong with a JSON request body: which field, where (line and column), and
 * what was expected. Jackson's own messages are never passed on: they name Java classes and quote
 * the offending token, which may be a secret (a TSIG secret or an HMAC key typed without quotes).
 */
final class JsonProblems {

    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']{0,100})'");
    private static final int MAX_FIELD_NAME = 100;

    private JsonProblems() {
    }

    static String describe(HttpMessageNotReadableException e) {
        List<Throwable> chain = causes(e);
        if (chain.isEmpty()) {
            // Spring's own "Required request body is missing: <method signature>", also for a body of JSON null.
            return "a JSON object is required as the request body";
        }
        Throwable root = chain.get(chain.size() - 1);
        JsonMappingException mapping = chain.stream().filter(JsonMappingException.class::isInstance)
                .map(JsonMappingException.class::cast).findFirst().orElse(null);
        String field = mapping == null ? "" : path(mapping);
        String where = where(root, mapping);

        if (root instanceof StreamConstraintsException) {
            return "the body exceeds a limit of the JSON reader: at most 16 MiB, numbers of at most 1,000 digits, nesting at"
                    + " most 1,000 deep" + where;
        }
        if (root instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + abbreviate(field.isEmpty() ? unknown.getPropertyName() : field) + "'" + where
                    + "; the fields here are " + new TreeSet<>(unknown.getKnownPropertyIds().stream().map(String::valueOf).toList());
        }
        if (root instanceof JsonEOFException) {
            return "the JSON body ends before it is complete" + where;
        }
        if (root instanceof JsonParseException parse) {
            Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(parse.getOriginalMessage()));
            if (duplicate.lookingAt()) {
                return "the field '" + abbreviate(duplicate.group(1)) + "' appears twice" + where;
            }
            return "the body is not valid JSON" + where;
        }
        if (root instanceof MismatchedInputException mismatch) {
            if (String.valueOf(mismatch.getOriginalMessage()).startsWith("Trailing token")) {
                return "the JSON value is followed by more content" + where + "; send exactly one JSON object";
            }
            String expected = TypeWords.of(mismatch.getTargetType());
            return field.isEmpty() ? "the request body must be " + expected + where : field + ": must be " + expected + where;
        }
        return (field.isEmpty() ? "the request body" : field) + ": not a valid value" + where;
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = e.getCause(); cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    /** "domains[2]", "externalAccountBinding.keyId", "validationMethods.www.example.com". */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(abbreviate(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String where(Throwable root, JsonMappingException mapping) {
        JsonLocation location = root instanceof JacksonException jackson ? jackson.getLocation() : null;
        if (location == null && mapping != null) {
            location = mapping.getLocation();
        }
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Field names come from the caller: keep them short and printable. */
    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX_FIELD_NAME ? printable : printable.substring(0, MAX_FIELD_NAME) + "...";
    }
}
