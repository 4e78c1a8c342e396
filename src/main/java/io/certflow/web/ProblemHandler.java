package io.certflow.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.security.RoleRequiredException;

/** Every error of the API is an application/problem+json that says what is wrong. */
@RestControllerAdvice(basePackages = "io.certflow.web")
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        problem.setProperty("errors", e.problems());
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    /** The caller sees the tenant's rows but lacks the role; a row of a tenant they do not see is a 404 instead. */
    @ExceptionHandler(RoleRequiredException.class)
    ProblemDetail roleRequired(RoleRequiredException e) {
        return problem(HttpStatus.FORBIDDEN, "Role required", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(Uploads.UploadTooLargeException.class)
    ProblemDetail tooLarge(Uploads.UploadTooLargeException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large", e.getMessage());
    }

    /** Data given to a CMS operation that is not what it claims to be (not CMS, not addressed to the certificate). */
    @ExceptionHandler(io.certflow.repository.cms.CmsException.class)
    ProblemDetail cms(io.certflow.repository.cms.CmsException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid CMS data", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                e.getName() + ": '" + e.getValue() + "' is not a valid " + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = e.getCause() instanceof UnrecognizedPropertyException unknown
                ? "Unknown field '" + unknown.getPropertyName() + "'"
                : e.getCause() instanceof MismatchedInputException mismatch && mismatch.getTargetType() == String.class
                        && !mismatch.getPath().isEmpty()
                ? JsonPaths.of(mismatch.getPath()) + ": a text (a JSON string) is expected, not " + tokenKind(mismatch)
                : "The request body is not valid JSON of the expected shape: " + firstLine(e.getMostSpecificCause().getMessage());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Malformed request body", detail);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<String> errors = e.getFieldErrors().stream().map(error -> error.getField() + ": " + error.getDefaultMessage()).toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", String.join("; ", errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The problem+json body every Certflow error answers with: status, a short title, and what is wrong. */
    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /** What the client sent instead of a string, in words (the value itself is not repeated: it may be a secret). */
    private static String tokenKind(MismatchedInputException mismatch) {
        JsonToken token = mismatch.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
        if (token == null) {
            return "another kind of value";
        }
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            default -> "another kind of value";
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
