package io.certflow.web;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.autossl.AccountOverrides;
import io.certflow.autossl.AccountPage;
import io.certflow.autossl.AccountSetting;
import io.certflow.autossl.AutoSslEligibility.Source;
import io.certflow.autossl.AutoSslOverride;
import io.certflow.certificate.CertificateService.Page;
import io.certflow.security.Caller;

/** AutoSSL on or off per hosting account: the overrides, and each account's effective setting with where it comes from. */
@RestController
@RequestMapping(value = "/api/autossl", produces = MediaType.APPLICATION_JSON_VALUE)
class AutoSslAccountController {

    private final AccountOverrides overrides;

    AutoSslAccountController(AccountOverrides overrides) {
        this.overrides = overrides;
    }

    /** {@code action}: ENABLE, DISABLE or RESET (back to the tenant's default). */
    record OverrideBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                        List<@Size(max = Limits.NAME, message = Limits.CHARACTERS) String> accounts,
                        @Size(max = Limits.WORD, message = Limits.CHARACTERS) String action) {
    }

    /** @param override the account's own setting; absent: it follows the tenant's default */
    record SettingView(UUID id, String tenant, String name, boolean enabled, Source source, AutoSslOverride override) {
        static SettingView of(AccountSetting setting) {
            return new SettingView(setting.account().id(), setting.account().tenantId(), setting.account().name(),
                    setting.effective().enabled(), setting.effective().source(), setting.account().override());
        }
    }

    record OverridesView(List<SettingView> accounts) {
    }

    /** 200 with each named account's effective setting; an unknown name refuses the whole call (400). */
    @PostMapping(value = "/overrides", consumes = MediaType.APPLICATION_JSON_VALUE)
    OverridesView override(Caller caller, @Valid @RequestBody OverrideBody body) {
        return new OverridesView(overrides.apply(caller, body.tenant(), body.accounts(), body.action()).stream().map(SettingView::of)
                .toList());
    }

    @GetMapping("/accounts")
    Page<SettingView> accounts(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String q,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        AccountPage<AccountSetting> found = overrides.list(caller, tenant, q, page, size);
        return new Page<>(found.items().stream().map(SettingView::of).toList(), found.page(), found.size(), found.total());
    }
}
