package io.certflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An error nobody foresaw is answered with an id to quote, never with what it says. */
class UnexpectedErrorsTest {

    static final String SQL_MESSAGE = "PreparedStatementCallback; SQL [insert into certflow.dns_zone (primary_host) values (?)];"
            + " Value too long for column \"PRIMARY_HOST CHARACTER VARYING(253)\"";

    @RestController
    static class FailingController {
        @GetMapping(value = "/api/failing", produces = MediaType.APPLICATION_JSON_VALUE)
        String fail() {
            throw new DataIntegrityViolationException(SQL_MESSAGE);
        }

        @GetMapping(value = "/api/racing", produces = MediaType.APPLICATION_JSON_VALUE)
        String race() {
            throw new DuplicateKeyException("PreparedStatementCallback; SQL [insert into certflow.issuer ...]; duplicate key value"
                    + " violates unique constraint \"uq_issuer_name\"");
        }
    }

    @Test
    void twoRequestsCreatingTheSameNameAtOnceGiveTheSecondAConflictInWords() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController()).setControllerAdvice(new ProblemHandler()).build();

        MockHttpServletResponse response = mvc.perform(get("/api/racing")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("Another request created the same thing")
                .doesNotContain("SQL").doesNotContain("uq_issuer_name").doesNotContain("DuplicateKey");
    }

    @Test
    void aControllerThatFailsUnexpectedlyAnswersAProblemWithAnErrorIdAndNoneOfTheMessage() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController()).setControllerAdvice(new ProblemHandler()).build();

        MockHttpServletResponse response = mvc.perform(get("/api/failing")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"errorId\"").contains("Internal error")
                .doesNotContain("SQL").doesNotContain("insert").doesNotContain("PRIMARY_HOST").doesNotContain("DataIntegrity");
    }

    @Test
    void theErrorPageOfAnApiCallThatFailedOutsideAControllerIsAProblemWithAnErrorId() {
        ApiErrorController errorPage = new ApiErrorController(new DefaultErrorAttributes(), new ErrorProperties(), List.of());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/dns-zones");
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new DataIntegrityViolationException(SQL_MESSAGE));

        ResponseEntity<Map<String, Object>> answer = errorPage.error(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).containsKey("errorId").containsEntry("title", "Internal error");
        assertThat(answer.getBody().toString()).doesNotContain("SQL").doesNotContain("PRIMARY_HOST");
    }

    @Test
    void theErrorPageOfAnApiCallAnswersAProblemEvenToABrowser() throws Exception {
        ApiErrorController errorPage = new ApiErrorController(new DefaultErrorAttributes(), new ErrorProperties(), List.of());
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.addHeader("Accept", "text/html");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/certificates");
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(errorPage.errorHtml(request, response)).isNull();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"title\":\"Bad Request\"").contains("The request is malformed");
    }
}
