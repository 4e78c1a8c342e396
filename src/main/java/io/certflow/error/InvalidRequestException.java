package io.certflow.error;

import java.util.List;

/** Input that cannot be accepted; answered with HTTP 400 (or 422) and changes nothing. */
public class InvalidRequestException extends RuntimeException {

    private final List<String> problems;

    public InvalidRequestException(String problem) {
        this(List.of(problem));
    }

    public InvalidRequestException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
