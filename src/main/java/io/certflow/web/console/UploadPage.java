package io.certflow.web.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.upload.UploadFormat;
import io.certflow.certificate.upload.UploadParser;
import io.certflow.certificate.upload.UploadService;
import io.certflow.certificate.upload.UploadService.Upload;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * Upload a certificate Certflow did not issue: its PEM, its chain and its private key, each pasted or
 * chosen as a file; the same checks as POST /api/certificates/upload (UploadService), and a refused
 * upload stores nothing. Each problem is shown at the part it is about.
 */
@Controller
class UploadPage extends ConsolePage {

    private static final Set<String> FIELDS = Set.of("tenant", "certificate", "chain", "privateKey", "password");
    /** As the API's multipart fields (web/Limits): a passphrase of at most this many characters. */
    private static final int MAX_PASSWORD = 1024;

    private final UploadService uploads;

    UploadPage(UploadService uploads) {
        this.uploads = uploads;
    }

    /** The form's text fields as typed (files are read separately; a password is never shown again). */
    record UploadForm(String tenant, String certificate, String chain, String privateKey, String password, String acceptOutsideValidity) {

        public boolean isAcceptOutsideValidity() {
            return acceptOutsideValidity != null;
        }
    }

    @GetMapping("/certificates/upload")
    String form(Caller caller, Model model) {
        return page(caller, model, new UploadForm(null, "", "", "", null, null), List.of());
    }

    @PostMapping("/certificates/upload")
    String upload(Caller caller, @ModelAttribute UploadForm form,
                  @RequestParam(required = false) MultipartFile certificateFile, @RequestParam(required = false) MultipartFile chainFile,
                  @RequestParam(required = false) MultipartFile privateKeyFile, Model model) throws IOException {
        List<String> problems = new ArrayList<>();
        String certificate = part("certificate", "the certificate", form.certificate(), certificateFile, true, problems);
        String chain = part("chain", "the chain", form.chain(), chainFile, false, problems);
        String privateKey = part("privateKey", "the private key", form.privateKey(), privateKeyFile, true, problems);
        if (form.password() != null && form.password().length() > MAX_PASSWORD) {
            problems.add("password: at most " + MAX_PASSWORD + " characters");
        }
        if (!problems.isEmpty()) {
            return page(caller, model, form, problems);
        }
        UploadProblems bundle = new UploadProblems().add("certificate", certificate).add("chain", chain).add("privateKey", privateKey);
        byte[] content = bundle.bundle().getBytes(StandardCharsets.UTF_8);
        if (content.length > UploadParser.MAX_BYTES) {
            return page(caller, model, form, List.of("the certificate, chain and key are " + content.length
                    + " bytes together; at most " + UploadParser.MAX_BYTES + " are accepted"));
        }
        String password = form.password() == null || form.password().isEmpty() ? null : form.password();
        try {
            Certificate stored = uploads.upload(caller, new Upload(blankToNull(form.tenant()), content, UploadFormat.PEM,
                    password == null ? null : password.toCharArray(), form.isAcceptOutsideValidity()));
            return "redirect:/certificates/" + stored.id() + "?done=uploaded";
        } catch (InvalidRequestException e) {
            return page(caller, model, form, bundle.atFields(e.problems()));
        }
    }

    /** A part's text: its file when one was chosen, else what was pasted; a required part that is missing is a problem. */
    private static String part(String field, String words, String pasted, MultipartFile file, boolean required, List<String> problems)
            throws IOException {
        boolean hasFile = file != null && !file.isEmpty();
        boolean hasText = pasted != null && !pasted.isBlank();
        if (hasFile && hasText) {
            problems.add(field + ": paste " + words + " or choose its file, not both");
            return null;
        }
        if (hasFile && file.getSize() > UploadParser.MAX_BYTES) {
            problems.add(field + ": the file is " + file.getSize() + " bytes; at most " + UploadParser.MAX_BYTES + " are accepted");
            return null;
        }
        String text = hasFile ? new String(file.getBytes(), StandardCharsets.UTF_8) : hasText ? pasted : null;
        if (text == null) {
            if (required) {
                problems.add(field + ": paste " + words + " (PEM) or choose its file");
            }
            return null;
        }
        if (!text.contains("-----BEGIN ")) {
            problems.add(field + ": " + words + " is not PEM: it holds no -----BEGIN ...----- line (a PEM file is text, e.g."
                    + " -----BEGIN " + (field.equals("privateKey") ? "PRIVATE KEY" : "CERTIFICATE") + "-----)");
            return null;
        }
        return text;
    }

    private String page(Caller caller, Model model, UploadForm form, List<String> problems) {
        // The private key and its passphrase are never sent back: a refused form asks for them again.
        model.addAttribute("form", new UploadForm(form.tenant(), form.certificate(), form.chain(), null, null,
                form.acceptOutsideValidity()));
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("tenants", caller.administrator() ? List.of() : new ArrayList<>(caller.tenantIds()));
        return "console/upload";
    }
}
