package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.autossl.queue.PendingQueueService;
import io.certflow.autossl.queue.PendingQueueService.QueuePage;
import io.certflow.autossl.run.AutoSslRun;
import io.certflow.autossl.run.AutoSslRuns;
import io.certflow.autossl.run.AutoSslRuns.RunRequest;
import io.certflow.autossl.run.AutoSslStatusService;
import io.certflow.autossl.run.AutoSslStatusService.AutoSslStatus;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;

/** AutoSSL runs (for all accounts or one: the panel's Check button, the command line), the service's status, and the pending queue. */
@RestController
@RequestMapping(value = "/api/autossl", produces = MediaType.APPLICATION_JSON_VALUE)
class AutoSslRunController {

    private final AutoSslRuns runs;
    private final AutoSslStatusService statuses;
    private final PendingQueueService queue;

    AutoSslRunController(AutoSslRuns runs, AutoSslStatusService statuses, PendingQueueService queue) {
        this.runs = runs;
        this.statuses = statuses;
        this.queue = queue;
    }

    record RunBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant, Boolean all,
                   @Size(max = Limits.NAME, message = Limits.CHARACTERS) String account) {
    }

    @Schema(name = "AutoSslRunView")
    record RunView(UUID id, String tenant, String account, String reason, String state, String message, String requestedBy,
                   int accountsTotal, int accountsChecked, int certificatesOrdered, int namesDeferred, int failures, Instant startedAt,
                   Instant finishedAt) {
        static RunView of(AutoSslRun run) {
            return run == null ? null : new RunView(run.id(), run.tenantId(), run.accountName(), run.reason().name(), run.state().name(),
                    run.message(), run.requestedBy(), run.accountsTotal(), run.accountsChecked(), run.certificatesOrdered(),
                    run.namesDeferred(), run.failures(), run.startedAt(), run.finishedAt());
        }
    }

    record RunsView(List<RunView> items, int page, int size, long total) {
    }

    @Schema(name = "AutoSslStatusView")
    record StatusView(String tenant, String provider, boolean paused, String pauseReason, RunView lastRun, Instant nextScheduledRun,
                      long checksInFlight, long pendingRequests) {
    }

    @ApiResponse(responseCode = "202", description = "The run, asked for; it runs in the background")
    @PostMapping(value = "/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> start(Caller caller, @Valid @RequestBody RunBody body) {
        AutoSslRun run = runs.request(caller, new RunRequest(body.tenant(), body.all(), body.account()));
        return ResponseEntity.accepted().location(URI.create("/api/autossl/runs/" + run.id())).body(RunView.of(run));
    }

    @GetMapping("/runs/{id}")
    RunView run(Caller caller, @PathVariable UUID id) {
        return RunView.of(runs.get(caller, id));
    }

    @GetMapping("/runs")
    RunsView runs(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "20") int size) {
        AutoSslRuns.RunPage found = runs.list(caller, tenant, page, size);
        return new RunsView(found.items().stream().map(RunView::of).toList(), found.page(), found.size(), found.total());
    }

    @GetMapping("/status")
    StatusView status(Caller caller, @RequestParam(required = false) String tenant) {
        AutoSslStatus status = statuses.status(caller, tenant);
        return new StatusView(status.tenantId(), status.provider(), status.pauseReason() != null, status.pauseReason(),
                RunView.of(status.lastRun()), status.nextScheduledRun(), status.checksInFlight(), status.pendingRequests());
    }

    @GetMapping("/pending-queue")
    QueuePage pendingQueue(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String sort,
                           @RequestParam(required = false) String order, @RequestParam(required = false) String q,
                           @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return queue.list(caller, new PendingQueueService.Query(tenant, sort, order, q, page, size));
    }
}
