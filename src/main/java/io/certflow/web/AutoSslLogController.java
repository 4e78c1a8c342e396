package io.certflow.web;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.autossl.log.RunLogContent;
import io.certflow.autossl.log.RunLogPage;
import io.certflow.autossl.log.RunLogRun;
import io.certflow.autossl.log.RunLogService;
import io.certflow.autossl.log.RunLogSummary;
import io.certflow.certificate.CertificateService.Page;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The logs of AutoSSL runs: listed, and read as text or JSON. Any member of the run's tenant. */
@RestController
@RequestMapping("/api/autossl/logs")
class AutoSslLogController {

    private final RunLogService logs;

    AutoSslLogController(RunLogService logs) {
        this.logs = logs;
    }

    /** @param account the account a one-account run checked, null for a run over all accounts; events: how many the log holds */
    record RunLogView(UUID id, String tenant, String reason, String account, String state, Instant startedAt, Instant finishedAt,
                      long events) {
        static RunLogView of(RunLogSummary summary) {
            RunLogRun run = summary.run();
            return new RunLogView(run.id(), run.tenantId(), run.reason(), run.accountName(), run.state(), run.startedAt(), run.finishedAt(),
                    summary.events());
        }
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Page<RunLogView> list(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(defaultValue = "0") int page,
                          @RequestParam(defaultValue = "50") int size) {
        RunLogPage found = logs.list(caller, tenant, page, size);
        return new Page<>(found.items().stream().map(RunLogView::of).toList(), found.page(), found.size(), found.total());
    }

    /**
     * Streamed: a run over thousands of accounts has a log of many megabytes. Everything that can be refused is checked
     * before the first byte, so a refusal is still a problem answer.
     */
    @ApiResponse(responseCode = "200", description = "The run's log, as text (format=text, the default) or JSON (format=json)",
            content = {@Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")),
                       @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
                               description = "the run and its events; every field present, null when it has no value"))})
    @GetMapping(value = "/{id}", produces = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    void read(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String format, HttpServletResponse response)
            throws IOException {
        RunLogContent content = logs.open(caller, id, format);
        response.setContentType(content.format().mediaType());
        response.setHeader("X-Content-Type-Options", "nosniff");
        content.writeTo(response.getOutputStream());
        response.flushBuffer();
    }
}
