package io.certflow.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The application/problem+json answers of the API: a status, a short title and a detail in words.
 * Whatever the request's Accept header says, an error is problem+json (RFC 9457): there is no other
 * representation of it, and a client is better served by a readable error than by a bare status.
 */
final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    static ResponseEntity<ProblemDetail> answer(HttpStatusCode status, String title, String detail) {
        return answer(problem(status, title, detail));
    }

    static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * An error nobody foresaw: logged here with an id, answered with that id and nothing else, since its
     * message may hold SQL, table and column names, class names or the data of the request.
     */
    static ProblemDetail internalError(Throwable cause, String method, String path) {
        String errorId = UUID.randomUUID().toString();
        log.error("Internal error {} answering {} {}", errorId, method, path, cause);
        return internalError(errorId);
    }

    static ProblemDetail internalError(String errorId) {
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "Certflow failed to answer this request; nothing about it is in this answer. Quote errorId " + errorId
                        + " to your administrator: the log holds the error under it.");
        problem.setProperty("errorId", errorId);
        return problem;
    }

    /** The title of a status, as HTTP names it ("Bad Request"), or "Error" for a code HTTP does not name. */
    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    /**
     * What a status means for an API call, for errors raised where the cause is not known in detail:
     * by the servlet container, before Certflow sees the request, or by a filter.
     */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: HTTP or Certflow does not allow its address, request line or headers as"
                    + " sent (for example an encoded slash, backslash or NUL in the address, a brace, or headers that are too"
                    + " large)";
            case 401 -> "Log in with HTTP Basic as a Certflow user (managed in Camunda Admin)";
            case 403 -> "You may not do this";
            case 404 -> "There is no such address; the API's calls are listed in the README";
            case 405 -> "This method is not allowed at this address";
            case 406 -> "The Accept header admits nothing this address answers with (application/json)";
            case 408 -> "The request did not arrive in time";
            case 411 -> "The request needs a Content-Length";
            case 413 -> "The request is too large; uploads are at most " + Uploads.MAX_BYTES_IN_WORDS;
            case 414 -> "The address is too long";
            case 415 -> "This content type is not accepted here; send application/json";
            case 431 -> "The request's headers are too large";
            case 503 -> "Certflow cannot answer at the moment; try again shortly";
            default -> status >= 500 ? "Certflow failed to answer this request" : "The request cannot be answered as sent";
        };
    }

    /** The problem as the JSON members RFC 9457 names, its extra properties beside them: for writers outside Spring MVC. */
    static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }

    static String json(ProblemDetail problem) {
        try {
            return JSON.writeValueAsString(members(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem of strings and numbers is always JSON", e);
        }
    }
}
