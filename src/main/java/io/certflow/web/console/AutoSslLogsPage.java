package io.certflow.web.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.certflow.autossl.log.RunLogContent;
import io.certflow.autossl.log.RunLogPage;
import io.certflow.autossl.log.RunLogService;
import io.certflow.autossl.run.AutoSslRun;
import io.certflow.autossl.run.AutoSslRuns;
import io.certflow.autossl.run.AutoSslRuns.RunRequest;
import io.certflow.security.Caller;

/**
 * AutoSSL's Logs tab: the tenant's runs newest first, one run's text log to read, and "Run AutoSSL for all users" (any member, as
 * POST /api/autossl/runs {all: true}). The same services as /api/autossl/logs and /api/autossl/runs; another tenant's run is a 404.
 */
@Controller
class AutoSslLogsPage extends AutoSslPage {

    static final int PAGE_SIZE = 50;
    /** The most of a log the page shows; a run over thousands of accounts logs megabytes, which the download has whole. */
    static final int SHOWN_BYTES = 256 * 1024;

    private final RunLogService logs;
    private final AutoSslRuns runs;

    AutoSslLogsPage(RunLogService logs, AutoSslRuns runs) {
        this.logs = logs;
        this.runs = runs;
    }

    @GetMapping("/autossl/logs")
    String list(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(defaultValue = "0") int page, Model model) {
        String tenantId = tabs(caller, tenant, "logs", model);
        return page(caller, tenantId, page, null, model);
    }

    /** The list with this run picked and its text log shown; the run's tenant is the one shown. */
    @GetMapping("/autossl/logs/{id}")
    String read(Caller caller, @PathVariable UUID id, @RequestParam(defaultValue = "0") int page,
                @RequestParam(required = false) String done, Model model) throws IOException {
        AutoSslRun run = runs.get(caller, id);
        String tenantId = tabs(caller, run.tenantId(), "logs", model);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        boolean cut = false;
        try (OutputStream limited = new Limited(text, SHOWN_BYTES)) {
            logs.open(caller, id, "text").writeTo(limited);
        } catch (Limited.Full e) {
            cut = true;
        }
        model.addAttribute("logText", text.toString(StandardCharsets.UTF_8));
        model.addAttribute("logCut", cut);
        model.addAttribute("done", done);
        return page(caller, tenantId, page, id, model);
    }

    /** The whole text log, as a file (the same as GET /api/autossl/logs/{id}?format=text). */
    @GetMapping("/autossl/logs/{id}/text")
    void download(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        RunLogContent content = logs.open(caller, id, "text");
        response.setContentType(content.format().mediaType());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + id + ".log\"");
        content.writeTo(response.getOutputStream());
        response.flushBuffer();
    }

    @PostMapping("/autossl/logs/run-all")
    String runAll(Caller caller, @RequestParam(required = false) String tenant) {
        String tenantId = tenantOf(caller, tenant);
        AutoSslRun run = runs.request(caller, new RunRequest(tenantId, true, null));
        return redirect("/autossl/logs/" + run.id(), tenantId, "done", "started");
    }

    private String page(Caller caller, String tenantId, int page, UUID picked, Model model) {
        RunLogPage found = logs.list(caller, tenantId, page, PAGE_SIZE);
        model.addAttribute("runs", found.items().stream().map(RunRow::of).toList());
        model.addAttribute("page", found);
        model.addAttribute("lastPage", Math.max(0, (found.total() - 1) / PAGE_SIZE));
        model.addAttribute("picked", picked);
        return "console/autossl-logs";
    }

    /** Keeps the first bytes of what is written and stops the writer when they are all there. */
    private static final class Limited extends OutputStream {

        static final class Full extends IOException {
            Full() {
                super("enough of the log to show", null);
            }
        }

        private final OutputStream out;
        private int left;

        Limited(OutputStream out, int limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int kept = Math.min(left, length);
            out.write(bytes, offset, kept);
            left -= kept;
            if (kept < length) {
                throw new Full();
            }
        }
    }
}
