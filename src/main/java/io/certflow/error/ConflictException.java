package io.certflow.error;

/** The request is well-formed but clashes with the current state (duplicate name, wrong state). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
