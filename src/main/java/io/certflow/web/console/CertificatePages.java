package io.certflow.web.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateService.Page;
import io.certflow.deployment.DeploymentService;
import io.certflow.deployment.DeploymentTarget;
import io.certflow.deployment.DeploymentTargetService;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuance.CertificateRequestService;
import io.certflow.issuance.CertificateRequestService.Accepted;
import io.certflow.issuance.CertificateRequestService.NewCertificate;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.renewal.RenewNow;
import io.certflow.renewal.RenewalPlans;
import io.certflow.security.Caller;

/** The certificates table, a certificate's page with its actions, its chain, and the form that requests one. */
@Controller
class CertificatePages extends ConsolePage {

    private static final Set<String> REQUEST_FIELDS = Set.of("tenant", "domains", "issuer");
    private static final Set<String> ACTION_FIELDS = Set.of("targetId", "issuer");

    private final CertificateService certificates;
    private final CertificateRequestService requests;
    private final IssuerService issuers;
    private final DeploymentService deployments;
    private final DeploymentTargetService targets;
    private final RenewalPlans plans;
    private final RenewNow renewNow;
    private final Clock clock;

    CertificatePages(CertificateService certificates, CertificateRequestService requests, IssuerService issuers,
                     DeploymentService deployments, DeploymentTargetService targets, RenewalPlans plans, RenewNow renewNow, Clock clock) {
        this.renewNow = renewNow;
        this.certificates = certificates;
        this.requests = requests;
        this.issuers = issuers;
        this.deployments = deployments;
        this.targets = targets;
        this.plans = plans;
        this.clock = clock;
    }

    @GetMapping("/certificates")
    String list(Caller caller, @ModelAttribute("filter") CertificateFilter filter, @RequestParam(defaultValue = "0") int page,
                Model model) {
        Instant now = clock.instant();
        Page<Certificate> found = certificates.list(caller, filter.query(now), page, filter.pageSize());
        Map<UUID, String> issuerNames = issuerNames(caller);
        Map<UUID, List<String>> deployedTo = deployments.servingTargetNames(caller, found.items());
        model.addAttribute("rows", found.items().stream().map(certificate -> CertificateRow.of(certificate,
                issuerNames.get(certificate.issuerId()), deployedTo.getOrDefault(certificate.id(), List.of()), now)).toList());
        model.addAttribute("page", found);
        model.addAttribute("lastPage", Math.max(0, (found.total() - 1) / found.size()));
        model.addAttribute("statuses", CertificateFilter.statuses());
        return "console/certificates";
    }

    @GetMapping("/certificates/{id}")
    String detail(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("done", done);
        return detailPage(caller, id, model, new ActionForm(null, null), List.of());
    }

    /** The choices of the page's action forms, as sent: a target to deploy to, an issuer to replace from. */
    record ActionForm(String targetId, String issuer) {
    }

    /** Automatic renewal on or off, as PUT /api/certificates/{id}/auto-management (an upload cannot be turned on: 409). */
    @PostMapping("/certificates/{id}/auto-management")
    String autoManagement(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String enabled) {
        if (!"true".equals(enabled) && !"false".equals(enabled)) {
            throw new InvalidRequestException("enabled: true or false is required");
        }
        boolean on = Boolean.parseBoolean(enabled);
        certificates.setAutoManaged(caller, id, on);
        return "redirect:/certificates/" + id + "?done=" + (on ? "auto-managed" : "not-auto-managed");
    }

    /**
     * Renew now: the renewal a run would start (a successor from the certificate's issuer, this one
     * superseded once it is issued and deployed as the policy says), at once; as POST /api/certificates/{id}/renewals.
     */
    @PostMapping("/certificates/{id}/renew")
    String renew(Caller caller, @PathVariable UUID id) {
        renewNow.renew(caller, id);
        return "redirect:/certificates/" + id + "?done=renewal-started";
    }

    /**
     * Replace: a managed successor for the same names and key type, from the issuer chosen (the
     * certificate's own by default), as POST /api/certificates/{id}/replace; opens the successor's page.
     * For an upload, which Certflow cannot renew, this is how it comes under management.
     */
    @PostMapping("/certificates/{id}/replace")
    String replace(Caller caller, @PathVariable UUID id, @ModelAttribute ActionForm form, Model model) {
        Certificate certificate = certificates.get(caller, id);
        try {
            Accepted accepted = requests.replace(caller, id, new NewCertificate(null, null, blankToNull(form.issuer()), null,
                    certificate.keyType().name(), null, null, null));
            return "redirect:/certificates/" + accepted.id() + "?done=replacement-requested";
        } catch (InvalidRequestException e) {
            return detailPage(caller, id, model, form, e.problems());
        }
    }

    /** Deploys to a target of the certificate's tenant, as POST /api/certificates/{id}/deployments (any member may). */
    @PostMapping("/certificates/{id}/deploy")
    String deploy(Caller caller, @PathVariable UUID id, @ModelAttribute ActionForm form, Model model) {
        certificates.get(caller, id);
        try {
            deployments.start(caller, id, targetIdOf(form.targetId()));
        } catch (InvalidRequestException e) {
            return detailPage(caller, id, model, form, e.problems());
        }
        return "redirect:/certificates/" + id + "?done=deployment-started";
    }

    private static UUID targetIdOf(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("targetId: choose one of the tenant's deployment targets");
        }
    }

    private String detailPage(Caller caller, UUID id, Model model, ActionForm form, List<String> problems) {
        Instant now = clock.instant();
        Certificate certificate = certificates.get(caller, id);
        CertificateRequest request = certificates.latestRequest(caller, id);
        List<Issuer> visibleIssuers = issuers.list(caller);
        Map<UUID, String> issuerNames = visibleIssuers.stream().collect(Collectors.toMap(Issuer::id, Issuer::name));
        String ownIssuer = issuerNames.get(certificate.issuerId());
        model.addAttribute("certificate", certificate);
        model.addAttribute("row", CertificateRow.of(certificate, ownIssuer, List.of(), now));
        model.addAttribute("plan", plans.planOf(certificate));
        model.addAttribute("deployments", deployments.listOf(caller, id, 0, 50).items());
        model.addAttribute("processInstanceId", request == null ? null : request.processInstanceId());
        model.addAttribute("actions", CertificateActions.of(certificate, now));
        model.addAttribute("targets", targets.list(caller).stream().filter(target -> target.tenantId().equals(certificate.tenantId()))
                .sorted(java.util.Comparator.comparing(DeploymentTarget::name)).toList());
        model.addAttribute("replaceIssuers", visibleIssuers.stream().filter(issuer -> issuer.tenantId().equals(certificate.tenantId()))
                .map(Issuer::name).sorted().toList());
        model.addAttribute("form", new ActionForm(form.targetId(), form.issuer() != null ? form.issuer() : ownIssuer));
        model.addAttribute("problems", FieldProblems.byField(problems, ACTION_FIELDS));
        return "console/certificate";
    }

    /** The chain as a file to save; the same as GET /api/certificates/{id}/chain. */
    @GetMapping("/certificates/{id}/chain")
    ResponseEntity<String> chain(Caller caller, @PathVariable UUID id) {
        String pem = certificates.chainPem(caller, id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pem-certificate-chain"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(id + ".pem").build().toString())
                .body(pem);
    }

    @GetMapping("/certificates/new")
    String requestForm(Caller caller, Model model) {
        return form(caller, model, new RequestForm(null, "", null), List.of());
    }

    /** The fields of the request form, as typed. */
    record RequestForm(String tenant, String domains, String issuer) {
    }

    @PostMapping("/certificates/new")
    String request(Caller caller, @ModelAttribute RequestForm form, Model model) {
        List<String> names = form.domains() == null ? List.of() : Arrays.stream(form.domains().split("[\\s,]+"))
                .filter(name -> !name.isBlank()).toList();
        try {
            Accepted accepted = requests.request(caller, new NewCertificate(blankToNull(form.tenant()), names,
                    blankToNull(form.issuer()), null, null, null, null, null));
            return "redirect:/certificates/" + accepted.id();
        } catch (InvalidRequestException e) {
            return form(caller, model, form, e.problems());
        }
    }

    /** Shows each problem at the field it names ("domains: ...", "issuer: ..."); others above the form. */
    private String form(Caller caller, Model model, RequestForm form, List<String> problems) {
        model.addAttribute("form", form);
        model.addAttribute("problems", FieldProblems.byField(problems, REQUEST_FIELDS));
        model.addAttribute("issuers", issuers.list(caller).stream().map(Issuer::name).distinct().sorted().toList());
        model.addAttribute("tenants", caller.administrator() ? List.of() : new ArrayList<>(caller.tenantIds()));
        return "console/request";
    }

    private Map<UUID, String> issuerNames(Caller caller) {
        return issuers.list(caller).stream().collect(Collectors.toMap(Issuer::id, Issuer::name));
    }
}
