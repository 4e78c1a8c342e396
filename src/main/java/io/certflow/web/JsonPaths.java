package io.certflow.web;

import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;

/** Where in a request body a value is, as a person writes it: {@code domains[2]}, {@code externalAccountBinding.keyId}. */
final class JsonPaths {

    private JsonPaths() {
    }

    static String of(List<Reference> path) {
        StringBuilder out = new StringBuilder();
        for (Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "the request body" : out.toString();
    }
}
