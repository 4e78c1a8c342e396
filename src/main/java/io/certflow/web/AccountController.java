package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.autossl.AccountDetails;
import io.certflow.autossl.AccountPage;
import io.certflow.autossl.AccountService;
import io.certflow.autossl.AccountService.AccountChange;
import io.certflow.autossl.AccountService.DomainInput;
import io.certflow.autossl.AccountService.NewAccount;
import io.certflow.autossl.AutoSslEligibility.Source;
import io.certflow.autossl.AutoSslOverride;
import io.certflow.autossl.Service;
import io.certflow.certificate.CertificateService.Page;
import io.certflow.error.InvalidRequestException;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Hosting accounts and their domains (AutoSSL): tenant administrators change them, members read them. */
@RestController
@RequestMapping(value = "/api/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
class AccountController {

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    record DomainBody(@Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String name,
                      @Size(max = Limits.PATH, message = Limits.CHARACTERS) String documentRoot,
                      @Size(max = Limits.WORD, message = Limits.ENTRIES) List<@Size(max = Limits.WORD, message = Limits.CHARACTERS) String> services) {

        DomainInput input() {
            return new DomainInput(name, documentRoot, services);
        }

        static List<DomainInput> inputs(List<DomainBody> bodies) {
            return bodies == null ? null : bodies.stream().map(body -> body == null ? null : body.input()).toList();
        }
    }

    record AccountBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                       @Size(max = Limits.NAME, message = Limits.CHARACTERS) String name,
                       @Size(max = Limits.EMAIL, message = Limits.CHARACTERS) String contactEmail,
                       List<@Valid DomainBody> domains,
                       List<UUID> deploymentTargets,
                       @Size(max = Limits.WORD, message = Limits.CHARACTERS) String notificationLevel) {
    }

    /** {@code notificationLevel}: a level's name, null to follow the tenant again, or left out to keep it. */
    record ChangeBody(@Size(max = Limits.EMAIL, message = Limits.CHARACTERS) String contactEmail,
                      List<@Valid DomainBody> domains,
                      List<UUID> deploymentTargets,
                      JsonNode notificationLevel) {

        AccountChange change() {
            if (notificationLevel != null && !notificationLevel.isNull() && !notificationLevel.isTextual()) {
                throw new InvalidRequestException("notificationLevel: the name of a level, or null to follow the tenant's user level");
            }
            boolean given = notificationLevel != null;
            return new AccountChange(contactEmail, DomainBody.inputs(domains), deploymentTargets, given,
                    given && !notificationLevel.isNull() ? notificationLevel.asText() : null);
        }
    }

    record DomainView(String name, String documentRoot, List<Service> services, List<String> namesToCover) {
    }

    /** @param override the account's own setting; absent: it follows the tenant's default */
    record AutoSslView(boolean enabled, Source source, AutoSslOverride override) {
    }

    /**
     * @param notificationLevel the account's own level; absent: it follows the tenant's user level
     * @param userLevel         what its contact is mailed at, all things considered
     */
    record AccountView(UUID id, String tenant, String name, String contactEmail, List<DomainView> domains, List<UUID> deploymentTargets,
                       AutoSslView autoSsl, NotificationLevel notificationLevel, NotificationLevel userLevel, List<String> namesToCover,
                       Instant createdAt, Instant updatedAt) {

        static AccountView of(AccountDetails details, AccountService service) {
            var account = details.account();
            List<DomainView> domains = details.domains().stream().map(domain -> new DomainView(domain.name(), domain.documentRoot(),
                    domain.services(), service.namesToCover(domain))).toList();
            return new AccountView(account.id(), account.tenantId(), account.name(), account.contactEmail(), domains,
                    details.deploymentTargets(), new AutoSslView(details.autoSsl().enabled(), details.autoSsl().source(), account.override()),
                    account.notificationLevel(), details.userLevel(), details.namesToCover(), account.createdAt(), account.updatedAt());
        }
    }

    /** 201 with the account; its first AutoSSL run is asked for at once. */
    @ApiResponse(responseCode = "201", description = "The account, created; its first AutoSSL run is asked for at once")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> create(Caller caller, @Valid @RequestBody AccountBody body) {
        AccountDetails created = accounts.create(caller, new NewAccount(body.tenant(), body.name(), body.contactEmail(),
                DomainBody.inputs(body.domains()), body.deploymentTargets(), body.notificationLevel()));
        return ResponseEntity.created(URI.create("/api/accounts/" + created.account().id())).body(AccountView.of(created, accounts));
    }

    @GetMapping
    Page<AccountView> list(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String q,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        AccountPage<AccountDetails> found = accounts.list(caller, tenant, q, page, size);
        return new Page<>(found.items().stream().map(details -> AccountView.of(details, accounts)).toList(), found.page(), found.size(),
                found.total());
    }

    @GetMapping("/{id}")
    AccountView get(Caller caller, @PathVariable UUID id) {
        return AccountView.of(accounts.get(caller, id), accounts);
    }

    @PatchMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    AccountView change(Caller caller, @PathVariable UUID id, @Valid @RequestBody ChangeBody body) {
        return AccountView.of(accounts.change(caller, id, body.change()), accounts);
    }

    /** 204; the account's AutoSSL certificates stay in the inventory, no longer auto-managed. */
    @ApiResponse(responseCode = "204", description = "Deleted; its AutoSSL certificates stay in the inventory, no longer auto-managed")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        accounts.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
