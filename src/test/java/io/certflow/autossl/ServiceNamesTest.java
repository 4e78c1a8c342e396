package io.certflow.autossl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The names each service covers, from the configuration Certflow ships (application.yml) and from a host's own. */
class ServiceNamesTest {

    /** Certflow's application.yml, bound as Spring binds it at start-up. */
    private static ServiceNames shipped() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        ServiceNameSettings settings = new Binder(ConfigurationPropertySources.from(yaml)).bind("certflow.autossl", ServiceNameSettings.class)
                .orElseThrow(() -> new AssertionError("application.yml has no certflow.autossl"));
        return new ServiceNames(settings);
    }

    private static ServiceNames configured(Map<Service, List<String>> prefixes) {
        return new ServiceNames(new ServiceNameSettings(prefixes));
    }

    private static Map<Service, List<String>> defaults() {
        Map<Service, List<String>> prefixes = new EnumMap<>(Service.class);
        prefixes.put(Service.WEB, List.of("", "www."));
        prefixes.put(Service.MAIL, List.of("mail."));
        prefixes.put(Service.WEBDISK, List.of("webdisk."));
        prefixes.put(Service.PANEL, List.of("cpanel.", "webmail.", "cpcalendars.", "cpcontacts."));
        return prefixes;
    }

    @Test
    void theShippedConfigurationCoversWhatAHostingPanelCoversForEachService() throws IOException {
        ServiceNames names = shipped();

        assertThat(names.namesToCover("example.com", List.of(Service.WEB))).containsExactly("example.com", "www.example.com");
        assertThat(names.namesToCover("example.com", List.of(Service.MAIL))).containsExactly("mail.example.com");
        assertThat(names.namesToCover("example.com", List.of(Service.WEBDISK))).containsExactly("webdisk.example.com");
        assertThat(names.namesToCover("example.com", List.of(Service.PANEL))).containsExactly("cpanel.example.com",
                "webmail.example.com", "cpcalendars.example.com", "cpcontacts.example.com");
    }

    @Test
    void everyServiceOfADomainIsCoveredInTheOrderOfTheServicesWhateverOrderTheyAreGivenIn() throws IOException {
        List<String> covered = shipped().namesToCover(new AccountDomain("shop.example", null,
                List.of(Service.PANEL, Service.MAIL, Service.WEB, Service.WEBDISK)));

        assertThat(covered).containsExactly("shop.example", "www.shop.example", "mail.shop.example", "webdisk.shop.example",
                "cpanel.shop.example", "webmail.shop.example", "cpcalendars.shop.example", "cpcontacts.shop.example");
    }

    @Test
    void anAccountsNamesFollowItsDomainsInOrderAndANameTwoDomainsShareIsCoveredOnce() throws IOException {
        List<String> covered = shipped().namesToCover(List.of(
                new AccountDomain("example.com", null, List.of(Service.WEB)),
                new AccountDomain("www.example.com", null, List.of(Service.WEB, Service.MAIL)),
                new AccountDomain("alpha.test", null, List.of(Service.MAIL))));

        assertThat(covered).containsExactly("example.com", "www.example.com", "www.www.example.com", "mail.www.example.com",
                "mail.alpha.test");
    }

    @Test
    void theNamesComeFromConfigurationSoAHostCanCoverMoreOrFewer() {
        Map<Service, List<String>> prefixes = defaults();
        prefixes.put(Service.WEB, List.of(""));
        prefixes.put(Service.MAIL, List.of("mail.", "smtp.", "imap.", "mail."));

        ServiceNames names = configured(prefixes);

        assertThat(names.namesToCover("example.org", List.of(Service.WEB, Service.MAIL)))
                .containsExactly("example.org", "mail.example.org", "smtp.example.org", "imap.example.org");
    }

    @Test
    void aServiceMissingFromTheConfigurationStopsStartUpNamingTheProperty() {
        Map<Service, List<String>> prefixes = defaults();
        prefixes.remove(Service.WEBDISK);

        assertThatThrownBy(() -> configured(prefixes)).hasMessageStartingWith("certflow.autossl.service-names.WEBDISK is missing");
    }

    @Test
    void aPrefixThatIsNoRunOfLabelsStopsStartUpNamingItsPlace() {
        for (String bad : List.of("mail", "*.", "ma il.", "-mail.", "Mail.", ".")) {
            Map<Service, List<String>> prefixes = defaults();
            prefixes.put(Service.MAIL, List.of("mail.", bad));

            assertThatThrownBy(() -> configured(prefixes)).as(bad).hasMessageStartingWith("certflow.autossl.service-names.MAIL[1]: ");
        }
    }
}
