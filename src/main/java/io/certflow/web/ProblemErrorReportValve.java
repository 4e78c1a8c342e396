package io.certflow.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error answers as application/problem+json instead of an HTML page or an empty body:
 * those it gives before any servlet runs (an address with an encoded slash or backslash, a NUL or a
 * brace; headers over the size limit; TRACE) and any error no one else wrote a body for. It reports
 * what the status means, never Tomcat's message (which may quote the request) or an exception.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    /**
     * Tomcat refuses TRACE (allowTrace is off) with a bare 405 before any servlet runs; passed on, the 405
     * would be forwarded to the error page as a TRACE request, which the servlet API answers by echoing
     * the request, and here ends empty. Answered at once instead.
     */
    @Override
    public void invoke(Request request, Response response) throws IOException, jakarta.servlet.ServletException {
        if ("TRACE".equals(request.getMethod()) && response.isError() && !response.isCommitted()) {
            response.setSuspended(false);
            report(request, response, null);
            return;
        }
        super.invoke(request, response);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemDetail problem = status >= 500
                ? Problems.internalError(throwable, request.getMethod(), request.getRequestURI())
                : Problems.problem(HttpStatusCode.valueOf(status), Problems.title(status), Problems.detail(status));
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.json(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException clientGoneOrResponseClosed) {
            // Nothing more can be said to this client.
        }
    }
}
